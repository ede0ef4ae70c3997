import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KbSearchService } from '#kb/service';
import { KbTableStore } from '#kb/store';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));

const towing = {
  id: 'towing',
  category: 'vehicle-traffic',
  title: '견인 차량 찾기',
  answer: '보관소에서 찾습니다.',
};
const leak = {
  id: 'leak',
  category: 'water',
  title: '수도 누수 신고',
  answer: '상수도사업본부에 신고합니다.',
};

describe('KbSearchService', () => {
  let now = 0;
  const service = () =>
    new KbSearchService({
      source: new KbTableStore({ client, tableName: 'kb' }),
      checkIntervalMs: 30_000,
      now: () => now,
    });

  beforeEach(() => {
    ddb.reset();
    now = 1_000_000;
    ddb.on(GetCommand).resolves({ Item: { id: '__meta__', version: 'v1' } });
    ddb.on(ScanCommand).resolves({ Items: [{ id: '__meta__', version: 'v1' }, towing] });
  });

  it('builds the index from a table scan on the first query and returns entries with hits', async () => {
    const kb = service();
    const hits = await kb.search('차가 끌려갔어요');
    expect(hits[0]).toMatchObject({ id: 'towing', category: 'vehicle-traffic', entry: towing });
    expect(kb.version).toBe('v1');
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(1);
  });

  it('does not touch the table between version checks', async () => {
    const kb = service();
    await kb.search('견인');
    ddb.resetHistory();
    now += 29_000;
    for (let i = 0; i < 20; i++) await kb.search('견인');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('checks the marker with one GetItem after the interval and keeps the index when unchanged', async () => {
    const kb = service();
    await kb.search('견인');
    ddb.resetHistory();
    now += 31_000;
    await kb.search('견인');
    await kb.search('견인');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('rebuilds when the version marker changes', async () => {
    const kb = service();
    expect(await kb.search('누수')).toEqual([]);
    ddb.on(GetCommand).resolves({ Item: { id: '__meta__', version: 'v2' } });
    ddb.on(ScanCommand).resolves({ Items: [towing, leak] });
    now += 31_000;
    expect((await kb.search('물이 새요'))[0]?.id).toBe('leak');
    expect(kb.version).toBe('v2');
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(2);
  });

  it('shares one load between concurrent first queries', async () => {
    const kb = service();
    await Promise.all([kb.search('견인'), kb.search('견인'), kb.getEntry('towing')]);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(1);
  });

  it('keeps serving the previous index when the version check fails', async () => {
    const errors: unknown[] = [];
    const kb = new KbSearchService({
      source: new KbTableStore({ client, tableName: 'kb' }),
      checkIntervalMs: 30_000,
      now: () => now,
      onStaleError: (error) => errors.push(error),
    });
    await kb.warm();
    ddb.on(GetCommand).rejects(new Error('throttled'));
    now += 31_000;
    expect((await kb.search('견인'))[0]?.id).toBe('towing');
    expect(errors).toHaveLength(1);
  });

  it('fails the first query when the table cannot be read', async () => {
    ddb.on(ScanCommand).rejects(new Error('no table'));
    await expect(service().search('견인')).rejects.toThrow('no table');
  });
});
