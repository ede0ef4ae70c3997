import { formatInstant } from '#domain/time';
import type { KbEntry } from './schema';

/**
 * The 상담DB entry lifecycle (docs/contracts.md, "상담DB lifecycle"), pure so the API, the CLI and
 * the web app share it:
 *
 *   draft ──submit──▶ review ──publish──▶ published ──retire──▶ retired
 *     ▲                 │ reject                                  │
 *     └─────────────────┘                                         │
 *   any state ──edit / restore──▶ draft (a published entry keeps serving its published version
 *   until the new draft is published; a retired entry comes back as a draft)
 *
 * Every change, state changes included, is a new version (who, when, which fields changed).
 */

export const KB_STATES = ['draft', 'review', 'published', 'retired'] as const;
export type KbState = (typeof KB_STATES)[number];

export const KB_STATE_LABELS_KO: Record<KbState, string> = {
  draft: '작성 중',
  review: '검토 대기',
  published: '게시 중',
  retired: '폐기',
};

export const KB_ACTIONS = [
  'create',
  'edit',
  'submit',
  'reject',
  'publish',
  'retire',
  'restore',
  'import',
] as const;
export type KbAction = (typeof KB_ACTIONS)[number];

export const KB_ACTION_LABELS_KO: Record<KbAction, string> = {
  create: '작성',
  edit: '수정',
  submit: '검토 요청',
  reject: '반려',
  publish: '게시',
  retire: '폐기',
  restore: '이전 버전 복원',
  import: '일괄 등록',
};

/** The state an action leads to from `from`, or undefined when the action is not allowed there. */
export const nextKbState = (action: KbAction, from: KbState | undefined): KbState | undefined => {
  switch (action) {
    case 'create':
      return from === undefined ? 'draft' : undefined;
    case 'import':
      return 'published';
    case 'edit':
    case 'restore':
      return from === undefined ? undefined : 'draft';
    case 'submit':
      return from === 'draft' ? 'review' : undefined;
    case 'reject':
      return from === 'review' ? 'draft' : undefined;
    case 'publish':
      return from === 'review' ? 'published' : undefined;
    case 'retire':
      return from === undefined || from === 'retired' ? undefined : 'retired';
  }
};

/** Fields of an entry's content that are not the answer itself (kept out of diffs of content). */
const BOOKKEEPING = new Set(['id']);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The content fields that differ between two versions of an entry, sorted. */
export const changedKbFields = (before: Partial<KbEntry> | undefined, after: Partial<KbEntry>): string[] => {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys]
    .filter((key) => !BOOKKEEPING.has(key))
    .filter(
      (key) =>
        !same(
          (before as Record<string, unknown> | undefined)?.[key],
          (after as Record<string, unknown>)[key],
        ),
    )
    .sort();
};

/** `YYYY-MM-DD` plus whole months (the day clamped to the month's end: 01-31 + 1 → 02-28). */
export const addMonths = (day: string, months: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

/** Whether an entry's `reviewBy` date has passed on `today` (both `YYYY-MM-DD`). */
export const isReviewOverdue = (reviewBy: string | undefined, today: string): boolean =>
  reviewBy !== undefined && reviewBy < today;

/** The calendar day (`YYYY-MM-DD`) of an instant in the city's time zone. */
export const cityDay = (date: Date, timeZone: string): string => formatInstant(date, timeZone).slice(0, 10);
