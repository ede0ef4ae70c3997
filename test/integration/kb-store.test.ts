import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KbSearchService } from '#kb/service';
import { KbTableStore } from '#kb/store';
import { localAws, localClients, tableName } from '#test/local';
import { importKb } from '#tools/kb/import';
import { localAwsEnvironment } from '#tools/local-aws/services';

/**
 * `kb import` / `kb export` and the Lambda's KbSearchService on DynamoDB Local. This file makes
 * its own copy of the KnowledgeBase table (same keys, unique name), so it runs beside the other
 * integration tests without touching their data.
 */

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const sampleFile = join(root, 'data/kb/cheongju.jsonl');
const sampleLines = readFileSync(sampleFile, 'utf8').trim().split('\n');
const sample = sampleLines.map((line) => JSON.parse(line) as Record<string, unknown>);
const { dynamo, doc } = localClients();
const dir = mkdtempSync(join(tmpdir(), 'kb-store-'));
let table = '';
let entriesTable = '';

const cli = (...args: string[]) =>
  run(
    'npx',
    [
      'tsx',
      'tools/kb/cli.ts',
      ...args,
      '--table',
      table,
      ...(args[0] === 'import' ? ['--entries-table', entriesTable] : []),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...localAwsEnvironment(localAws()) },
    },
  );

/** Every item of the table (entries, marker, snapshot chunks), sorted by id. */
const scanAll = async (): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => String(a.id).localeCompare(String(b.id)));
};

const entriesOf = (items: Record<string, unknown>[]) =>
  items.filter((item) => !String(item.id).startsWith('__'));

const marker = (items: Record<string, unknown>[]) => items.find((item) => item.id === '__meta__');

const writeFile = (name: string, lines: string[]) => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

beforeAll(async () => {
  const source = await dynamo.send(new DescribeTableCommand({ TableName: tableName('KnowledgeBase') }));
  table = `kbit-${Date.now().toString(36)}-${process.pid}`;
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: source.Table?.KeySchema,
      AttributeDefinitions: source.Table?.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 60 }, { TableName: table });
  // A copy of the KbEntries table too (keys and GSIs), where imports record the versions.
  const entries = await dynamo.send(new DescribeTableCommand({ TableName: tableName('KbEntries') }));
  entriesTable = `${table}-entries`;
  await dynamo.send(
    new CreateTableCommand({
      TableName: entriesTable,
      KeySchema: entries.Table?.KeySchema,
      AttributeDefinitions: entries.Table?.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: entries.Table?.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
    }),
  );
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 60 }, { TableName: entriesTable });
});

afterAll(async () => {
  if (table) await dynamo.send(new DeleteTableCommand({ TableName: table }));
  if (entriesTable) await dynamo.send(new DeleteTableCommand({ TableName: entriesTable }));
});

describe('kb import / export on DynamoDB Local', () => {
  it('imports the sample KB: every entry, the version marker and the index snapshot', async () => {
    const { stdout } = await cli('import', '--file', sampleFile, '--replace');
    expect(stdout).toMatch(new RegExp(`imported ${sample.length} entries`));
    expect(stdout).toMatch(/index snapshot stored/);
    const items = await scanAll();
    expect(entriesOf(items).map((item) => item.id)).toEqual(sample.map((entry) => entry.id).sort());
    const meta = marker(items);
    expect(meta?.version).toEqual(expect.stringMatching(/#[0-9a-f]{16}$/));
    const chunks = items.filter((item) => String(item.id).startsWith('__index__#'));
    expect(chunks).toHaveLength(meta?.indexChunks as number);
    expect(chunks.every((chunk) => chunk.version === meta?.version)).toBe(true);
  }, 60_000);

  it('rejects a file with a bad line 7, naming it, and writes nothing', async () => {
    const before = await scanAll();
    const lines = sampleLines.map((line) => line.replace('"title":"', '"title":"수정 '));
    lines[6] = JSON.stringify({ ...sample[6], category: 'parking' });
    const file = writeFile('bad.jsonl', lines);
    const error = await cli('import', '--file', file).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/bad\.jsonl:7: category:/);
    expect((error as { stderr: string }).stderr).toMatch(/nothing was written/);
    expect(await scanAll()).toEqual(before);
  }, 60_000);

  it('with --skip-invalid writes the good lines and reports the bad ones', async () => {
    const before = marker(await scanAll())?.version;
    const file = writeFile('extra.jsonl', [
      JSON.stringify({
        id: 'it-extra-1',
        category: 'tax',
        title: '통합시험 세목',
        answer: '세정과에서 안내합니다.',
      }),
      JSON.stringify({ id: 'it-extra-2', category: 'nope', title: '나쁜 줄', answer: '쓰이면 안 됩니다.' }),
      JSON.stringify({
        id: 'it-extra-3',
        category: 'water',
        title: '통합시험 상수도',
        answer: '상수도사업본부에서 안내합니다.',
        note: '알 수 없는 필드',
        extra: { kept: true },
      }),
    ]);
    const { stdout, stderr } = await cli('import', '--file', file, '--skip-invalid');
    expect(stdout).toMatch(/imported 2 entries \(2 new version\(s\), 0 unchanged\), skipped 1 invalid line/);
    expect(stderr).toMatch(/extra\.jsonl:2: category:/);
    const items = await scanAll();
    const ids = entriesOf(items).map((item) => item.id);
    expect(ids).toContain('it-extra-1');
    expect(ids).toContain('it-extra-3');
    expect(ids).not.toContain('it-extra-2');
    expect(ids).toHaveLength(sample.length + 2);
    expect(marker(items)?.version).not.toBe(before);
  }, 60_000);

  it('export round-trips: same ids and fields, unknown fields kept', async () => {
    const out = join(dir, 'export.jsonl');
    await cli('export', '--out', out);
    const exported = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const byId = new Map(exported.map((entry) => [entry.id, entry]));
    expect(exported).toHaveLength(sample.length + 2);
    // As imported, plus what publishing adds: the owner in `department` and a `reviewBy` date.
    for (const entry of sample) {
      const { department: _d, reviewBy, ...rest } = byId.get(entry.id) ?? {};
      const { department: _e, reviewBy: given, ...expected } = entry;
      expect(rest).toEqual(expected);
      expect(reviewBy).toEqual(given ?? expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    }
    expect(byId.get('it-extra-3')).toMatchObject({ note: '알 수 없는 필드', extra: { kept: true } });
  }, 60_000);
});

describe('KbSearchService on the table', () => {
  it('answers a colloquial query from the stored snapshot, and reloads after a re-import', async () => {
    let now = 0;
    const store = new KbTableStore({ client: doc, tableName: table });
    const kb = new KbSearchService({ source: store, checkIntervalMs: 1_000, now: () => now });
    const hits = await kb.search('딱지 끊겼는데 어디서 내요', { top: 3 });
    expect(hits.map((hit) => hit.id)).toContain('vt-001');
    expect(hits[0]?.entry.answer).toEqual(expect.any(String));
    expect(kb.loadedFrom).toBe('snapshot');
    const first = kb.version;
    expect(first).toBe(await store.getVersion());
    const spaceIds = async () => (await kb.search('우주정거장 견학')).map((hit) => hit.id);
    expect(await spaceIds()).not.toContain('it-space');

    // Re-import (the sample plus one new entry): a new marker, a new snapshot.
    const added = {
      id: 'it-space',
      category: 'city-admin',
      title: '우주정거장 견학 신청',
      answer: '기획행정실에서 안내합니다.',
    };
    await importKb([...sampleLines, JSON.stringify(added)].join('\n'), store, {
      file: 'kb.jsonl',
      replace: true,
    });
    const second = await store.getVersion();
    expect(second).not.toBe(first);
    now += 500;
    expect(await spaceIds()).not.toContain('it-space'); // between checks: the old index
    now += 1_000;
    expect((await spaceIds())[0]).toBe('it-space');
    expect(kb.version).toBe(second);
    expect(kb.loadedFrom).toBe('snapshot');
    // replace removed the --skip-invalid extras
    expect(await kb.getEntry('it-extra-1')).toBeUndefined();
  }, 60_000);

  it('scans and builds the same index when the table holds no snapshot', async () => {
    const store = new KbTableStore({ client: doc, tableName: table });
    const withSnapshot = new KbSearchService({ source: store });
    await withSnapshot.warm();
    await store.writeEntries(entriesOf(await scanAll()) as never, {
      version: 'no-snapshot',
      snapshot: false,
    });
    const items = await scanAll();
    expect(items.some((item) => String(item.id).startsWith('__index__#'))).toBe(false);
    const scanned = new KbSearchService({ source: store });
    for (const query of ['딱지 끊겼는데 어디서 내요', '물이 새요', '땅값 알고 싶어요']) {
      const a = await scanned.search(query, { top: 5 });
      const b = await withSnapshot.search(query, { top: 5 });
      expect(a.map((hit) => [hit.id, hit.score])).toEqual(b.map((hit) => [hit.id, hit.score]));
    }
    expect(scanned.loadedFrom).toBe('scan');
    expect(scanned.version).toBe('no-snapshot');
  }, 60_000);
});
