import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callMix, type DayModel, dayModelSchema } from '#domain/planning/day-model';
import cheongju from '#infra/config/cheongju';
import { formatPath, parseCityConfig } from '#infra/config/load';
import { type CityConfigInput, cityConfigSchema } from '#infra/config/schema';

const base = (): CityConfigInput => structuredClone(cheongju) as CityConfigInput;

/** Every validation message of a config, as `path: message` (empty when it is valid). */
const issuesOf = (input: unknown): string[] => {
  const result = cityConfigSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
};

const model = (): DayModel => {
  const parsed = parseCityConfig(base(), 'cheongju').dayModel;
  if (!parsed) throw new Error('the Cheongju config has no dayModel');
  return parsed;
};

const dayModelOf = (config: CityConfigInput) => {
  if (!config.dayModel) throw new Error('fixture has no dayModel');
  return config.dayModel;
};

describe('the Cheongju day model reproduces the seed', () => {
  const mix = callMix(model(), cheongju.categories);

  it('sends 54% of calls to the unified number', () => {
    expect(mix.unifiedShare).toBeCloseTo(0.54, 10);
  });

  it('keeps the category mix of the seed over all calls (바로콜 included)', () => {
    const byCategory = new Map<string, number>();
    for (const cell of mix.cells)
      byCategory.set(cell.category, (byCategory.get(cell.category) ?? 0) + cell.share);
    for (const category of cheongju.categories)
      expect(byCategory.get(category.code)).toBeCloseTo(category.seedShare, 10);
  });

  it('resolves 72.3% of answered calls at the counselor and files a ticket for ~4.3% (12,385 reports a year)', () => {
    expect(mix.dispositions.answered).toBeGreaterThan(0.72);
    expect(mix.dispositions.answered).toBeLessThan(0.726);
    // 12,385 reports / (193,489 calls × 12/8 months × 98.8% answered) = 4.32%
    expect(mix.dispositions.ticket).toBeGreaterThan(0.04);
    expect(mix.dispositions.ticket).toBeLessThan(0.047);
  });

  it('plans 1,100 calls on a weekday, the seed’s daily figure', () => {
    expect(model().dayTypes.weekday.calls).toBe(1100);
  });

  it('uses the category keys of the inbound flow', () => {
    const flow = JSON.parse(readFileSync('contact-flows/inbound.json', 'utf8')) as {
      Actions: {
        Identifier: string;
        Type: string;
        Parameters: { Attributes?: Record<string, string> };
        Transitions: {
          NextAction?: string;
          Conditions?: { NextAction: string; Condition: { Operands: string[] } }[];
        };
      }[];
    };
    const actions = new Map(flow.Actions.map((a) => [a.Identifier, a]));
    const menu = actions.get('main-menu');
    if (!menu) throw new Error('inbound.json has no main-menu block');
    const categoryOfKey = new Map<string, string>();
    for (const condition of menu.Transitions.Conditions ?? []) {
      const key = condition.Condition.Operands[0] ?? '';
      const category = actions.get(condition.NextAction)?.Parameters.Attributes?.category;
      if (category) categoryOfKey.set(key, category);
    }
    expect(Object.fromEntries(categoryOfKey)).toEqual(model().menu.keys);
    const keys = (menu.Transitions.Conditions ?? []).map((c) => c.Condition.Operands[0]);
    expect(keys).toContain(model().menu.ticketStatusKey);
    expect(keys).toContain(model().menu.counselorKey);
  });
});

describe('day model validation', () => {
  it('is optional: a city without one still validates', () => {
    const config = base();
    delete config.dayModel;
    expect(parseCityConfig(config, 'test').dayModel).toBeUndefined();
  });

  it('rejects an interval profile that does not add up to 100%', () => {
    const config = base();
    dayModelOf(config).dayTypes.weekday.profile[0] = 10;
    expect(issuesOf(config)).toContain(
      'dayModel.dayTypes.weekday.profile: profile must add up to 100 (percent of the day)',
    );
  });

  it('rejects a profile that does not match the opening hours, naming both', () => {
    const config = base();
    dayModelOf(config).dayTypes.saturday.from = '10:00';
    expect(issuesOf(config)).toContain(
      'dayModel.dayTypes.saturday: the profile covers 10:00–19:00 but SATURDAY hours are 09:00–18:00 (one share per 30 minutes of opening)',
    );
  });

  it('rejects an unknown entry point and a fixed category beyond its seed share', () => {
    const config = base();
    const entries = dayModelOf(config).entryPoints;
    entries[1] = { id: 'city-hall', share: 0.21 };
    entries[6] = { id: 'barocall', share: 0.03, category: 'economy-investment' };
    const issues = issuesOf(config);
    expect(issues).toContain('dayModel.entryPoints[1].id: entry point "city-hall" is not in entryPoints');
    expect(issues).toContain(
      'dayModel.entryPoints: entry points fixed to "economy-investment" take 3.0% of calls, more than its seedShare (1.9%)',
    );
  });

  it('rejects shares and keys that cannot be', () => {
    const config = base();
    const day = dayModelOf(config);
    day.entryPoints[0] = { id: 'unified', share: 0.6 };
    day.menu.keys = { ...day.menu.keys, '1': 'tax' };
    day.dispositions.default = { answered: 0.8, transferred: 0.3, ticket: 0 };
    const issues = issuesOf(config);
    expect(issues).toContain('dayModel.entryPoints: entry-point shares must add up to 1');
    expect(issues).toContain('dayModel.menu.keys.1: key 1 is already the ticket-status or counselor key');
    expect(issues).toContain(
      'dayModel.dispositions.default: answered + transferred + ticket must add up to 1',
    );
  });

  it('rejects a shift whose lunch starts after its paid hours and a break not in 30-minute steps', () => {
    const messagesFor = (lunch: object) => {
      const result = dayModelSchema.safeParse({
        ...dayModelOf(base()),
        staffing: { shifts: [{ id: 'full', paidHours: 8, lunch }] },
      });
      return result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    };
    expect(messagesFor({ minutes: 60, earliestAfterHours: 3, latestAfterHours: 9 })).toContain(
      'staffing.shifts.0.lunch.latestAfterHours: the lunch break must start before the paid hours are over',
    );
    expect(messagesFor({ minutes: 45, earliestAfterHours: 3, latestAfterHours: 5 })).toContain(
      'staffing.shifts.0.lunch.minutes: must be a multiple of 30',
    );
  });
});
