import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KbEntry } from '#kb/schema';
import { KbSearchService } from '#kb/service';
import { encodeKbSnapshot } from '#kb/snapshot';
import { type KbSource, type KbStoredSnapshot, KbTableStore } from '#kb/store';

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

describe('KbSearchService with a stored snapshot', () => {
  const entries = [leak, towing].sort((a, b) => (a.id < b.id ? -1 : 1)) as KbEntry[];
  const source = (stored: () => Promise<KbStoredSnapshot>) => {
    const calls = { scan: 0, version: 0, snapshot: 0 };
    const kbSource: KbSource = {
      getVersion: async () => {
        calls.version++;
        return (await stored()).version;
      },
      scanEntries: async () => {
        calls.scan++;
        return entries;
      },
      readSnapshot: async () => {
        calls.snapshot++;
        return stored();
      },
    };
    return { kbSource, calls };
  };

  it('loads the snapshot at cold start without scanning', async () => {
    const { kbSource, calls } = source(async () => ({ version: 'v1', snapshot: encodeKbSnapshot(entries) }));
    const kb = new KbSearchService({ source: kbSource });
    expect((await kb.search('딱지 끌려갔어요'))[0]).toMatchObject({ id: 'towing', entry: towing });
    expect(kb.loadedFrom).toBe('snapshot');
    expect(kb.version).toBe('v1');
    // The marker (through getVersion: this source has no readMarker) and the snapshot; no scan.
    expect(calls).toEqual({ scan: 0, version: 1, snapshot: 1 });
  });

  it('scans and builds when there is no snapshot for the version', async () => {
    const { kbSource, calls } = source(async () => ({ version: 'v1' }));
    const kb = new KbSearchService({ source: kbSource });
    expect((await kb.search('물이 새요'))[0]?.id).toBe('leak');
    expect(kb.loadedFrom).toBe('scan');
    expect(kb.version).toBe('v1');
    expect(calls).toEqual({ scan: 1, version: 1, snapshot: 1 });
  });

  it('scans and builds when the snapshot was made with other index options', async () => {
    const { kbSource } = source(async () => ({ version: 'v1', snapshot: encodeKbSnapshot(entries) }));
    const kb = new KbSearchService({ source: kbSource, indexOptions: { k1: 1.2 } });
    await kb.warm();
    expect(kb.loadedFrom).toBe('scan');
  });

  it('reports a corrupt snapshot and scans instead', async () => {
    const errors: unknown[] = [];
    const { kbSource } = source(async () => ({ version: 'v1', snapshot: new Uint8Array([1, 2, 3]) }));
    const kb = new KbSearchService({ source: kbSource, onSnapshotError: (error) => errors.push(error) });
    expect((await kb.search('물이 새요'))[0]?.id).toBe('leak');
    expect(kb.loadedFrom).toBe('scan');
    expect(errors).toHaveLength(1);
  });

  it('loads the new snapshot when the marker changes', async () => {
    let version = 'v1';
    let stored: KbEntry[] = [towing as KbEntry];
    let now = 0;
    const { kbSource } = source(async () => ({ version, snapshot: encodeKbSnapshot(stored) }));
    const kb = new KbSearchService({ source: kbSource, checkIntervalMs: 1000, now: () => now });
    expect(await kb.search('누수')).toEqual([]);
    version = 'v2';
    stored = entries;
    now += 2000;
    expect((await kb.search('물이 새요'))[0]?.id).toBe('leak');
    expect(kb.version).toBe('v2');
    expect(kb.loadedFrom).toBe('snapshot');
  });
});
