import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContactArrivals } from '#adapters/contact-arrivals';
import type { PlanningConfig } from '#commons/planning-config';
import { createArrivalRefit, refitWindow } from '#functions/use-cases/arrival-refit';
import { loadCityConfig } from '#infra/config/load';
import { toPlanningConfig } from '#infra/config/planning';

const doc = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));
let planning: PlanningConfig;

beforeAll(async () => {
  const config = toPlanningConfig(await loadCityConfig('cheongju'));
  if (!config) throw new Error('the Cheongju config has a day model');
  planning = config;
});
beforeEach(() => doc.reset());

/** Monday 30 November 2026, noon in Seoul: the last full week is 23–29 November. */
const NOW = () => new Date('2026-11-30T03:00:00Z');

const refit = () =>
  createArrivalRefit({
    arrivals: createContactArrivals({ client: client, tableName: 'Contacts' }),
    planning,
    now: NOW,
  });

describe('the refit window', () => {
  it('takes the last full Monday-to-Sunday weeks, leaving out the running week', () => {
    expect(refitWindow('2026-11-30', 1)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(refitWindow('2026-12-02', 4)).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    // On a Sunday the week is still running: it is not a full week yet.
    expect(refitWindow('2026-11-29', 1)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
  });
});

describe('arrival profile refit from the Contacts table', () => {
  it('counts every page of a day, per 30-minute interval in city time, and gives percent per interval', async () => {
    doc.on(QueryCommand).resolves({ Items: [] });
    doc
      .on(QueryCommand, { ExpressionAttributeValues: { ':day': '2026-11-23' } })
      .resolvesOnce({
        Items: [
          { initiatedAt: '2026-11-23T08:10:00.000+09:00' },
          { initiatedAt: '2026-11-22T23:20:00.000Z' },
        ],
        LastEvaluatedKey: {
          contactId: 'c2',
          day: '2026-11-23',
          initiatedAt: '2026-11-23T08:20:00.000+09:00',
        },
      })
      .resolvesOnce({
        Items: [
          { initiatedAt: '2026-11-23T09:05:00.000+09:00' },
          { initiatedAt: '2026-11-23T21:00:00.000+09:00' },
        ],
      });
    doc
      .on(QueryCommand, { ExpressionAttributeValues: { ':day': '2026-11-29' } })
      .resolves({ Items: [{ initiatedAt: '2026-11-29T10:00:00.000+09:00' }] });

    const result = await refit()(1);

    expect(result).toMatchObject({ weeks: 1, from: '2026-11-23', to: '2026-11-29', timezone: 'Asia/Seoul' });
    const weekday = result.dayTypes.weekday;
    expect(weekday).toMatchObject({ dates: 5, datesWithCalls: 1, calls: 3, outsideProfile: 1 });
    expect(weekday.profile?.from).toBe(planning.dayModel.dayTypes.weekday.from);
    expect(weekday.profile?.calls).toBe(3);
    expect(weekday.profile?.profile.slice(0, 3)).toEqual([66.67, 0, 33.33]);
    expect(weekday.profile?.profile).toHaveLength(planning.dayModel.dayTypes.weekday.profile.length);
    // The second page was asked for with the first page's LastEvaluatedKey, on the byDay index.
    const pages = doc
      .commandCalls(QueryCommand)
      .map((c) => c.args[0].input)
      .filter((input) => input.ExpressionAttributeValues?.[':day'] === '2026-11-23');
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({ IndexName: 'byDay', ProjectionExpression: '#initiatedAt' });
    expect(pages[1]?.ExclusiveStartKey).toMatchObject({ contactId: 'c2' });
    expect(doc.commandCalls(QueryCommand)).toHaveLength(8); // seven days, one of them two pages
    expect(result.dayTypes.sundayHoliday).toMatchObject({ dates: 1, datesWithCalls: 1, calls: 1 });
  });

  it('says a day type had no data instead of inventing a profile', async () => {
    doc.on(QueryCommand).resolves({ Items: [] });
    const result = await refit()(1);
    expect(result.dayTypes.saturday).toEqual({
      dates: 1,
      datesWithCalls: 0,
      calls: 0,
      outsideProfile: 0,
      profile: null,
    });
    // No long holiday in the window: no date of that type at all.
    expect(result.dayTypes.dayAfterLongHoliday).toMatchObject({ dates: 0, profile: null });
  });

  it('refuses a number of weeks outside 1–12', async () => {
    await expect(refit()(0)).rejects.toThrow(/weeks/);
    await expect(refit()(13)).rejects.toThrow(/weeks/);
  });
});
