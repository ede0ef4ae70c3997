import type { LexiconData } from '#kb/lexicon';
import type { KbAction, KbState } from '#kb/lifecycle';
import type { KbEntry } from '#kb/schema';

/**
 * The 상담DB desk API's answers and requests (docs/contracts.md, "상담DB routes"), defined once for
 * the API (functions/use-cases/kb-*.ts, functions/kb/editorial-store.ts) and the web app
 * (web/src/kb-api.ts). Types only: nothing here runs, so the browser bundle takes none of the
 * server's code.
 */

export type { KbEntry, LexiconData };

export type KbFeedbackKind = 'wrong' | 'outdated' | 'unclear';
export type KbFeedbackCounts = Record<KbFeedbackKind, number>;

export interface KbVersionRecord {
  id: string;
  version: number;
  action: KbAction;
  /** The state after the change. */
  state: KbState;
  by: string;
  at: string;
  /** Content fields that differ from the previous version. */
  changed: string[];
  content: KbEntry;
  note?: string;
  /** For `restore`: the version whose content came back. */
  restoredFrom?: number;
}

export interface KbFeedbackRecord {
  id: string;
  kind: KbFeedbackKind;
  note?: string;
  by: string;
  at: string;
  /** The published version the counselor saw. */
  version?: number;
  searchId?: string;
}

/** The editable content of an entry (the JSON Lines fields other than `id`; unknown fields kept). */
export interface KbContentInput {
  category: KbEntry['category'];
  title: string;
  answer: string;
  keywords?: string[] | undefined;
  questions?: string[] | undefined;
  department?: string | undefined;
  reviewBy?: string | undefined;
  [field: string]: unknown;
}

/** An entry as the API answers it. */
export interface KbEntryView {
  id: string;
  state: KbState;
  version: number;
  publishedVersion: number | null;
  departmentId: string;
  content: KbEntry;
  reviewBy: string | null;
  reviewOverdue: boolean;
  createdAt: string;
  createdBy: string;
  changedAt: string;
  changedBy: string;
  feedback: Record<KbFeedbackKind, number>;
  feedbackTotal: number;
}

export interface KbQueryGap {
  query: string;
  searches: number;
  /** Searches of it that ended with no result used. */
  unanswered: number;
  /** Of those, searches that found nothing at all. */
  noResults: number;
  lastAt: string;
}

export interface KbFeedbackGap {
  id: string;
  title: string;
  state: KbState;
  feedback: KbFeedbackCounts;
  total: number;
  lastFeedbackAt: string | null;
}

export interface KbGapsReport {
  departmentId: string;
  days: number;
  from: string;
  to: string;
  searches: number;
  queries: KbQueryGap[];
  feedback: KbFeedbackGap[];
  reviewOverdue: { id: string; title: string; reviewBy: string }[];
}

export interface KbLexiconView {
  state: KbState;
  version: number;
  publishedVersion: number | null;
  lexicon: LexiconData;
  changedAt: string | null;
  changedBy: string | null;
}
