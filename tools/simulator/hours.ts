import { generateHoursOverrides, type HoursPolicy, localDate } from '#domain/holidays-schedule';
import { WEEKDAYS, type Weekday } from '#infra/config/schema';

/**
 * Hours of operation as CheckHoursOfOperation evaluates them: weekly ranges plus dated overrides
 * (public holidays), in the hours' IANA time zone, at a given instant. Pure Intl date math.
 *
 * Shape (a plain object, so tests and the sandbox can write one by hand):
 *
 *     { timezone: 'Asia/Seoul',
 *       weekly: { MONDAY: { start: '08:00', end: '20:00' }, SATURDAY: [{ start: '09:00', end: '18:00' }] },
 *       overrides: [{ date: '2027-03-01', start: '09:00', end: '18:00' }, { date: '2027-12-31', closed: true }] }
 *
 * `open`/`close` are accepted as synonyms of `start`/`end`. A day absent from `weekly` is closed.
 * An override replaces the weekly hours of its date. `end` is exclusive (18:00 is closed).
 *
 * `overridesAt(instant)` adds generated overrides: {@link hoursFromCityConfig} sets it to the city's
 * public holidays and manual overrides as functions/domain/holidays-schedule.ts generates them for a
 * deployment synthesized on the call's date — the list the Connect stack deploys, for a deployment
 * kept current as the scheduled holiday check demands. A listed `overrides` entry wins on its date.
 */

export { WEEKDAYS, type Weekday };

export interface TimeRange {
  start?: string;
  end?: string;
  open?: string;
  close?: string;
}

export type HoursOverride = { date: string; closed: true } | ({ date: string; closed?: false } & TimeRange);

export interface SimulatorHours {
  timezone: string;
  weekly: Partial<Record<Weekday, TimeRange | TimeRange[]>>;
  overrides?: HoursOverride[];
  /** Generated overrides in force at `instant` (see above). */
  overridesAt?: (instant: Date) => readonly HoursOverride[];
}

export interface LocalTime {
  date: string;
  weekday: Weekday;
  minutes: number;
  hhmm: string;
}

const WEEKDAY_BY_SHORT: Record<string, Weekday> = {
  Mon: 'MONDAY',
  Tue: 'TUESDAY',
  Wed: 'WEDNESDAY',
  Thu: 'THURSDAY',
  Fri: 'FRIDAY',
  Sat: 'SATURDAY',
  Sun: 'SUNDAY',
};

const toMinutes = (hhmm: string): number => {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`hours: "${hhmm}" is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** One formatter per time zone and shape: creating an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (key: string, create: () => Intl.DateTimeFormat): Intl.DateTimeFormat => {
  let found = formatters.get(key);
  if (!found) {
    found = create();
    formatters.set(key, found);
  }
  return found;
};

/** The wall-clock date, weekday and time of `instant` in `timezone`. */
export const localTime = (instant: Date, timezone: string): LocalTime => {
  const parts = formatter(
    `local ${timezone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  ).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour')) % 24;
  const minute = Number(get('minute'));
  const weekday = WEEKDAY_BY_SHORT[get('weekday')];
  if (!weekday) throw new Error(`hours: cannot read the weekday of ${instant.toISOString()} in ${timezone}`);
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday,
    minutes: hour * 60 + minute,
    hhmm: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
  };
};

/** Offset of `timezone` from UTC at `instant`, in minutes. */
const offsetMinutes = (instant: Date, timezone: string): number => {
  const parts = formatter(
    `offset ${timezone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      }),
  ).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour') % 24,
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
};

/**
 * Parses an ISO 8601 date-time. With `Z` or an offset it is that instant; without one it is wall
 * time in `timezone` (the scenario's "local time").
 */
export const parseLocalDateTime = (value: string, timezone: string): Date => {
  if (/(?:Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new Error(`"${value}" is not an ISO 8601 date-time`);
    return date;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) throw new Error(`"${value}" is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][offset])`);
  const [, y, mo, d, h, mi, s] = match;
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  let instant = new Date(guess - offsetMinutes(new Date(guess), timezone) * 60_000);
  instant = new Date(guess - offsetMinutes(instant, timezone) * 60_000);
  return instant;
};

const rangesOf = (value: TimeRange | TimeRange[] | undefined): { start: number; end: number }[] => {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).map((range) => {
    const start = range.start ?? range.open;
    const end = range.end ?? range.close;
    if (!start || !end)
      throw new Error(`hours: a range needs start/end (or open/close): ${JSON.stringify(range)}`);
    return { start: toMinutes(start), end: end === '24:00' ? 24 * 60 : toMinutes(end) };
  });
};

export interface HoursVerdict {
  open: boolean;
  /** Human explanation for the transcript, e.g. "2027-03-01 (MONDAY) 19:00 Asia/Seoul: override 09:00–18:00 → closed". */
  explanation: string;
}

export const checkHours = (hours: SimulatorHours, instant: Date): HoursVerdict => {
  const local = localTime(instant, hours.timezone);
  const override =
    hours.overrides?.find((o) => o.date === local.date) ??
    hours.overridesAt?.(instant).find((o) => o.date === local.date);
  const where = `${local.date} (${local.weekday}) ${local.hhmm} ${hours.timezone}`;
  if (override?.closed) return { open: false, explanation: `${where}: override closed all day → closed` };
  const ranges = override ? rangesOf(override as TimeRange) : rangesOf(hours.weekly[local.weekday]);
  const open = ranges.some((r) =>
    r.end > r.start
      ? local.minutes >= r.start && local.minutes < r.end
      : local.minutes >= r.start || local.minutes < r.end,
  );
  const describe = ranges
    .map(
      (r) =>
        `${String(Math.floor(r.start / 60)).padStart(2, '0')}:${String(r.start % 60).padStart(2, '0')}–${String(
          Math.floor(r.end / 60),
        ).padStart(2, '0')}:${String(r.end % 60).padStart(2, '0')}`,
    )
    .join(', ');
  return {
    open,
    explanation: `${where}: ${override ? 'override' : 'weekly'} ${describe || 'no hours'} → ${open ? 'open' : 'closed'}`,
  };
};

/** The slice of infra/config/schema.ts `CityConfig` the adapter reads. */
export interface CityHoursSource {
  timezone: string;
  hours: HoursPolicy;
}

/**
 * Adapter from the city config (infra/config/<city>.ts) to the simulator's hours: the weekly hours,
 * and the dated overrides generated by the one function the Connect stack uses
 * ({@link generateHoursOverrides}), with the call's local date as the synth date.
 */
export const hoursFromCityConfig = (config: CityHoursSource): SimulatorHours => {
  const byToday = new Map<string, HoursOverride[]>();
  return {
    timezone: config.timezone,
    weekly: Object.fromEntries(
      Object.entries(config.hours.weekly).map(([day, range]) => [
        day,
        { start: range.start, end: range.end },
      ]),
    ) as SimulatorHours['weekly'],
    overridesAt: (instant) => {
      const today = localDate(instant, config.timezone);
      let overrides = byToday.get(today);
      if (overrides === undefined) {
        overrides = generateHoursOverrides(config.hours, { today }).days.map(
          (day): HoursOverride =>
            day.hours ? { date: day.date, ...day.hours } : { date: day.date, closed: true },
        );
        byToday.set(today, overrides);
      }
      return overrides;
    },
  };
};
