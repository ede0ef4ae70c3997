import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, koreanPublicHolidaysBetween } from '#domain/holidays';
import {
  CONNECT_MAX_OVERRIDES,
  type DayOverride,
  generateHoursOverrides,
  groupConsecutiveDays,
  type HoursPolicy,
  holidayCoverage,
  localDate,
  overrideWindow,
} from '#domain/holidays-schedule';

const WEEKEND = { start: '09:00', end: '18:00' };
const WEEKDAY = { start: '08:00', end: '20:00' };
const CHEONGJU: HoursPolicy = {
  weekly: {
    MONDAY: WEEKDAY,
    TUESDAY: WEEKDAY,
    WEDNESDAY: WEEKDAY,
    THURSDAY: WEEKDAY,
    FRIDAY: WEEKDAY,
    SATURDAY: WEEKEND,
    SUNDAY: WEEKEND,
  },
  holidays: { calendar: 'KR', hours: 'SUNDAY' },
  overrides: [],
};

describe('the rolling window', () => {
  it('runs from the synth date to 31 December of the next year', () => {
    expect(overrideWindow('2026-11-30')).toEqual({ from: '2026-11-30', till: '2027-12-31' });
    expect(overrideWindow('2027-01-01')).toEqual({ from: '2027-01-01', till: '2028-12-31' });
  });

  it('takes the synth date in the city’s time zone', () => {
    expect(localDate(new Date('2026-12-31T15:30:00Z'), 'Asia/Seoul')).toBe('2027-01-01');
    expect(localDate(new Date('2026-12-31T14:30:00Z'), 'Asia/Seoul')).toBe('2026-12-31');
  });
});

describe('generateHoursOverrides', { timeout: 30_000 }, () => {
  it('overrides 2026-12-25 (a Friday) with the Sunday hours when synthesized on 2026-11-30', () => {
    const { window, days } = generateHoursOverrides(CHEONGJU, { today: '2026-11-30' });
    expect(window).toEqual({ from: '2026-11-30', till: '2027-12-31' });
    expect(days[0]).toEqual({
      date: '2026-12-25',
      nameKo: '기독탄신일',
      hours: WEEKEND,
      source: 'gazette',
      provisional: false,
    });
    expect(days.map((d) => d.date)).toContain('2027-05-03');
    expect(days.every((d) => d.date >= '2026-11-30' && d.date <= '2027-12-31')).toBe(true);
  });

  it('needs no override for a holiday whose hours equal the weekday’s (2027-02-07 설날, a Sunday)', () => {
    const { days } = generateHoursOverrides(CHEONGJU, { today: '2026-11-30' });
    expect(days.map((d) => d.date)).not.toContain('2027-02-07');
    expect(days.map((d) => d.date)).toContain('2027-02-08');
  });

  it('marks computed holidays provisional: 2028 from a 2027 synth, with the first such date', () => {
    const generated = generateHoursOverrides(CHEONGJU, { today: '2027-06-01' });
    const january = generated.days.filter((d) => d.date.startsWith('2028-01'));
    expect(january.map((d) => [d.date, d.source, d.provisional])).toEqual([
      ['2028-01-26', 'rules', true],
      ['2028-01-27', 'rules', true],
      ['2028-01-28', 'rules', true],
    ]);
    expect(generated.firstProvisionalDate).toBe('2028-01-26');
  });

  it('lets a manual override win on its date and keeps manual closures after the window', () => {
    const policy: HoursPolicy = {
      ...CHEONGJU,
      overrides: [
        { date: '2026-12-25', nameKo: '단축 운영', start: '10:00', end: '14:00' },
        { date: '2026-12-31', nameKo: '시스템 이전', closed: true },
        { date: '2026-01-05', nameKo: '지난 점검', closed: true },
        { date: '2031-03-04', nameKo: '먼 훗날', closed: true },
      ],
    };
    const { days } = generateHoursOverrides(policy, { today: '2026-11-30' });
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2026-12-25')).toEqual({
      date: '2026-12-25',
      nameKo: '단축 운영',
      hours: { start: '10:00', end: '14:00' },
      source: 'manual',
      provisional: false,
    });
    expect(byDate.get('2026-12-31')?.hours).toBeUndefined();
    expect(byDate.has('2026-01-05')).toBe(false);
    expect(byDate.has('2031-03-04')).toBe(true);
  });

  it('closes on holidays when the city says so, and generates nothing for calendar none', () => {
    const closed = generateHoursOverrides(
      { ...CHEONGJU, holidays: { calendar: 'KR', hours: 'closed' } },
      { today: '2026-11-30' },
    );
    expect(closed.days.find((d) => d.date === '2027-02-07')?.hours).toBeUndefined();
    expect(
      generateHoursOverrides(
        { ...CHEONGJU, holidays: { calendar: 'none', hours: 'SUNDAY' } },
        { today: '2026-11-30' },
      ).days,
    ).toEqual([]);
  });

  it('shortens the window from its end when manual overrides would pass Connect’s 50', () => {
    // 45 separate manual days (every other day from 2027-03-02), plus the holidays.
    const manual = Array.from({ length: 45 }, (_, i) => ({
      date: addDays('2027-03-02', i * 2),
      nameKo: `점검 ${i + 1}`,
      start: '10:00',
      end: '11:00',
    }));
    const generated = generateHoursOverrides({ ...CHEONGJU, overrides: manual }, { today: '2026-11-30' });
    expect(groupConsecutiveDays(generated.days).length).toBeLessThanOrEqual(CONNECT_MAX_OVERRIDES);
    expect(generated.window.till < '2027-12-31').toBe(true);
    expect(generated.days.every((d) => d.date <= generated.window.till)).toBe(true);
  });

  it('covers every public holiday with non-weekend hours in its window, within the quota, for any synth date', () => {
    const synthDate = fc
      .date({
        min: new Date('2018-01-01T00:00:00Z'),
        max: new Date('2049-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(synthDate, (today) => {
        const { window, days } = generateHoursOverrides(CHEONGJU, { today });
        expect(window.till).toBe(`${Number(today.slice(0, 4)) + 1}-12-31`);
        expect(groupConsecutiveDays(days).length).toBeLessThanOrEqual(CONNECT_MAX_OVERRIDES);
        const overridden = new Set(days.map((d) => d.date));
        for (const holiday of koreanPublicHolidaysBetween(window.from, window.till)) {
          const dow = new Date(`${holiday.date}T00:00:00Z`).getUTCDay();
          if (dow !== 0 && dow !== 6) expect(overridden.has(holiday.date), holiday.date).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('groupConsecutiveDays', () => {
  const day = (date: string, hours?: { start: string; end: string }): DayOverride => ({
    date,
    nameKo: date,
    ...(hours && { hours }),
    source: 'gazette',
    provisional: false,
  });

  it('joins consecutive days with the same hours, at most 7, and keeps closed days apart from open ones', () => {
    const days = [
      day('2027-09-14', WEEKEND),
      day('2027-09-15', WEEKEND),
      day('2027-09-16', WEEKEND),
      day('2027-09-17'),
      day('2027-09-20', WEEKEND),
      ...Array.from({ length: 9 }, (_, i) => day(addDays('2027-11-01', i), WEEKEND)),
    ];
    expect(groupConsecutiveDays(days).map((g) => g.map((d) => d.date.slice(5)))).toEqual([
      ['09-14', '09-15', '09-16'],
      ['09-17'],
      ['09-20'],
      ['11-01', '11-02', '11-03', '11-04', '11-05', '11-06', '11-07'],
      ['11-08', '11-09'],
    ]);
  });
});

describe('holidayCoverage', () => {
  it('is quiet with more than 90 days left on both', () => {
    expect(
      holidayCoverage({ today: '2026-11-30', overridesTill: '2027-12-31', confirmedTill: '2027-12-31' }),
    ).toEqual({ overridesDaysLeft: 396, confirmedDaysLeft: 396, warnings: [] });
  });

  it('warns when the deployed window ends within 90 days, and when the gazette does', () => {
    const status = holidayCoverage({
      today: '2027-10-15',
      overridesTill: '2027-12-31',
      confirmedTill: '2027-12-31',
    });
    expect(status.overridesDaysLeft).toBe(77);
    expect(status.warnings).toHaveLength(2);
    expect(status.warnings[0]).toMatch(/Holiday overrides end on 2027-12-31 \(77 days/);
    expect(status.warnings[1]).toMatch(/gazette holiday list ends on 2027-12-31/);
  });
});
