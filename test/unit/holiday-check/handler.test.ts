import { beforeAll, describe, expect, it, vi } from 'vitest';

/** The module reads its environment at cold start: set it, then import. */
let checkHolidayCoverage: typeof import('#functions/holiday-check/handler')['checkHolidayCoverage'];

beforeAll(async () => {
  vi.stubEnv('HOLIDAY_OVERRIDES_TILL', '2027-12-31');
  vi.stubEnv('HOLIDAY_CONFIRMED_TILL', '2027-12-31');
  vi.stubEnv('CITY_TIMEZONE', 'Asia/Seoul');
  ({ checkHolidayCoverage } = await import('#functions/holiday-check/handler'));
});

describe('holiday-check', () => {
  it('reports the days left in the city’s calendar, quietly when more than 90', () => {
    // 2026-11-30T15:30Z is already 2026-12-01 in Seoul.
    expect(checkHolidayCoverage(new Date('2026-11-30T15:30:00Z'))).toEqual({
      today: '2026-12-01',
      overridesDaysLeft: 395,
      confirmedDaysLeft: 395,
      warnings: [],
    });
  });

  it('warns, with what to do, when the deployed window or the gazette ends within 90 days', () => {
    const result = checkHolidayCoverage(new Date('2027-10-15T00:00:00Z'));
    expect(result.overridesDaysLeft).toBe(77);
    expect(result.warnings.join('\n')).toMatch(/redeploy/);
    expect(result.warnings.join('\n')).toMatch(/@hyunbinseo\/holidays-kr/);
  });
});
