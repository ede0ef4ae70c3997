import type { ContactRecord, ContactRecords } from '#adapters/contact-records';
import type { DayStats } from '#adapters/day-stats';
import type { RuntimeConfig } from '#commons/runtime-config';
import {
  dialedUnified,
  figureRatio,
  figuresFromCounters,
  wasAbandoned,
  wasAnswered,
} from '#domain/day-counters';
import { cityDay } from '#domain/time';

/**
 * `/api/stats/today` (docs/contracts.md): today's figures in the city's time zone.
 *
 * {@link createTodayStats} reads them from the day's counters (one GetItem on the Counters table's
 * `stats#<day>` item, functions/adapters/day-stats.ts), which every write of a contact record or a
 * report ticket moves in the same transaction (functions/domain/day-counters.ts): O(1) in the
 * day's calls. {@link createTodayStatsFromRecords} computes the same figures the way it was done
 * before, from every record of the day and ~84 count queries; the day simulation runs both and
 * reports whether they agree (tools/day-sim), and the bench times both.
 *
 * The figures, from the day's contact records (Contacts table, GSI byDay):
 * - `calls`: every record of the day;
 * - `answered`: a counselor took the call — outcome `answered` or `transferred`, or any record
 *   with a disposition (the desk wrote it, so someone answered);
 * - `abandoned`: outcome `abandoned` (hung up while queued);
 * - `answerRate` = answered / (answered + abandoned): of the calls offered to counselors, the
 *   share answered (self-service calls and calls still queued are not offered/decided yet); 0
 *   when there is none;
 * - `firstContactResolution` = dispositions `answered` / all dispositions (the seed's definition:
 *   answered by the counselor with no hand-off to a department; a filed report is a hand-off); 0
 *   when there is none;
 * - `byCategory`: records per category code (records without a category are not counted);
 * - `unifiedShare` = calls to the unified number (entry point `unified`, or `dialedUnified`) /
 *   calls; 0 when there is none.
 *
 * From the tickets table ({@link ReportCounts}, one query per department and status on the
 * `byDepartmentStatus` index — see functions/api/report-counter.ts):
 * - `reportsOpened`: tickets of kind `report` created today (whatever their status now);
 * - `reportsResolved`: tickets of kind `report` in status RESOLVED whose last change
 *   (`updatedAt`) is today.
 */

export interface TodayStats {
  day: string;
  calls: number;
  answered: number;
  abandoned: number;
  answerRate: number;
  firstContactResolution: number;
  byCategory: Record<string, number>;
  unifiedShare: number;
  reportsOpened: number;
  reportsResolved: number;
}

export interface ReportCounts {
  /** Reports created on `day`, and reports resolved on `day` (city days, `YYYY-MM-DD`). */
  count(day: string): Promise<{ opened: number; resolved: number }>;
}

/** The call figures of one day's records (pure). */
export const callFigures = (
  records: readonly ContactRecord[],
): Omit<TodayStats, 'day' | 'reportsOpened' | 'reportsResolved'> => {
  const calls = records.length;
  const answered = records.filter(wasAnswered).length;
  const abandoned = records.filter(wasAbandoned).length;
  const dispositions = records.filter((r) => r.disposition !== undefined);
  const direct = dispositions.filter((r) => r.disposition === 'answered').length;
  const byCategory: Record<string, number> = {};
  for (const record of records) {
    if (record.category !== undefined) byCategory[record.category] = (byCategory[record.category] ?? 0) + 1;
  }
  const unified = records.filter(dialedUnified).length;
  return {
    calls,
    answered,
    abandoned,
    answerRate: figureRatio(answered, answered + abandoned),
    firstContactResolution: figureRatio(direct, dispositions.length),
    byCategory,
    unifiedShare: figureRatio(unified, calls),
  };
};

/** Today's figures from the day's counters: one GetItem. */
export const createTodayStats =
  (deps: { dayStats: Pick<DayStats, 'get'>; config: Pick<RuntimeConfig, 'timezone'>; now?: () => Date }) =>
  async (): Promise<TodayStats> => {
    const day = cityDay((deps.now ?? (() => new Date()))(), deps.config.timezone);
    return { day, ...figuresFromCounters(await deps.dayStats.get(day)) };
  };

/** Today's figures recomputed from every contact record of the day and the report counts (O(calls)). */
export const createTodayStatsFromRecords =
  (deps: {
    contacts: Pick<ContactRecords, 'listByDay'>;
    reports: ReportCounts;
    config: Pick<RuntimeConfig, 'timezone'>;
    now?: () => Date;
  }) =>
  async (): Promise<TodayStats> => {
    const day = cityDay((deps.now ?? (() => new Date()))(), deps.config.timezone);
    const [records, reports] = await Promise.all([deps.contacts.listByDay(day), deps.reports.count(day)]);
    return { day, ...callFigures(records), reportsOpened: reports.opened, reportsResolved: reports.resolved };
  };
