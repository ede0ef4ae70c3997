import { beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '#infra/config/load';
import { toPlanningConfig } from '#infra/config/planning';
import {
  type ArrivalRefit,
  checkForm,
  dayInfo,
  modelWithProfile,
  type PlanningConfig,
  planAndSimulate,
  planErrorKo,
} from '../../../web/src/planning-model';

let config: PlanningConfig;
beforeAll(async () => {
  const planning = toPlanningConfig(await loadCityConfig('cheongju'));
  if (!planning) throw new Error('the Cheongju config has a day model');
  // As the browser receives it: through JSON.
  config = JSON.parse(JSON.stringify(planning)) as PlanningConfig;
});

const form = (overrides: Partial<{ date: string; calls: string; answerRate: string }> = {}) => ({
  date: '2027-03-08',
  calls: '',
  answerRate: '98.8',
  ...overrides,
});

/** A refit whose weekday calls all arrive in the first hour (08:00–09:00). */
const morningRefit = (): ArrivalRefit => {
  const length = config.dayModel.dayTypes.weekday.profile.length;
  const profile = Array.from({ length }, (_, i) => (i < 2 ? 50 : 0));
  const none = { dates: 4, datesWithCalls: 0, calls: 0, outsideProfile: 0, profile: null };
  return {
    weeks: 4,
    from: '2027-02-01',
    to: '2027-02-28',
    timezone: 'Asia/Seoul',
    closedDates: [],
    dayTypes: {
      weekday: {
        dates: 19,
        datesWithCalls: 19,
        calls: 9500,
        outsideProfile: 0,
        profile: { calls: 500, from: config.dayModel.dayTypes.weekday.from, profile },
      },
      saturday: none,
      sundayHoliday: none,
      dayAfterLongHoliday: { ...none, dates: 0 },
    },
  };
};

describe('the 계획 form', () => {
  it('takes a date, a blank call count (the day type’s figure) and a percent answer rate', () => {
    expect(checkForm(form(), config)).toEqual({
      ok: true,
      value: { date: '2027-03-08', calls: undefined, answerRate: 0.988 },
    });
    expect(checkForm(form({ calls: '1,100', answerRate: '99%' }), config)).toMatchObject({
      ok: true,
      value: { calls: 1100, answerRate: 0.99 },
    });
  });

  it.each([
    [{ date: '2027-02-30' }, 'date', '실제 날짜'],
    [{ date: '' }, 'date', 'YYYY-MM-DD'],
    [{ calls: '-5' }, 'calls', '정수'],
    [{ calls: '12.5' }, 'calls', '정수'],
    [{ calls: '많이' }, 'calls', '정수'],
    [{ answerRate: '100' }, 'answerRate', '100 미만'],
    [{ answerRate: '' }, 'answerRate', '백분율'],
    [{ answerRate: '0.988' }, 'answerRate', '예: 98.8'],
  ])('refuses %j with a Korean message on %s', (overrides, field, words) => {
    const checked = checkForm(form(overrides), config);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toHaveLength(1);
    expect(checked.issues[0]?.field).toBe(field);
    expect(checked.issues[0]?.message).toContain(words);
  });

  it('names the day type and the profile in use', () => {
    expect(dayInfo(config, '2027-03-08', null)).toMatchObject({
      dayType: 'weekday',
      open: { start: '08:00', end: '20:00' },
      source: 'model',
      profile: { calls: 1100 },
    });
    // 2027-09-15 is 추석 (a public holiday): the Sunday/holiday profile and hours.
    expect(dayInfo(config, '2027-09-15', null)).toMatchObject({ dayType: 'sundayHoliday', holiday: true });
    expect(dayInfo(config, '2027-03-08', morningRefit())).toMatchObject({
      source: 'refit',
      profile: { calls: 500 },
    });
    // Saturday had no data in the refit: the model's profile stays.
    expect(dayInfo(config, '2027-03-06', morningRefit())).toMatchObject({
      dayType: 'saturday',
      source: 'model',
    });
  });
});

describe('planning and simulating a day in the browser', () => {
  it('plans a 1,100-call Monday and simulates it on the plan’s shifts near the target', async () => {
    const checked = checkForm(form({ calls: '1100' }), config);
    if (!checked.ok) throw new Error('form refused');
    const { plan, simulated, source } = await planAndSimulate(config, checked.value, null);
    expect(source).toBe('model');
    expect(plan.intervals).toHaveLength(24);
    expect(plan.totals.counselors).toBeGreaterThan(10);
    expect(plan.totals.answerRate).toBeGreaterThanOrEqual(0.988);
    expect(simulated.intervals.map((i) => i.start)).toEqual(plan.intervals.map((i) => i.start));
    expect(simulated.calls).toBeGreaterThanOrEqual(1100);
    expect(simulated.answerRate).toBeGreaterThan(0.97);
  });

  it('plans with the refit profile: all calls in the first hour need more counselors then', async () => {
    const checked = checkForm(form(), config);
    if (!checked.ok) throw new Error('form refused');
    const { plan, source } = await planAndSimulate(config, checked.value, morningRefit());
    expect(source).toBe('refit');
    expect(plan.inputs.calls).toBe(500);
    expect(plan.intervals[0]?.calls).toBe(250);
    expect(plan.intervals[5]?.calls).toBe(0);
    expect(plan.totals.peakInterval).toMatch(/^08:/);
    // The model itself is untouched.
    expect(modelWithProfile(config.dayModel, null)).toBe(config.dayModel);
  });

  it('explains a day the center is closed on in Korean', async () => {
    const error = await planAndSimulate(
      {
        ...config,
        hours: { ...config.hours, weekly: { ...config.hours.weekly, MONDAY: undefined } },
      } as PlanningConfig,
      { date: '2027-03-08', calls: 100, answerRate: 0.988 },
      null,
    ).catch((e: unknown) => e);
    expect(planErrorKo(error)).toMatch(/^이 날짜는 계획할 수 없습니다/);
  });
});
