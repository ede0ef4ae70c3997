import { type HoursPolicy, hoursOnDate, isPublicHoliday } from '#domain/holidays-schedule';
import type { DayType } from '#domain/planning/day-model';

/**
 * The day type of a date and the center's opening hours on it. Dates are city-local calendar
 * dates (`YYYY-MM-DD`); no time zone arithmetic is needed because a date is never converted to an
 * instant here.
 *
 * Holidays come through an injectable predicate; the default is the shared holiday calendar of the
 * city's hours policy (functions/domain/holidays-schedule.ts, the same source as the Connect hours
 * overrides): see {@link holidaysFromHours}. Opening hours follow the deployed precedence: a manual
 * override of the date, else the holiday hours, else the weekday's hours ({@link openingHoursOn}).
 */

export type IsHoliday = (date: string) => boolean;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const WEEKDAY_NAMES = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** Parses `YYYY-MM-DD` (a real calendar date) to its UTC midnight, or throws a clear error. */
const parseDate = (date: string): Date => {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!ISO_DATE.test(date) || Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(date))
    throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return parsed;
};

export const isCalendarDate = (date: string): boolean => {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
};

export const weekdayOf = (date: string): WeekdayName =>
  WEEKDAY_NAMES[parseDate(date).getUTCDay()] ?? 'SUNDAY';

export const addDays = (date: string, days: number): string =>
  new Date(parseDate(date).getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** Offices are closed on Saturdays, Sundays and public holidays (the center itself is open 365 days). */
export const isClosedDay = (date: string, isHoliday: IsHoliday): boolean => {
  const weekday = weekdayOf(date);
  return weekday === 'SATURDAY' || weekday === 'SUNDAY' || isHoliday(date);
};

export interface DayTypeVerdict {
  dayType: DayType;
  holiday: boolean;
  /** Consecutive closed days right before `date` (weekend and holidays). */
  closedDaysBefore: number;
}

/**
 * weekday / saturday / sundayHoliday / dayAfterLongHoliday. A public holiday is a sundayHoliday
 * whatever its weekday; a working weekday right after at least `longHolidayMinDays` closed days
 * (설날 or 추석 with the weekend, a three-day weekend with a substitute holiday) is a
 * dayAfterLongHoliday; an ordinary Monday (two closed days before it) is a weekday.
 */
export const dayTypeOf = (date: string, isHoliday: IsHoliday, longHolidayMinDays = 3): DayTypeVerdict => {
  const holiday = isHoliday(date);
  let closedDaysBefore = 0;
  for (let d = addDays(date, -1); closedDaysBefore < 366 && isClosedDay(d, isHoliday); d = addDays(d, -1))
    closedDaysBefore++;
  const weekday = weekdayOf(date);
  const dayType: DayType =
    holiday || weekday === 'SUNDAY'
      ? 'sundayHoliday'
      : weekday === 'SATURDAY'
        ? 'saturday'
        : closedDaysBefore >= longHolidayMinDays
          ? 'dayAfterLongHoliday'
          : 'weekday';
  return { dayType, holiday, closedDaysBefore };
};

/** The slice of the city config's `hours` read here (infra/config/schema.ts): the hours policy. */
export type HoursSource = HoursPolicy;

/** Public holidays of the city's calendar (`hours.holidays.calendar`); manual overrides change hours only. */
export const holidaysFromHours = (hours: Pick<HoursSource, 'holidays'>): IsHoliday => {
  return (date) => isPublicHoliday(hours, date);
};

/** Opening hours on `date` (manual override, else holiday hours, else the weekday's), or undefined when closed. */
export const openingHoursOn = (
  date: string,
  hours: HoursSource,
): { start: string; end: string } | undefined => {
  const open = hoursOnDate(hours, date);
  return open ? { start: open.start, end: open.end } : undefined;
};
