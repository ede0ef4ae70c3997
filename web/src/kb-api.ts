/**
 * The 상담DB's desk API (docs/contracts.md, "상담DB routes"): wire types and calls for the 상담DB
 * tab (kb.tsx) and the counselor's search (kb-search.tsx).
 */
import { get, post, request } from './api';

export type KbState = 'draft' | 'review' | 'published' | 'retired';
export type KbFeedbackKind = 'wrong' | 'outdated' | 'unclear';

export interface KbContent {
  id: string;
  category: string;
  title: string;
  answer: string;
  keywords?: string[];
  questions?: string[];
  department?: string;
  updatedAt?: string;
  reviewBy?: string;
  [field: string]: unknown;
}

export interface KbEntryView {
  id: string;
  state: KbState;
  version: number;
  publishedVersion: number | null;
  departmentId: string;
  content: KbContent;
  reviewBy: string | null;
  reviewOverdue: boolean;
  changedAt: string;
  changedBy: string;
  feedback: Record<KbFeedbackKind, number>;
  feedbackTotal: number;
  recentFeedback?: { kind: KbFeedbackKind; note?: string; by: string; at: string }[];
}

export interface KbVersion {
  id: string;
  version: number;
  action: string;
  state: KbState;
  by: string;
  at: string;
  changed?: string[];
  content?: KbContent;
  note?: string;
  restoredFrom?: number;
}

export interface KbGapsReport {
  departmentId: string;
  days: number;
  searches: number;
  queries: { query: string; searches: number; unanswered: number; noResults: number; lastAt: string }[];
  feedback: {
    id: string;
    title: string;
    state: KbState;
    feedback: Record<KbFeedbackKind, number>;
    total: number;
    lastFeedbackAt: string | null;
  }[];
  reviewOverdue: { id: string; title: string; reviewBy: string }[];
}

export interface LexiconData {
  expansions: { match: string[]; expand: string[]; weight?: number }[];
  synonyms?: string[][];
}

export interface KbLexiconView {
  state: KbState;
  version: number;
  publishedVersion: number | null;
  lexicon: LexiconData;
  changedAt: string | null;
  changedBy: string | null;
}

export type KbContentInput = Omit<KbContent, 'id'>;

export const KB_STATE_KO: Record<KbState, string> = {
  draft: '작성 중',
  review: '검토 대기',
  published: '게시 중',
  retired: '폐기',
};

export const KB_ACTION_KO: Record<string, string> = {
  create: '작성',
  edit: '수정',
  submit: '검토 요청',
  reject: '반려',
  publish: '게시',
  retire: '폐기',
  restore: '복원',
  import: '일괄 등록',
};

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
