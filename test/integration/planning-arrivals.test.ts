import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContactArrivals } from '#adapters/contact-arrivals';
import { createContactRecords } from '#adapters/contact-records';
import { addDays, dayTypeOf, holidaysFromHours } from '#domain/planning/calendar';
import { cityDay } from '#domain/time';
import type { ApiHandler } from '#functions/api/router';
import { refitWindow } from '#functions/use-cases/arrival-refit';
import { loadCityConfig } from '#infra/config/load';
import { handlerEnvironment } from '#test/handlers-on-local';
import { localAws, localClients, useLocalAwsEnvironment } from '#test/local';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import { apiEvent } from '../unit/api/support';
import { lambdaContext } from '../unit/handlers/support';

/**
 * The arrival refit on DynamoDB Local: contact records written by the app's own adapter into a
 * provisioned copy of the Contacts table (with its byDay index), read back page by page, and
 * `GET /api/planning/arrivals` through the API handler with the environment its template gives it
 * (its build-time constants, the planning slice among them, included from the template metadata).
 */

const { doc } = localClients();
let contactsTable = '';
let api: ApiHandler;
let restoreEnvironment: () => void;
/** A working weekday (usually the Tuesday) and the Saturday of last full week (Seoul). */
let tuesday = '';
let saturday = '';
let saturdayType = 'saturday';

beforeAll(async () => {
  const templates = inject('cfnTemplates') as never;
  const { resources } = await provisionFromTemplates(templates, localAws(), {
    prefix: `plan${Date.now().toString(36)}-`,
  });
  contactsTable = findTable(resources, 'Contacts').tableName;
  const city = await loadCityConfig('cheongju');
  const monday = refitWindow(cityDay(new Date(), 'Asia/Seoul'), 1).from;
  // A working weekday of last week (not a public holiday, not right after a long one).
  const isHoliday = holidaysFromHours(city.hours);
  tuesday =
    [1, 2, 3, 4, 0]
      .map((d) => addDays(monday, d))
      .find((date) => dayTypeOf(date, isHoliday).dayType === 'weekday') ?? addDays(monday, 1);
  saturday = addDays(monday, 5);
  saturdayType = dayTypeOf(saturday, isHoliday).dayType;
  const records = createContactRecords({ client: doc, tableName: contactsTable });
  const calls: [string, string][] = [
    [tuesday, '08:01'],
    [tuesday, '08:29'],
    [tuesday, '08:30'],
    [tuesday, '12:15'],
    [tuesday, '19:59'],
    [tuesday, '20:30'], // after hours: outside the weekday profile
    [saturday, '10:00'],
  ];
  for (const [i, [day, time]] of calls.entries())
    await records.put({
      contactId: `plan-int-${i}`,
      day,
      initiatedAt: `${day}T${time}:00.000+09:00`,
      entryPoint: 'unified',
      dialedUnified: true,
      outcome: 'answered',
    });
  restoreEnvironment = useLocalAwsEnvironment(handlerEnvironment(templates, resources, ['Api']));
  api = (await import('#functions/api/handler')).handler as unknown as ApiHandler;
}, 120_000);

afterAll(() => {
  restoreEnvironment?.();
});

describe('arrival refit on DynamoDB Local', () => {
  it('reads every page of a day from the byDay index', async () => {
    const arrivals = createContactArrivals({ client: doc, tableName: contactsTable, pageSize: 2 });
    const instants = await arrivals.initiatedOn(tuesday);
    expect(instants).toHaveLength(6);
    expect(instants[0]).toBe(`${tuesday}T08:01:00.000+09:00`);
  });

  it('GET /api/planning/arrivals?weeks=1 refits per day type from last week’s records', async () => {
    const result = (await api(
      apiEvent('GET', '/api/planning/arrivals', { query: { weeks: '1' } }),
      lambdaContext('api'),
    )) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body) as {
      weeks: number;
      from: string;
      dayTypes: Record<
        string,
        { dates: number; calls: number; outsideProfile: number; profile: { profile: number[] } | null }
      >;
    };
    expect(body.weeks).toBe(1);
    expect(body.from).toBe(refitWindow(cityDay(new Date(), 'Asia/Seoul'), 1).from);
    expect(body.dayTypes.weekday).toMatchObject({ calls: 5, outsideProfile: 1 });
    // 08:00 (08:01, 08:29), 08:30, 12:00 (12:15), 19:30 (19:59): percent of the five calls.
    const weekday = body.dayTypes.weekday?.profile?.profile ?? [];
    expect([weekday[0], weekday[1], weekday[8], weekday.at(-1)]).toEqual([40, 20, 20, 20]);
    expect(body.dayTypes[saturdayType]).toMatchObject({ calls: 1, profile: { calls: 1 } });
  });
});
