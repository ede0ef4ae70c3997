import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '#domain/categories';
import cheongju from '#infra/config/cheongju';
import { CityConfigError, loadCityConfig, parseCityConfig } from '#infra/config/load';
import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfigInput } from '#infra/config/schema';

const base = (): CityConfigInput => structuredClone(cheongju) as CityConfigInput;

const issuesOf = (input: unknown): string[] => {
  try {
    parseCityConfig(input, 'test');
  } catch (error) {
    if (error instanceof CityConfigError) return error.issues;
    throw error;
  }
  throw new Error('config was accepted');
};

describe('city config validation', () => {
  it('accepts the Cheongju config', async () => {
    const config = await loadCityConfig('cheongju');
    expect(config.entryPoints.map((e) => e.id)).toEqual([
      'unified',
      'cityhall',
      'sangdang',
      'seowon',
      'heungdeok',
      'cheongwon',
      'barocall',
    ]);
    expect(config.categories.map((c) => c.code).sort()).toEqual([...CATEGORY_CODES].sort());
  });

  it('rejects a category that no department owns, naming the category', () => {
    const config = base();
    const living = config.departments.find((d) => d.id === 'living');
    if (!living) throw new Error('fixture');
    const others = config.departments.filter((d) => d.id !== 'living');
    config.departments = others;
    const index = config.categories.findIndex((c) => c.code === 'living-complaints');
    expect(issuesOf(config)).toContain(
      `categories[${index}].code: category "living-complaints" is owned by no department`,
    );
  });

  it('rejects a category owned by two departments, naming both owners', () => {
    const config = base();
    const index = config.departments.findIndex((d) => d.id === 'urban');
    config.departments[index]?.categories.push('tax');
    expect(issuesOf(config)).toContain(
      `departments[${index}].categories: category "tax" is owned by both "tax" and "urban"`,
    );
  });

  it('rejects a duplicate entry-point id', () => {
    const config = base();
    const copy = structuredClone(config.entryPoints[1]);
    if (!copy) throw new Error('fixture');
    config.entryPoints.push({ ...copy, number: '+82439999999' });
    expect(issuesOf(config)).toContain('entryPoints[7].id: duplicate entry-point id "cityhall"');
  });

  it('rejects weekly hours whose end is not after the start', () => {
    const config = base();
    config.hours.weekly.MONDAY = { start: '20:00', end: '08:00' };
    expect(issuesOf(config)).toContain('hours.weekly.MONDAY.end: end must be after start');
  });

  it('rejects a manual override whose end equals the start', () => {
    const config = base();
    config.hours.overrides = [{ date: '2027-06-01', nameKo: '시스템 점검', start: '10:00', end: '10:00' }];
    expect(issuesOf(config)).toContain('hours.overrides[0].end: end must be after start');
  });

  it('rejects a manual override with neither hours nor closed, and a closed one with hours', () => {
    const config = base();
    config.hours.overrides = [
      { date: '2027-06-01', nameKo: '시스템 점검' },
      { date: '2027-06-02', nameKo: '시스템 점검', closed: true, start: '09:00', end: '12:00' },
    ];
    const issues = issuesOf(config);
    expect(issues).toContain('hours.overrides[0].start: needs start and end, or closed: true');
    expect(issues).toContain('hours.overrides[1].closed: a closed day has no start/end');
  });

  it('rejects holiday hours naming no weekday, range or closed', () => {
    const config = base();
    (config.hours as { holidays: unknown }).holidays = { calendar: 'KR', hours: 'HOLIDAY' };
    expect(issuesOf(config).some((issue) => issue.startsWith('hours.holidays.hours'))).toBe(true);
  });

  it('defaults to the Korean calendar with Sunday hours on holidays and no manual overrides', () => {
    const config = base();
    const { holidays: _h, overrides: _o, ...rest } = config.hours;
    config.hours = rest as CityConfigInput['hours'];
    const parsed = parseCityConfig(config, 'test');
    expect(parsed.hours.holidays).toEqual({ calendar: 'KR', hours: 'SUNDAY' });
    expect(parsed.hours.overrides).toEqual([]);
  });

  it('rejects an entry-point number that is not E.164', () => {
    const config = base();
    const unified = config.entryPoints[0];
    if (!unified) throw new Error('fixture');
    unified.number = '043-201-0001';
    expect(issuesOf(config)).toContain('entryPoints[0].number: must be an E.164 number such as +82432010001');
  });

  it('rejects a phone transfer number that is not E.164', () => {
    const config = base();
    const index = config.departments.findIndex((d) => d.transfer.type === 'phone');
    const department = config.departments[index];
    if (!department) throw new Error('fixture');
    department.transfer = { type: 'phone', number: '+0432013300' };
    expect(issuesOf(config)).toContain(
      `departments[${index}].transfer.number: must be an E.164 number such as +82432010001`,
    );
  });

  it('rejects an entry point without provisioning for a declared stage', () => {
    const config = base();
    const unified = config.entryPoints[0];
    if (!unified) throw new Error('fixture');
    unified.provisioning = { dev: { type: 'none' } };
    expect(issuesOf(config)).toContain('entryPoints[0].provisioning: no provisioning for stage "prod"');
  });

  it('reports every invalid field at once in the error message', () => {
    const config = base();
    config.timezone = 'Korea/Cheongju';
    config.hours.weekly.SUNDAY = { start: '09:00', end: '09:00' };
    expect(() => parseCityConfig(config, 'infra/config/broken.ts')).toThrow(
      /Invalid city config infra\/config\/broken\.ts:\n {2}timezone: .*\n {2}hours\.weekly\.SUNDAY\.end/,
    );
  });

  it('fails to load a city that has no config file', async () => {
    await expect(loadCityConfig('atlantis')).rejects.toThrow(/No city config for "atlantis"/);
  });
});

describe('Cheongju config content', () => {
  it('opens 08:00–20:00 on weekdays and 09:00–18:00 at weekends', async () => {
    const { hours } = await loadCityConfig('cheongju');
    expect(hours.weekly.WEDNESDAY).toEqual({ start: '08:00', end: '20:00' });
    expect(hours.weekly.SATURDAY).toEqual({ start: '09:00', end: '18:00' });
    expect(hours.weekly.SUNDAY).toEqual({ start: '09:00', end: '18:00' });
  });

  it('generates public holidays with the weekend (Sunday) hours and lists no holiday by hand', async () => {
    const { hours } = await loadCityConfig('cheongju');
    expect(hours.holidays).toEqual({ calendar: 'KR', hours: 'SUNDAY' });
    // Only city-specific days are manual: the 2028 general election (not computable).
    expect(hours.overrides.map((o) => o.date)).toEqual(['2028-04-12']);
  });

  it('claims a number in dev and uses ported numbers in prod', async () => {
    const { entryPoints } = await loadCityConfig('cheongju');
    const unified = entryPoints.find((e) => e.id === 'unified');
    expect(unified?.provisioning.dev?.type).toBe('claim');
    expect(entryPoints.every((e) => e.provisioning.prod?.type === 'existing')).toBe(true);
  });

  it('retains data in prod and destroys it in dev', async () => {
    const { stages } = await loadCityConfig('cheongju');
    expect(stages.prod?.removalPolicy).toBe('retain');
    expect(stages.dev?.removalPolicy).toBe('destroy');
    expect(stages.prod?.region).toBe('ap-northeast-2');
  });
});

describe('toRuntimeConfig', () => {
  it('produces exactly the runtime shape of docs/contracts.md', async () => {
    const runtime = toRuntimeConfig(await loadCityConfig('cheongju'));
    expect(Object.keys(runtime)).toEqual(['city', 'timezone', 'entryPoints', 'categories', 'departments']);
    expect(runtime.city).toEqual({ ko: '청주시', en: 'Cheongju' });
    expect(runtime.entryPoints[0]).toEqual({
      id: 'unified',
      number: '+82432010001',
      nameKo: '통합민원콜센터',
    });
    expect(runtime.categories).toContainEqual({ code: 'tax', nameKo: '세무' });
    expect(runtime.departments).toContainEqual({
      id: 'tax',
      nameKo: '세정과',
      categories: ['tax'],
      slaHours: 72,
      transfer: { type: 'queue' },
    });
    expect(runtime.departments).toContainEqual({
      id: 'water',
      nameKo: '상수도사업본부',
      categories: ['water'],
      slaHours: 24,
      transfer: { type: 'phone', number: '+82432013300' },
    });
  });
});
