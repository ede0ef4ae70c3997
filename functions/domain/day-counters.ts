/**
 * Today's figures as per-day counters (docs/contracts.md, "Day statistics"): what one contact
 * record or one ticket contributes to its day, and the difference a change makes. Pure.
 *
 * `GET /api/stats/today` used to read every contact record of the day and count report tickets
 * with ~84 queries; it now reads one item per day whose counters are moved by exactly the change
 * each write makes: the writer computes the record's contribution before and after the write and
 * adds the difference to the day's item in the same transaction that writes the record, on the
 * condition that the record is still what it read (functions/adapters/day-stats.ts). A replayed
 * contact trace record or a repeated disposition changes nothing, so it adds nothing.
 *
 * The definitions are those of today-stats.ts (`callFigures`), shared through the predicates here:
 * - a record counts in `calls` on its `day`; in `answered` when a counselor took it (outcome
 *   `answered`/`transferred`, or the desk wrote a disposition); in `abandoned` when it hung up
 *   queued and was not answered; in `dispositions` / `direct` when the desk wrote a disposition /
 *   the disposition `answered`; in `unified` when it came to the unified number; in
 *   `category:<code>` for its category;
 * - a report ticket counts in `reportsOpened` on the day of `createdAt`, and in `reportsResolved`
 *   on the day of `updatedAt` while its status is RESOLVED (a later change of a resolved report
 *   moves it to that day; reopening takes it out).
 */

export const COUNTER_FIELDS = [
  'calls',
  'answered',
  'abandoned',
  'dispositions',
  'direct',
  'unified',
  'reportsOpened',
  'reportsResolved',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

/** Prefix of the per-category counters (`category:tax`). */
export const CATEGORY_COUNTER_PREFIX = 'category:';

/** Counter name → amount, for one day. */
export type Counters = Record<string, number>;
/** Day (`YYYY-MM-DD`) → counters. */
export type DayCounters = Map<string, Counters>;

/** The fields of a contact record the figures read. */
export interface CountableContact {
  day: string;
  entryPoint: string;
  dialedUnified: boolean;
  category?: string | undefined;
  outcome: string;
  disposition?: string | undefined;
}

/** The fields of a ticket the figures read (`createdAt`/`updatedAt` are ISO 8601 in city time). */
export interface CountableTicket {
  kind: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export const wasAnswered = (record: CountableContact): boolean =>
  record.outcome === 'answered' || record.outcome === 'transferred' || record.disposition !== undefined;

export const wasAbandoned = (record: CountableContact): boolean =>
  record.outcome === 'abandoned' && !wasAnswered(record);

export const dialedUnified = (record: CountableContact): boolean =>
  record.dialedUnified || record.entryPoint === 'unified';

const add = (target: DayCounters, day: string, field: string, amount = 1): void => {
  const counters = target.get(day) ?? {};
  counters[field] = (counters[field] ?? 0) + amount;
  target.set(day, counters);
};

/** What a contact record adds to its day (nothing when absent). */
export const contactCounters = (record: CountableContact | undefined): DayCounters => {
  const counters: DayCounters = new Map();
  if (record === undefined) return counters;
  const { day } = record;
  add(counters, day, 'calls');
  if (wasAnswered(record)) add(counters, day, 'answered');
  if (wasAbandoned(record)) add(counters, day, 'abandoned');
  if (record.disposition !== undefined) add(counters, day, 'dispositions');
  if (record.disposition === 'answered') add(counters, day, 'direct');
  if (dialedUnified(record)) add(counters, day, 'unified');
  if (record.category !== undefined) add(counters, day, `${CATEGORY_COUNTER_PREFIX}${record.category}`);
  return counters;
};

/** What a ticket adds: a report on the day it was opened, and on the day it was resolved. */
export const ticketCounters = (ticket: CountableTicket | undefined): DayCounters => {
  const counters: DayCounters = new Map();
  if (ticket === undefined || ticket.kind !== 'report') return counters;
  add(counters, ticket.createdAt.slice(0, 10), 'reportsOpened');
  if (ticket.status === 'RESOLVED') add(counters, ticket.updatedAt.slice(0, 10), 'reportsResolved');
  return counters;
};

/** after − before, per day, without the zeros (an empty map: the change moves no figure). */
export const countersDelta = (before: DayCounters, after: DayCounters): DayCounters => {
  const delta: DayCounters = new Map();
  for (const [day, counters] of after)
    for (const [field, amount] of Object.entries(counters)) add(delta, day, field, amount);
  for (const [day, counters] of before)
    for (const [field, amount] of Object.entries(counters)) add(delta, day, field, -amount);
  for (const [day, counters] of delta) {
    for (const [field, amount] of Object.entries(counters)) if (amount === 0) delete counters[field];
    if (Object.keys(counters).length === 0) delta.delete(day);
  }
  return delta;
};

/** The counters of several records (or deltas) added up, per day. */
export const sumCounters = (all: readonly DayCounters[]): DayCounters => {
  const sum: DayCounters = new Map();
  for (const counters of all)
    for (const [day, fields] of counters)
      for (const [field, amount] of Object.entries(fields)) add(sum, day, field, amount);
  return sum;
};

/** part / whole to four decimals; 0 when there is no whole. */
export const figureRatio = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

/** The figures of `GET /api/stats/today` from a day's counters (absent counters are 0). */
export const figuresFromCounters = (counters: Counters) => {
  const n = (field: CounterField) => counters[field] ?? 0;
  const byCategory: Record<string, number> = {};
  for (const [field, amount] of Object.entries(counters)) {
    if (field.startsWith(CATEGORY_COUNTER_PREFIX) && amount !== 0)
      byCategory[field.slice(CATEGORY_COUNTER_PREFIX.length)] = amount;
  }
  return {
    calls: n('calls'),
    answered: n('answered'),
    abandoned: n('abandoned'),
    answerRate: figureRatio(n('answered'), n('answered') + n('abandoned')),
    firstContactResolution: figureRatio(n('direct'), n('dispositions')),
    byCategory,
    unifiedShare: figureRatio(n('unified'), n('calls')),
    reportsOpened: n('reportsOpened'),
    reportsResolved: n('reportsResolved'),
  };
};
