import { describe, expect, it } from 'vitest';
import type { DayModel } from '#domain/planning/day-model';
import { PlanError, type PlanRequest, planDay } from '#domain/planning/plan';
import {
  counselorsAt,
  parseStaffingPlan,
  StaffingPlanError,
  staffingPlanSchema,
} from '#domain/planning/plan-file';
import cheongju from '#infra/config/cheongju';
import { parseCityConfig } from '#infra/config/load';

const config = parseCityConfig(structuredClone(cheongju), 'cheongju');
const city: PlanRequest['city'] = { ...config, dayModel: config.dayModel as DayModel };
const plan = (request: Partial<PlanRequest> = {}) =>
  planDay({ date: '2027-03-08', calls: 1100, answerRate: 0.988, city, ...request });

describe('a 1,100-call Monday at 98.8% answered', () => {
  const monday = plan();

  it('is a weekday, open 08:00–20:00 in 24 half hours, and a valid staffing plan file', () => {
    expect(monday.dayType).toBe('weekday');
    expect(monday.open).toEqual({ start: '08:00', end: '20:00' });
    expect(monday.intervals).toHaveLength(24);
    expect(staffingPlanSchema.parse(JSON.parse(JSON.stringify(monday)))).toEqual(monday);
  });

  it('meets the answer rate in every interval and over the day with the scheduled counselors', () => {
    for (const interval of monday.intervals) {
      expect(interval.scheduled).toBeGreaterThanOrEqual(interval.staffNeeded);
      expect(interval.predicted.answerRate).toBeGreaterThanOrEqual(0.988);
    }
    expect(monday.totals.answerRate).toBeGreaterThanOrEqual(0.988);
    expect(monday.totals.answered + monday.totals.abandoned).toBeCloseTo(monday.totals.offered, 0);
  });

  it('needs about the seed’s counselors: a peak of 15 on the phones and 20 people on shift', () => {
    expect(monday.totals.peakRequired).toBe(15);
    expect(monday.totals.peakInterval).toBe('10:00');
    expect(monday.totals.counselors).toBe(20);
    expect(monday.totals.counselorHours).toBe(136);
    expect(monday.totals.requiredCounselorHours).toBe(123.5);
  });

  it('counts the counselors at work at any minute from the shifts, lunch breaks excluded', () => {
    monday.intervals.forEach((interval, i) => {
      expect(counselorsAt(monday.shifts, 8 * 60 + i * 30)).toBe(interval.scheduled);
    });
    expect(counselorsAt(monday.shifts, 20 * 60)).toBe(0);
  });

  it('reports the seed’s figures under the names of /api/stats/today', () => {
    expect(monday.totals.unifiedShare).toBe(0.54);
    expect(monday.totals.firstContactResolution).toBeCloseTo(0.723, 2);
    expect(monday.totals.calls).toBe(1100);
  });

  it('needs more counselors, never fewer, for a stricter target', () => {
    const strict = plan({ answerRate: 0.995, serviceLevel: { share: 0.9, seconds: 10 } });
    monday.intervals.forEach((interval, i) => {
      expect(strict.intervals[i]?.required).toBeGreaterThanOrEqual(interval.required);
    });
    expect(strict.totals.counselorHours).toBeGreaterThan(monday.totals.counselorHours);
    expect(strict.inputs.serviceLevel).toEqual({ share: 0.9, seconds: 10 });
  });

  it('shows Erlang C asking for fewer counselors at 80/20 than Erlang A at 98.8% answered', () => {
    const peak = monday.intervals.find((i) => i.start === '10:00');
    expect(peak?.erlangCRequired).toBeLessThan(peak?.required ?? 0);
  });
});

describe('day types and defaults', () => {
  it('plans the day after 추석 with that day type’s calls and morning peak', () => {
    const after = plan({ date: '2027-09-17', calls: undefined });
    expect(after.dayType).toBe('dayAfterLongHoliday');
    expect(after.inputs.calls).toBe(1500);
    expect(after.totals.peakRequired).toBeGreaterThan(plan().totals.peakRequired);
  });

  it('plans a public holiday with holiday hours and an injected holiday calendar', () => {
    const holiday = plan({ date: '2027-03-01', calls: 180 });
    expect(holiday).toMatchObject({
      dayType: 'sundayHoliday',
      holiday: true,
      open: { start: '09:00', end: '18:00' },
    });
    const injected = plan({ date: '2027-03-10', calls: 180, isHoliday: (date) => date === '2027-03-10' });
    expect(injected.dayType).toBe('sundayHoliday');
    expect(injected.holiday).toBe(true);
    expect(injected.intervals[0]).toMatchObject({ start: '08:00', calls: 0, required: 2 });
    expect(injected.notes).toEqual([
      'the sundayHoliday profile covers 09:00–18:00 but the center is open 08:00–20:00; no calls are expected outside the profile',
    ]);
  });

  it('keeps at least the minimum on the phones while open, even with no calls', () => {
    const quiet = plan({ calls: 0 });
    expect(quiet.intervals.every((i) => i.required === 2)).toBe(true);
    expect(quiet.totals.answerRate).toBe(1);
  });
});

describe('errors', () => {
  it('names what is wrong with the request', () => {
    expect(() => plan({ answerRate: 1.2 })).toThrow(PlanError);
    expect(() => plan({ answerRate: 1.2 })).toThrow(/answer rate must be between 0 and 1/);
    expect(() => plan({ serviceLevel: { share: 80, seconds: 20 } })).toThrow(/service level must be a share/);
    expect(() => plan({ calls: -3 })).toThrow(/calls must be an integer/);
    const closedSundays = {
      ...city,
      hours: { ...city.hours, weekly: { ...city.hours.weekly, SUNDAY: undefined } },
    };
    expect(() => plan({ date: '2027-03-07', city: closedSundays })).toThrow(/closed on 2027-03-07/);
    const quarterPast = {
      ...city,
      hours: { ...city.hours, weekly: { ...city.hours.weekly, MONDAY: { start: '08:15', end: '20:00' } } },
    };
    expect(() => plan({ city: quarterPast })).toThrow(
      /opening hours 08:15–20:00 on 2027-03-08 are not on the half hour/,
    );
  });
});

describe('the staffing plan file', () => {
  const file = () =>
    JSON.parse(JSON.stringify(plan())) as Record<string, unknown> & { shifts: { start: string }[] };

  it('round-trips through its schema', () => {
    expect(parseStaffingPlan(file())).toEqual(plan());
  });

  it('rejects a file that is not a plan, naming each bad field', () => {
    const bad = file();
    bad.kind = 'something-else';
    (bad.shifts[0] as { start: string }).start = '07:00';
    delete bad.totals;
    let error: unknown;
    try {
      parseStaffingPlan(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StaffingPlanError);
    const issues = (error as StaffingPlanError).issues;
    expect(issues.some((i) => i.startsWith('kind:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('totals:'))).toBe(true);
    expect(() => parseStaffingPlan('{}')).toThrow(StaffingPlanError);
  });

  it('rejects shifts outside the opening hours and breaks outside their shift', () => {
    const bad = file() as unknown as {
      shifts: { start: string; breaks: { start: string; end: string }[] }[];
    };
    const shift = bad.shifts[0];
    if (!shift) throw new Error('fixture');
    shift.start = '07:00';
    shift.breaks = [{ start: '06:00', end: '06:30' }];
    expect(() => parseStaffingPlan(bad)).toThrow(/shifts\.0: shift must lie within the opening hours/);
    expect(() => parseStaffingPlan(bad)).toThrow(/shifts\.0\.breaks\.0: break must lie within the shift/);
  });
});
