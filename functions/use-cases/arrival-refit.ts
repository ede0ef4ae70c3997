import type { ContactArrivals } from '#adapters/contact-arrivals';
import type { PlanningConfig } from '#commons/planning-config';
import { addDays, dayTypeOf, holidaysFromHours, openingHoursOn, weekdayOf } from '#domain/planning/calendar';
import {
  DAY_TYPES,
  type DayType,
  type DayTypeProfile,
  dayTypeProfileSchema,
  INTERVAL_MINUTES,
  toMinutes,
} from '#domain/planning/day-model';
import { cityDay, formatInstant } from '#domain/time';

/**
 * The arrival profile refit from the Contacts table (`GET /api/planning/arrivals`, docs/contracts.md):
 * for every date of the last `weeks` full weeks (Monday to Sunday, city time, the running week
 * excluded), the calls of that day (Contacts `byDay`) counted per 30-minute interval of their start
 * (`initiatedAt`, city time), summed per day type (the same `dayTypeOf` and holiday calendar as the
 * planner), and given as the day model's profile shape: percent of the day's calls per interval from
 * the day model's `from`, over the day model's intervals of that day type, and the mean calls per
 * day. Nothing is invented: a day type without a counted call has `profile: null`, and every figure
 * says how many dates and calls it rests on.
 *
 * What is counted: every record of the day (docs/contracts.md, "Contact records"): inbound calls
 * (answered, abandoned, self-service, transferred) and, as the records do not say how a contact
 * began, a queued callback's own contact too (Connect's CALLBACK contacts are recorded as calls of
 * their own: functions/ctr-consumer/contact-trace-record.ts); a caller who hangs up and calls
 * again is two calls, as in the day model. Calls outside the day model's intervals of the day type
 * (after-hours calls that heard the closed message) are reported as `outsideProfile`, not spread.
 * Dates the center was closed all day (a manual override) are left out (`closedDates`).
 */

export const REFIT_WEEKS = { min: 1, max: 12, default: 4 } as const;

export interface DayTypeFit {
  /** Open dates of this type in the window. */
  dates: number;
  /** Of those, dates with at least one call in the table. */
  datesWithCalls: number;
  /** Calls inside the profile's intervals, all dates together. */
  calls: number;
  /** Calls of these dates outside the profile's intervals (not in `profile`). */
  outsideProfile: number;
  /** The refit profile (`calls`: mean per date with calls), or null when no call was counted. */
  profile: DayTypeProfile | null;
}

export interface ArrivalRefit {
  weeks: number;
  /** First and last date of the window (Monday … Sunday), city time. */
  from: string;
  to: string;
  timezone: string;
  closedDates: string[];
  dayTypes: Record<DayType, DayTypeFit>;
}

export type ArrivalRefitter = (weeks: number) => Promise<ArrivalRefit>;

/** Days queried at once (each a paginated Query of the byDay index). */
const PARALLEL_DAYS = 7;

/** The last `weeks` full weeks before `today` (Monday to Sunday; a week still running is left out). */
export const refitWindow = (today: string, weeks: number): { from: string; to: string } => {
  const sinceSunday = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'].indexOf(
    weekdayOf(today),
  );
  const to = addDays(today, -(sinceSunday === 0 ? 7 : sinceSunday));
  return { from: addDays(to, -(7 * weeks - 1)), to };
};

const minuteOfDay = (instant: string, timeZone: string): number => {
  const local = formatInstant(new Date(instant), timeZone);
  return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
};

export const createArrivalRefit = (deps: {
  arrivals: ContactArrivals;
  planning: PlanningConfig;
  now?: () => Date;
}): ArrivalRefitter => {
  const { planning } = deps;
  const model = planning.dayModel;
  const isHoliday = holidaysFromHours(planning.hours);
  return async (weeks) => {
    if (!Number.isInteger(weeks) || weeks < REFIT_WEEKS.min || weeks > REFIT_WEEKS.max)
      throw new RangeError(`weeks must be an integer from ${REFIT_WEEKS.min} to ${REFIT_WEEKS.max}`);
    const today = cityDay(deps.now?.() ?? new Date(), planning.timezone);
    const { from, to } = refitWindow(today, weeks);
    const dates = Array.from({ length: 7 * weeks }, (_, i) => addDays(from, i));
    const closedDates = dates.filter((date) => !openingHoursOn(date, planning.hours));
    const open = dates.filter((date) => openingHoursOn(date, planning.hours));

    const counts = Object.fromEntries(
      DAY_TYPES.map((type) => [
        type,
        {
          dates: 0,
          datesWithCalls: 0,
          outside: 0,
          perInterval: new Array<number>(model.dayTypes[type].profile.length).fill(0),
        },
      ]),
    ) as Record<DayType, { dates: number; datesWithCalls: number; outside: number; perInterval: number[] }>;

    for (let i = 0; i < open.length; i += PARALLEL_DAYS) {
      const batch = open.slice(i, i + PARALLEL_DAYS);
      const days = await Promise.all(batch.map((date) => deps.arrivals.initiatedOn(date)));
      batch.forEach((date, j) => {
        const { dayType } = dayTypeOf(date, isHoliday, model.longHolidayMinDays);
        const count = counts[dayType];
        const first = toMinutes(model.dayTypes[dayType].from);
        const instants = days[j] ?? [];
        count.dates += 1;
        if (instants.length > 0) count.datesWithCalls += 1;
        for (const instant of instants) {
          const slot = Math.floor((minuteOfDay(instant, planning.timezone) - first) / INTERVAL_MINUTES);
          if (slot >= 0 && slot < count.perInterval.length)
            count.perInterval[slot] = (count.perInterval[slot] ?? 0) + 1;
          else count.outside += 1;
        }
      });
    }

    const dayTypes = Object.fromEntries(
      DAY_TYPES.map((type): [DayType, DayTypeFit] => {
        const count = counts[type];
        const calls = count.perInterval.reduce((a, b) => a + b, 0);
        const profile =
          calls === 0
            ? null
            : dayTypeProfileSchema.parse({
                calls: Math.max(1, Math.round(calls / count.datesWithCalls)),
                from: model.dayTypes[type].from,
                profile: count.perInterval.map((n) => Math.round((n / calls) * 10_000) / 100),
              });
        return [
          type,
          {
            dates: count.dates,
            datesWithCalls: count.datesWithCalls,
            calls,
            outsideProfile: count.outside,
            profile,
          },
        ];
      }),
    ) as Record<DayType, DayTypeFit>;
    return { weeks, from, to, timezone: planning.timezone, closedDates, dayTypes };
  };
};
