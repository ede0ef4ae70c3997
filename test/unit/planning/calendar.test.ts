import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayTypeOf,
  holidaysFromHours,
  isCalendarDate,
  openingHoursOn,
  weekdayOf,
} from '#domain/planning/calendar';
import type { DayType } from '#domain/planning/day-model';
import cheongju from '#infra/config/cheongju';

const isHoliday = holidaysFromHours(cheongju.hours);

describe('day types (Cheongju: the official holiday calendar, as the Connect hours use it)', () => {
  it.each<[string, DayType, string]>([
    ['2027-03-08', 'weekday', 'an ordinary Monday after a two-day weekend'],
    ['2027-03-10', 'weekday', 'a Wednesday'],
    ['2027-03-06', 'saturday', 'a Saturday'],
    ['2027-03-07', 'sundayHoliday', 'a Sunday'],
    ['2027-03-01', 'sundayHoliday', '삼일절 on a Monday'],
    ['2027-03-02', 'dayAfterLongHoliday', 'the Tuesday after Saturday, Sunday and 삼일절'],
    ['2027-02-10', 'dayAfterLongHoliday', 'the Wednesday after 설날 (Sat–Tue with the substitute holiday)'],
    ['2027-09-17', 'dayAfterLongHoliday', 'the Friday after 추석 (Tue–Thu)'],
    ['2027-05-06', 'weekday', 'the Thursday after 어린이날 (one closed day)'],
    ['2027-07-20', 'dayAfterLongHoliday', 'the Tuesday after 제헌절 and its substitute Monday'],
    ['2027-05-03', 'sundayHoliday', 'the substitute holiday for 노동절 (Saturday 2027-05-01)'],
    ['2026-12-25', 'sundayHoliday', '기독탄신일 on a Friday'],
    ['2028-01-26', 'sundayHoliday', '설날 전날 2028 (Korean lunar calendar: 설날 is 01-27), a computed year'],
    ['2028-01-31', 'dayAfterLongHoliday', 'the Monday after 설날 2028 (Wed–Fri) and the weekend'],
  ])('%s is a %s (%s)', (date, dayType) => {
    expect(dayTypeOf(date, isHoliday, 3).dayType).toBe(dayType);
  });

  it('counts the closed days before a date and uses the injected holiday source', () => {
    expect(dayTypeOf('2027-02-10', isHoliday).closedDaysBefore).toBe(4);
    const everyWednesday = (date: string) => weekdayOf(date) === 'WEDNESDAY';
    expect(dayTypeOf('2027-03-10', everyWednesday)).toEqual({
      dayType: 'sundayHoliday',
      holiday: true,
      closedDaysBefore: 0,
    });
    expect(dayTypeOf('2027-03-08', () => false, 2).dayType).toBe('dayAfterLongHoliday');
  });

  it('rejects what is not a calendar date', () => {
    expect(() => dayTypeOf('2027-02-30', isHoliday)).toThrow(/not a calendar date/);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('2027-12-31')).toBe(true);
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
  });
});

describe('opening hours on a date', () => {
  it('takes the holiday hours on a public holiday, else the weekday hours', () => {
    expect(openingHoursOn('2027-03-01', cheongju.hours)).toEqual({ start: '09:00', end: '18:00' });
    expect(openingHoursOn('2026-12-25', cheongju.hours)).toEqual({ start: '09:00', end: '18:00' });
    expect(openingHoursOn('2027-03-08', cheongju.hours)).toEqual({ start: '08:00', end: '20:00' });
    expect(openingHoursOn('2027-03-06', cheongju.hours)).toEqual({ start: '09:00', end: '18:00' });
  });

  it('lets a manual override win and closes a day without weekly hours', () => {
    const hours = {
      weekly: { MONDAY: { start: '08:00', end: '20:00' } },
      holidays: { calendar: 'KR', hours: 'closed' },
      overrides: [{ date: '2027-03-08', nameKo: '시 개청 기념 단축', start: '10:00', end: '16:00' }],
    } as const;
    expect(openingHoursOn('2027-03-08', hours)).toEqual({ start: '10:00', end: '16:00' });
    expect(openingHoursOn('2027-03-01', hours)).toBeUndefined();
    expect(openingHoursOn('2027-03-07', hours)).toBeUndefined();
  });

  it('knows no public holiday when the calendar is none', () => {
    const none = holidaysFromHours({ holidays: { calendar: 'none', hours: 'SUNDAY' } });
    expect(none('2027-03-01')).toBe(false);
    expect(isHoliday('2027-03-01')).toBe(true);
  });
});
