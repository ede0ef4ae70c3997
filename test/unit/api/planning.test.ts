import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dayModelSchema } from '#domain/planning/day-model';
import { loadCityConfig } from '#infra/config/load';
import { planningEnvironment } from '#infra/config/planning';
import { lambdaContext } from '../handlers/support';
import {
  apiEvent,
  bodyOf,
  createApiFakes,
  ROADS_STAFF,
  setApiEnvironment,
  statusOf,
  type Who,
} from './support';

const fakes = createApiFakes();
type Handler = typeof import('#functions/api/handler')['handler'];
let withModel: Handler;
let withoutModel: Handler;

beforeAll(async () => {
  setApiEnvironment(planningEnvironment(await loadCityConfig('cheongju')));
  withModel = (await import('#functions/api/handler')).handler;
  vi.resetModules();
  delete process.env.PLANNING_MODEL;
  withoutModel = (await import('#functions/api/handler')).handler;
});
beforeEach(() => fakes.reset());

const call = async (handler: Handler, path: string, query?: Record<string, string>, who?: Who) => {
  const result = await handler(
    apiEvent('GET', path, { ...(query && { query }), ...(who && { who }) }),
    lambdaContext('api'),
  );
  return { status: statusOf(result), body: bodyOf(result) };
};

const contact = (contactId: string, day: string, initiatedAt: string) =>
  fakes.contacts.set(contactId, {
    contactId,
    day,
    initiatedAt,
    entryPoint: 'unified',
    dialedUnified: true,
    outcome: 'answered',
  });

describe('GET /api/planning/model', () => {
  it('gives managers the day model with the hours, categories and callback offer the planner needs', async () => {
    const response = await call(withModel, '/api/planning/model');
    expect(response.status).toBe(200);
    expect(dayModelSchema.safeParse(response.body.dayModel).success).toBe(true);
    expect(response.body).toMatchObject({
      city: { id: 'cheongju', ko: '청주시' },
      timezone: 'Asia/Seoul',
      hours: { holidays: { calendar: 'KR' } },
      callbackOfferAfterSeconds: 120,
    });
    expect(response.body.categories).toContainEqual(
      expect.objectContaining({ code: 'vehicle-traffic', seedShare: expect.any(Number) }),
    );
  });

  it('refuses department staff (403), as the other managers’ figures', async () => {
    expect((await call(withModel, '/api/planning/model', undefined, ROADS_STAFF)).status).toBe(403);
  });

  it('answers 404 no-day-model with a Korean message when the city config has no day model', async () => {
    const response = await call(withoutModel, '/api/planning/model');
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('no-day-model');
    expect(String(response.body.message)).toContain('통화량 모델');
    expect((await call(withoutModel, '/api/planning/arrivals')).status).toBe(404);
  });
});

describe('GET /api/planning/arrivals', () => {
  it('refits the profile from the last four full weeks by default', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T03:00:00Z'), toFake: ['Date'] });
    try {
      contact('a1', '2026-11-24', '2026-11-24T08:05:00.000+09:00');
      contact('a2', '2026-11-24', '2026-11-24T08:35:00.000+09:00');
      contact('a3', '2026-11-30', '2026-11-30T08:35:00.000+09:00'); // this week: not counted
      const response = await call(withModel, '/api/planning/arrivals');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ weeks: 4, from: '2026-11-02', to: '2026-11-29' });
      const { weekday } = response.body.dayTypes as Record<string, { profile: { profile: number[] } }>;
      expect(weekday).toMatchObject({ calls: 2, datesWithCalls: 1 });
      expect(weekday?.profile.profile.slice(0, 2)).toEqual([50, 50]);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each(['0', '13', '2.5', 'abc'])('answers 400 naming query.weeks for weeks=%s', async (weeks) => {
    const response = await call(withModel, '/api/planning/arrivals', { weeks });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual(['query.weeks']);
    expect(String(response.body.message)).toMatch(/[가-힣]/);
  });
});
