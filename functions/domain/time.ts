/**
 * Instants as the tickets table stores them: ISO 8601 with millisecond precision and the city's
 * UTC offset (`2027-03-05T14:03:07.123+09:00`). One deployment uses one time zone, so the strings
 * of one deployment sort lexicographically in time order as long as the zone has a fixed offset
 * (Asia/Seoul has had no daylight saving time since 1988). The GSIs' sort key `createdAt` relies on
 * that.
 */

const partsFormatterCache = new Map<string, Intl.DateTimeFormat>();

const partsFormatter = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = partsFormatterCache.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatterCache.set(timeZone, formatter);
  }
  return formatter;
};

/** True when `timeZone` is an IANA zone name this runtime knows. */
export const isValidTimeZone = (timeZone: string): boolean => {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallClock = (date: Date, timeZone: string): WallClock => {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? Number.NaN,
    month: fields.month ?? Number.NaN,
    day: fields.day ?? Number.NaN,
    hour: fields.hour ?? Number.NaN,
    minute: fields.minute ?? Number.NaN,
    second: fields.second ?? Number.NaN,
  };
};

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The calendar year of `date` in `timeZone` (a ticket created at 23:30 UTC on 31 December is next year's in Seoul). */
export const yearIn = (date: Date, timeZone: string): number => wallClock(date, timeZone).year;

/** The calendar day of `date` in `timeZone`, `YYYY-MM-DD` (a city's day: the Contacts table's `day`). */
export const cityDay = (date: Date, timeZone: string): string => {
  const wall = wallClock(date, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
};

/** Formats `date` as ISO 8601 with milliseconds and the offset `timeZone` has at that instant. */
export const formatInstant = (date: Date, timeZone: string): string => {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatInstant: invalid date');
  const wall = wallClock(date, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:` +
    `${pad(wall.second)}.${pad(date.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
};

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO 8601 date-time with an explicit offset (or `Z`) that denotes a real instant. */
export const isIsoInstant = (value: string): boolean =>
  ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value));

/** `date` plus a number of calendar hours (elapsed time, not business hours). */
export const addHours = (date: Date, hours: number): Date => new Date(date.getTime() + hours * 3_600_000);
