import { describe, expect, it } from 'vitest';
import type { ShiftType } from '#domain/planning/day-model';
import { coverRequirement, shiftPatterns } from '#domain/planning/shifts';

const FULL: ShiftType = {
  id: 'full',
  paidHours: 8,
  lunch: { minutes: 60, earliestAfterHours: 3, latestAfterHours: 5 },
};
const HALF: ShiftType = { id: 'half', paidHours: 4 };

const works = (shift: { start: number; end: number; lunch?: { start: number; end: number } }, k: number) =>
  k >= shift.start && k < shift.end && !(shift.lunch && k >= shift.lunch.start && k < shift.lunch.end);

describe('shift patterns', () => {
  it('span 9 hours with the lunch 3–5 hours in for an 8-hour shift, and start on every half hour', () => {
    const patterns = shiftPatterns([FULL, HALF], 24);
    const full = patterns.filter((p) => p.type === 'full');
    expect(new Set(full.map((p) => p.start))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(full.every((p) => p.end - p.start === 18 && p.paidSlots === 16)).toBe(true);
    expect(new Set(full.map((p) => (p.lunch?.start ?? 0) - p.start))).toEqual(new Set([6, 7, 8, 9, 10]));
    expect(patterns.filter((p) => p.type === 'half')).toHaveLength(17);
  });
});

describe('covering a requirement with shifts', () => {
  // The weekday requirement of the 1,100-call plan (counselors at work per half hour, 08:00–20:00).
  const monday = [6, 8, 13, 14, 15, 14, 13, 11, 9, 8, 11, 12, 13, 14, 13, 13, 12, 10, 9, 8, 6, 5, 5, 5];

  it('meets every slot, keeps breaks inside shifts and shifts inside the day', () => {
    const cover = coverRequirement(monday, [FULL, HALF]);
    expect(cover.uncovered).toEqual([]);
    monday.forEach((required, k) => {
      expect(cover.scheduled[k]).toBeGreaterThanOrEqual(required);
      expect(cover.scheduled[k]).toBe(cover.shifts.filter((s) => works(s, k)).length);
    });
    for (const shift of cover.shifts) {
      expect(shift.start).toBeGreaterThanOrEqual(0);
      expect(shift.end).toBeLessThanOrEqual(monday.length);
    }
  });

  it('pays no more hours than an exact integer program over the same patterns (136 h, 20 counselors)', () => {
    // scipy.optimize.milp over the same 52 patterns (minimum paid hours) gives 136 h with 14 full
    // and 6 half shifts; the lower bound Σ requirement × 30 min is 123.5 h.
    const cover = coverRequirement(monday, [FULL, HALF]);
    const paidHours = cover.shifts.reduce((sum, s) => sum + s.paidSlots, 0) / 2;
    expect(paidHours).toBe(136);
    expect(cover.shifts).toHaveLength(20);
  });

  it('staffs a flat weekend requirement with whole shifts', () => {
    const cover = coverRequirement(new Array(18).fill(2), [FULL, HALF]);
    expect(cover.shifts.map((s) => s.type).sort()).toEqual(['full', 'full', 'half', 'half']);
  });

  it('uses only the shift types it is given', () => {
    const cover = coverRequirement(monday, [FULL]);
    expect(cover.shifts.every((s) => s.type === 'full')).toBe(true);
    expect(cover.uncovered).toEqual([]);
  });

  it('refuses opening hours shorter than every shift type, and needs no shift for no requirement', () => {
    expect(() => coverRequirement([1, 1, 1], [HALF])).toThrow(/no shift type fits in the 1.5 opening hours/);
    expect(coverRequirement([0, 0, 0], [HALF])).toEqual({ shifts: [], scheduled: [0, 0, 0], uncovered: [] });
  });

  it('rejects a requirement that is not a whole number of counselors', () => {
    expect(() => coverRequirement([1, 2.5], [HALF])).toThrow(/required\[1\] must be an integer/);
  });
});
