/**
 * The opening hours as one spoken Korean phrase, for the `${city:hoursKo}` flow placeholder (the
 * after-hours flow states the hours) and for the simulator, which replaces the same placeholder.
 */

import { WEEKDAYS as DAYS, type Weekday } from '#infra/config/schema';

const DAY_NAMES_KO: Readonly<Record<Weekday, string>> = {
  MONDAY: '월요일',
  TUESDAY: '화요일',
  WEDNESDAY: '수요일',
  THURSDAY: '목요일',
  FRIDAY: '금요일',
  SATURDAY: '토요일',
  SUNDAY: '일요일',
};

type Range = { start: string; end: string };
export interface WeeklyHoursSource {
  hours: {
    weekly: Partial<Record<Weekday, Range>>;
    /** Which hours apply on public holidays (`hours.holidays.hours`); default the Sunday hours. */
    holidays?: { hours: Weekday | Range | 'closed' };
  };
}

const spokenTime = (hhmm: string): string => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const half = h < 12 ? '오전' : '오후';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${half} ${hour}시${m ? ` ${m}분` : ''}`;
};

const rangeKo = (range: Range | undefined): string | null =>
  range ? `${spokenTime(range.start)}부터 ${spokenTime(range.end)}까지` : null;

/**
 * "평일 오전 8시부터 오후 8시까지, 주말과 공휴일은 오전 9시부터 오후 6시까지" from the weekly hours and
 * the holiday hours; holidays are named apart when their hours differ from the weekend's.
 */
export const hoursPhraseKo = (source: WeeklyHoursSource): string => {
  const weekly = source.hours.weekly;
  const rule = source.hours.holidays?.hours ?? 'SUNDAY';
  const holiday =
    rule === 'closed' ? '휴무' : (rangeKo(typeof rule === 'string' ? weekly[rule] : rule) ?? '휴무');
  const weekday = rangeKo(weekly.MONDAY);
  const weekend = rangeKo(weekly.SATURDAY);
  const sameWeekdays = DAYS.slice(0, 5).every((d) => rangeKo(weekly[d]) === weekday);
  const sameWeekend = rangeKo(weekly.SUNDAY) === weekend;
  if (!sameWeekdays || !sameWeekend) {
    return `${DAYS.map((d) => `${DAY_NAMES_KO[d]} ${rangeKo(weekly[d]) ?? '휴무'}`).join(', ')}, 공휴일 ${holiday}`;
  }
  if (holiday !== (weekend ?? '휴무')) {
    return `평일 ${weekday ?? '휴무'}, 주말 ${weekend ?? '휴무'}, 공휴일은 ${holiday}`;
  }
  return `평일 ${weekday ?? '휴무'}, 주말과 공휴일은 ${weekend ?? '휴무'}`;
};
