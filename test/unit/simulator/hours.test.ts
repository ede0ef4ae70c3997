import { describe, expect, it } from 'vitest';
import {
  checkHours,
  hoursFromCityConfig,
  parseLocalDateTime,
  type SimulatorHours,
} from '#tools/simulator/hours';

const HOURS: SimulatorHours = {
  timezone: 'Asia/Seoul',
  weekly: {
    MONDAY: { start: '08:00', end: '20:00' },
    TUESDAY: { open: '08:00', close: '20:00' },
    SATURDAY: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ],
  },
  overrides: [
    { date: '2027-03-01', start: '09:00', end: '18:00' },
    { date: '2027-03-09', closed: true },
  ],
};

const at = (local: string) => parseLocalDateTime(local, 'Asia/Seoul');

describe('hours of operation', () => {
  it('reads wall time without an offset in the hours time zone', () => {
    expect(at('2027-03-02T19:00').toISOString()).toBe('2027-03-02T10:00:00.000Z');
    expect(parseLocalDateTime('2027-03-02T19:00:00+09:00', 'Asia/Seoul').toISOString()).toBe(
      '2027-03-02T10:00:00.000Z',
    );
  });

  it('is open inside the weekly range and closed at its end (end is exclusive)', () => {
    expect(checkHours(HOURS, at('2027-03-02T08:00')).open).toBe(true);
    expect(checkHours(HOURS, at('2027-03-02T19:59')).open).toBe(true);
    expect(checkHours(HOURS, at('2027-03-02T20:00')).open).toBe(false);
  });

  it('uses the holiday override instead of the weekday hours', () => {
    expect(checkHours(HOURS, at('2027-03-01T19:00'))).toMatchObject({ open: false });
    expect(checkHours(HOURS, at('2027-03-01T19:00')).explanation).toContain('override 09:00–18:00');
    expect(checkHours(HOURS, at('2027-03-01T10:00')).open).toBe(true);
  });

  it('honours a closed-all-day override and days missing from the week', () => {
    expect(checkHours(HOURS, at('2027-03-09T10:00')).open).toBe(false);
    expect(checkHours(HOURS, at('2027-03-07T10:00')).open).toBe(false); // Sunday, not in weekly
  });

  it('supports several ranges a day (a lunch break)', () => {
    expect(checkHours(HOURS, at('2027-03-06T12:30')).open).toBe(false);
    expect(checkHours(HOURS, at('2027-03-06T13:30')).open).toBe(true);
  });

  it('evaluates in the hours time zone, not the machine time zone', () => {
    // 2027-03-01T23:30Z is Tuesday 08:30 in Seoul.
    expect(checkHours(HOURS, new Date('2027-03-01T23:30:00Z'))).toMatchObject({ open: true });
  });

  it('adapts the city config: weekly hours, and the generated overrides for the call’s date', () => {
    const hours = hoursFromCityConfig({
      timezone: 'Asia/Seoul',
      hours: {
        weekly: { MONDAY: { start: '08:00', end: '20:00' }, SUNDAY: { start: '09:00', end: '18:00' } },
        holidays: { calendar: 'KR', hours: 'SUNDAY' },
        overrides: [{ date: '2027-03-08', nameKo: '시스템 점검', closed: true }],
      },
    });
    expect(hours.weekly).toEqual({
      MONDAY: { start: '08:00', end: '20:00' },
      SUNDAY: { start: '09:00', end: '18:00' },
    });
    const generated = hours.overridesAt?.(new Date('2027-02-01T00:00:00+09:00')) ?? [];
    expect(generated).toContainEqual({ date: '2027-03-01', start: '09:00', end: '18:00' });
    expect(generated).toContainEqual({ date: '2027-03-08', closed: true });
    // 삼일절 (Monday) 19:00 is closed with holiday hours; the manual closure a week later too.
    expect(checkHours(hours, new Date('2027-03-01T19:00:00+09:00')).open).toBe(false);
    expect(checkHours(hours, new Date('2027-03-01T10:00:00+09:00')).open).toBe(true);
    expect(checkHours(hours, new Date('2027-03-08T10:00:00+09:00')).open).toBe(false);
  });
});
