/**
 * The 상담DB's desk API (docs/contracts.md, "상담DB routes"): wire types and calls for the 상담DB
 * tab (kb.tsx) and the counselor's search (kb-search.tsx).
 */

// The wire types are the API's own (functions/shared/kb-views.ts, types only), and the Korean
// labels come from the one lifecycle module the API and the CLI use.
import type {
  KbContentInput,
  KbEntry,
  KbEntryView as KbEntryViewBase,
  KbFeedbackKind,
  KbFeedbackRecord,
  KbGapsReport,
  KbLexiconView,
  KbVersionRecord,
  LexiconData,
} from '#functions/shared/kb-views';
import { get, post, request } from './api';

export type {
  KbContentInput,
  KbFeedbackKind,
  KbGapsReport,
  KbLexiconView,
  LexiconData,
} from '#functions/shared/kb-views';
export {
  KB_ACTION_LABELS_KO as KB_ACTION_KO,
  KB_STATE_LABELS_KO as KB_STATE_KO,
  type KbState,
} from '#kb/lifecycle';

export type KbContent = KbEntry;
/** `GET /api/kb/entries/{id}` adds the latest feedback to the list's view. */
export type KbEntryView = KbEntryViewBase & { recentFeedback?: KbFeedbackRecord[] };
export type KbVersion = KbVersionRecord;

export const KB_FEEDBACK_KO: Record<KbFeedbackKind, string> = {
  wrong: '틀림',
  outdated: '오래됨',
  unclear: '불명확',
};

const q = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();

export const kbApi = {
  list: (params: { department?: string; state?: string; cursor?: string; overdue?: boolean }) =>
    get<{ entries: KbEntryView[]; nextCursor?: string }>(
      `/api/kb/entries?${q({ ...params, overdue: params.overdue ? 'true' : undefined, limit: '20' })}`,
    ),
  get: (id: string) => get<KbEntryView>(`/api/kb/entries/${encodeURIComponent(id)}`),
  create: (content: KbContentInput) => post<KbEntryView>('/api/kb/entries', content),
  update: (id: string, version: number, content: KbContentInput) =>
    request<KbEntryView>('PUT', `/api/kb/entries/${encodeURIComponent(id)}`, { ...content, version }),
  act: (id: string, action: 'submit' | 'reject' | 'publish' | 'retire', version: number, note?: string) =>
    post<KbEntryView>(`/api/kb/entries/${encodeURIComponent(id)}/${action}`, {
      version,
      ...(note ? { note } : {}),
    }),
  restore: (id: string, version: number, from: number) =>
    post<KbEntryView>(`/api/kb/entries/${encodeURIComponent(id)}/restore`, { version, from }),
  history: (id: string) =>
    get<{ versions: KbVersion[]; nextCursor?: string }>(`/api/kb/entries/${encodeURIComponent(id)}/history`),
  feedback: (id: string, kind: KbFeedbackKind, note?: string, searchId?: string) =>
    post(`/api/kb/entries/${encodeURIComponent(id)}/feedback`, {
      kind,
      ...(note ? { note } : {}),
      ...(searchId ? { searchId } : {}),
    }),
  event: (searchId: string, kind: 'opened' | 'used', entryId: string) =>
    post(`/api/kb/searches/${searchId}/events`, { kind, entryId }),
  gaps: (department: string) => get<KbGapsReport>(`/api/kb/gaps?${q({ department })}`),
  lexicon: () => get<KbLexiconView>('/api/kb/lexicon'),
  saveLexicon: (version: number, lexicon: LexiconData) =>
    request<KbLexiconView>('PUT', '/api/kb/lexicon', { version, lexicon }),
  publishLexicon: (version: number) => post<KbLexiconView>('/api/kb/lexicon/publish', { version }),
};
