import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseKbJsonl } from '#kb/jsonl';
import { decodeKbSnapshot } from '#kb/snapshot';
import { KB_SNAPSHOT_CHUNK_BYTES, KbTableStore } from '#kb/store';
import { importKb, KbImportRejected } from '#tools/kb/import';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));
const store = () => new KbTableStore({ client, tableName: 'kb', sleep: async () => {} });
const fixture = readFileSync(new URL('./fixtures/kb.jsonl', import.meta.url), 'utf8');

describe('KB import into the KnowledgeBase table', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(ScanCommand).resolves({ Items: [] });
  });

  it('rejects a file with a bad line, naming the line, and writes nothing', async () => {
    const lines = fixture.trim().split('\n');
    lines[4] = '{"id": "broken", "category": "tax"';
    lines[9] = JSON.stringify({ id: 'x', category: 'parking', title: 't', answer: 'a' });
    const error = await importKb(lines.join('\n'), store(), { file: 'kb.jsonl' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KbImportRejected);
    expect((error as Error).message).toMatch(/kb\.jsonl:5: invalid JSON/);
    expect((error as Error).message).toMatch(/kb\.jsonl:10: category:/);
    expect((error as Error).message).toMatch(/nothing was written/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('with skipInvalid writes the valid entries and reports the skipped lines', async () => {
    const text = `${fixture}{"id":"vt-towing","category":"tax","title":"t","answer":"a"}\n`;
    const report = await importKb(text, store(), { file: 'kb.jsonl', skipInvalid: true });
    expect(report.written).toBe(40);
    expect(report.skipped).toEqual([{ line: 41, message: expect.stringMatching(/duplicate id/) }]);
  });

  it('writes entries in batches of 25 and the version marker last', async () => {
    const report = await importKb(fixture, store(), { file: 'kb.jsonl' });
    const batches = ddb.commandCalls(BatchWriteCommand);
    expect(batches.map((call) => call.args[0].input.RequestItems?.kb?.length)).toEqual([25, 15]);
    const calls = ddb.calls();
    const last = calls[calls.length - 1]?.args[0];
    // An update, not a put: the change log's `seq` (publishing's) stays; `baseSeq` is the seq read first.
    expect(last).toBeInstanceOf(UpdateCommand);
    expect((last as UpdateCommand).input).toMatchObject({
      Key: { id: '__meta__' },
      ExpressionAttributeValues: { ':version': report.version, ':baseSeq': 0 },
    });
    expect((last as UpdateCommand).input.UpdateExpression).toContain('if_not_exists(#seq');
    expect(report.version).toMatch(/^\d{4}-\d{2}-\d{2}T.*#[0-9a-f]{16}$/);
  });

  it('stores the index snapshot in chunk items tagged with the version, before the marker', async () => {
    const report = await importKb(fixture, store(), { file: 'kb.jsonl', replace: true });
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item ?? {});
    expect(report.snapshotChunks).toBe(1);
    expect(puts.map((item) => item.id)).toEqual(['__index__#0']);
    expect(puts[0]).toMatchObject({ version: report.version, data: expect.any(Uint8Array) });
    expect((puts[0]?.data as Uint8Array | undefined)?.length).toBeLessThanOrEqual(KB_SNAPSHOT_CHUNK_BYTES);
    const marker = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(marker?.ExpressionAttributeValues).toMatchObject({ ':version': report.version, ':chunks': 1 });
    expect(ddb.calls().at(-1)?.args[0]).toBeInstanceOf(UpdateCommand);
  });

  it('reads the snapshot back by GetItem (marker, then chunks) and decodes the same KB', async () => {
    const table = new Map<string, Record<string, unknown>>();
    ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      table.set(input.Item.id as string, input.Item);
      return {};
    });
    ddb
      .on(UpdateCommand)
      .callsFake((input: { Key: { id: string }; ExpressionAttributeValues: Record<string, unknown> }) => {
        const values = input.ExpressionAttributeValues;
        table.set(input.Key.id, {
          id: input.Key.id,
          version: values[':version'],
          indexChunks: values[':chunks'],
        });
        return {};
      });
    ddb.on(GetCommand).callsFake((input: { Key: { id: string } }) => ({ Item: table.get(input.Key.id) }));
    const report = await importKb(fixture, store(), { file: 'kb.jsonl', replace: true });
    ddb.resetHistory();
    const stored = await store().readSnapshot();
    expect(stored.version).toBe(report.version);
    const loaded = decodeKbSnapshot(stored.snapshot ?? new Uint8Array());
    expect(loaded?.entries.map((entry) => entry.id)).toEqual(
      parseKbJsonl(fixture)
        .entries.map((entry) => entry.id)
        .sort(),
    );
    expect(loaded?.index.search('주차 딱지 떼였어요')[0]?.id).toBe('vt-parking-fine');
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);

    // A chunk of another version (an import in progress): no snapshot, the marker's version only.
    table.set('__index__#0', { ...table.get('__index__#0'), version: 'other' });
    expect(await store().readSnapshot()).toEqual({ version: report.version });
  });

  it('without replace builds the snapshot from what the table holds after the write', async () => {
    const other = { id: 'zz-other', category: 'water', title: '기존 항목', answer: '남아 있는 항목입니다.' };
    ddb.on(ScanCommand).resolves({ Items: [other, { id: '__index__#0', version: 'old' }] });
    let snapshot: Uint8Array | undefined;
    ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      if (input.Item.id === '__index__#0') snapshot = input.Item.data as Uint8Array;
      return {};
    });
    await importKb(fixture, store(), { file: 'kb.jsonl' });
    expect(ddb.commandCalls(ScanCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
    const { gunzipSync } = await import('node:zlib');
    const loaded = decodeKbSnapshot(gunzipSync(snapshot ?? new Uint8Array()));
    expect(loaded?.entries.map((entry) => entry.id)).toEqual(['zz-other']);
  });

  it('deletes chunks left over from a larger previous snapshot, after the marker', async () => {
    ddb.on(GetCommand).resolves({ Item: { id: '__meta__', indexChunks: 3 } });
    const entry = { id: 'keep', category: 'tax' as const, title: '세금', answer: '세정과' };
    await store().writeEntries([entry], { version: 'v2', replace: true });
    const calls = ddb.calls().map((call) => call.args[0]);
    const last = calls[calls.length - 1] as BatchWriteCommand;
    expect(last.input.RequestItems?.kb).toEqual([
      { DeleteRequest: { Key: { id: '__index__#1' } } },
      { DeleteRequest: { Key: { id: '__index__#2' } } },
    ]);
  });

  it('with snapshot: false stores none and the marker says so', async () => {
    const entry = { id: 'keep', category: 'tax' as const, title: '세금', answer: '세정과' };
    const result = await store().writeEntries([entry], { version: 'v3', snapshot: false });
    expect(result.snapshotChunks).toBe(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':version': 'v3',
      ':chunks': 0,
    });
  });

  it('retries unprocessed items', async () => {
    const first = JSON.parse(fixture.split('\n')[0] ?? '{}');
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { kb: [{ PutRequest: { Item: first } }] } })
      .resolves({});
    await store().writeEntries([first], { version: 'v1' });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });

  it('with replace deletes entries that are no longer in the file', async () => {
    ddb.on(ScanCommand).resolves({ Items: [{ id: 'old' }, { id: 'keep' }, { id: '__meta__' }] });
    const entry = { id: 'keep', category: 'tax' as const, title: 't', answer: 'a' };
    const result = await store().writeEntries([entry], { version: 'v2', replace: true });
    expect(result.deleted).toBe(1);
    const requests = ddb.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.kb;
    expect(requests).toEqual([{ PutRequest: { Item: entry } }, { DeleteRequest: { Key: { id: 'old' } } }]);
  });

  it('scans every page and leaves out the version marker and the snapshot chunks', async () => {
    ddb
      .on(ScanCommand)
      .resolvesOnce({
        Items: [
          { id: '__meta__', version: 'v' },
          { id: 'b', category: 'tax', title: 't', answer: 'a' },
        ],
        LastEvaluatedKey: { id: 'b' },
      })
      .resolvesOnce({
        Items: [
          { id: 'a', category: 'water', title: 't', answer: 'a' },
          { id: 'bad' },
          { id: '__index__#0', version: 'v', data: new Uint8Array(4) },
        ],
      });
    const invalid: unknown[] = [];
    const entries = await store().scanEntries((id) => invalid.push(id));
    expect(entries.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(invalid).toEqual(['bad']);
    expect(ddb.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ id: 'b' });
  });
});
