import { describe, expect, it } from 'vitest';
import { dayIntervals, sampleDay } from '#domain/planning/calls';
import { callMix, type DayModel } from '#domain/planning/day-model';
import cheongju from '#infra/config/cheongju';
import { parseCityConfig } from '#infra/config/load';

const config = parseCityConfig(structuredClone(cheongju), 'cheongju');
const model = config.dayModel as DayModel;
const weekday = dayIntervals(model.dayTypes.weekday, { start: '08:00', end: '20:00' });
const sample = (calls: number, seed: number) =>
  sampleDay({ model, categories: config.categories, intervals: weekday.intervals, calls, seed });

const shareOf = <T>(values: T[], predicate: (value: T) => boolean) =>
  values.filter(predicate).length / values.length;

describe('the day sampler', () => {
  it('draws the same day for the same seed and another day for another seed', () => {
    expect(sample(200, 7)).toEqual(sample(200, 7));
    expect(sample(200, 7)).not.toEqual(sample(200, 8));
  });

  it('draws exactly the requested calls, in arrival order, inside the opening hours', () => {
    const calls = sample(1100, 1);
    expect(calls).toHaveLength(1100);
    expect(calls.map((c) => c.seq)).toEqual(calls.map((_, i) => i + 1));
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]?.arrivalSeconds).toBeGreaterThanOrEqual(calls[i - 1]?.arrivalSeconds ?? 0);
    expect(calls[0]?.arrivalSeconds).toBeGreaterThanOrEqual(8 * 3600);
    expect(calls.at(-1)?.arrivalSeconds).toBeLessThan(20 * 3600);
    expect(calls[0]?.arrival).toMatch(/^0[89]:\d\d:\d\d$/);
  });

  it('follows the intraday profile: the 10:00 peak gets ~6.8% of the day, 19:30 ~1%', () => {
    const calls = sample(50_000, 2);
    const at = (hhmm: string) => {
      const index = weekday.intervals.findIndex(
        (i) => i.startMinute === Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)),
      );
      return shareOf(calls, (c) => c.interval === index);
    };
    expect(at('10:00')).toBeCloseTo(0.068, 2);
    expect(at('12:30')).toBeCloseTo(0.03, 2);
    expect(at('19:30')).toBeCloseTo(0.01, 2);
  });

  it('keeps the entry-point, category and disposition mix of the model', () => {
    const calls = sample(50_000, 3);
    expect(shareOf(calls, (c) => c.entryPoint === 'unified')).toBeCloseTo(0.54, 2);
    for (const category of config.categories)
      expect(shareOf(calls, (c) => c.category === category.code)).toBeCloseTo(category.seedShare, 2);
    const counselorCalls = calls.filter((c) => !c.menu.selfService);
    const mix = callMix(model, config.categories);
    expect(shareOf(counselorCalls, (c) => c.disposition === 'answered')).toBeCloseTo(
      mix.dispositions.answered,
      2,
    );
    expect(counselorCalls.length / calls.length).toBeCloseTo(mix.counselorShare, 2);
    const handle =
      counselorCalls.reduce((sum, c) => sum + c.talkSeconds + c.afterCallWorkSeconds, 0) /
      counselorCalls.length;
    expect(Math.abs(handle - mix.averageHandleSeconds)).toBeLessThan(3);
  });

  it('walks each call through the menu as the inbound flow does', () => {
    const calls = sample(5_000, 4);
    for (const call of calls) {
      if (call.entryPoint === 'barocall') {
        expect(call.menu).toEqual({
          route: 'no-menu',
          inputs: [],
          flowCategory: 'living-complaints',
          selfService: false,
        });
        continue;
      }
      const keys = call.menu.inputs.filter((input) => input !== '9');
      switch (call.menu.route) {
        case 'category-key':
          expect(model.menu.keys[keys[0] ?? '']).toBe(call.category);
          expect(call.menu.flowCategory).toBe(call.category);
          break;
        case 'counselor-key':
          expect(keys).toEqual(['0']);
          expect(call.menu.flowCategory).toBe('civil-general');
          break;
        case 'timeout':
          expect(keys).toEqual(['timeout']);
          break;
        case 'ticket-status':
          expect(keys).toEqual(['1', '{ticket}#', call.menu.selfService ? '1' : '0']);
          break;
        default:
          throw new Error(`unexpected route ${call.menu.route}`);
      }
    }
    // Callers of a category without a key (시정일반, 농업, 경제투자, 일반민원) never press a category key.
    expect(calls.some((c) => c.category === 'agriculture' && c.menu.route === 'category-key')).toBe(false);
    expect(shareOf(sample(30_000, 5), (c) => c.menu.selfService)).toBeCloseTo(0.97 * 0.05 * 0.6, 2);
  });

  it('rejects a negative or fractional number of calls', () => {
    expect(() => sample(-1, 1)).toThrow(/calls must be an integer/);
    expect(() => sample(2.5, 1)).toThrow(/calls must be an integer/);
  });
});

describe('day intervals', () => {
  it('clips the profile to shorter holiday hours and spreads the rest', () => {
    const clipped = dayIntervals(model.dayTypes.weekday, { start: '09:00', end: '18:00' });
    expect(clipped.intervals).toHaveLength(18);
    expect(clipped.intervals.reduce((sum, i) => sum + i.share, 0)).toBeCloseTo(1, 10);
    expect(clipped.clippedShare).toBeCloseTo((1.9 + 2.8 + 1.7 + 1.3 + 1.0 + 1.0) / 100, 10);
  });

  it('refuses hours that do not overlap the profile', () => {
    expect(() => dayIntervals(model.dayTypes.saturday, { start: '19:00', end: '22:00' })).toThrow(
      /does not overlap the opening hours 19:00–22:00/,
    );
  });
});
