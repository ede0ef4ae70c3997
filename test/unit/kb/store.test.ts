import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KbTableStore } from '#kb/store';
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
    expect(last).toBeInstanceOf(PutCommand);
    expect((last as PutCommand).input.Item).toMatchObject({
      id: '__meta__',
      version: report.version,
      count: 40,
    });
    expect(report.version).toMatch(/^\d{4}-\d{2}-\d{2}T.*#[0-9a-f]{16}$/);
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

  it('scans every page and leaves out the version marker', async () => {
    ddb
      .on(ScanCommand)
      .resolvesOnce({
        Items: [
          { id: '__meta__', version: 'v' },
          { id: 'b', category: 'tax', title: 't', answer: 'a' },
        ],
        LastEvaluatedKey: { id: 'b' },
      })
      .resolvesOnce({ Items: [{ id: 'a', category: 'water', title: 't', answer: 'a' }, { id: 'bad' }] });
    const entries = await store().scanEntries();
    expect(entries.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(ddb.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ id: 'b' });
  });
});
