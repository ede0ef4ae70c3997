import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runtimeConfigSchema } from '#commons/runtime-config';
import type { ApiHandler } from '#functions/api/router';
import { loadCityConfig } from '#infra/config/load';
import { toRuntimeConfig } from '#infra/config/runtime';
import { KbEditorialStore } from '#kb/editorial-store';
import { KbTableStore } from '#kb/store';
import { handlerEnvironment } from '#test/handlers-on-local';
import { localAws, localClients, useLocalAwsEnvironment } from '#test/local';
import { importKb } from '#tools/kb/import';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import { apiEvent, type Who } from '../unit/api/support';
import { flowEvent, lambdaContext } from '../unit/handlers/support';

/**
 * The 상담DB lifecycle through the real desk API handler and the real lookup handler on DynamoDB
 * Local (issue 14's "Done when"): a department drafts, submits and publishes an entry, and both
 * the API's search and the IVR's lookup find it within 60 s without a rebuild (the handlers read
 * the marker every KB_REFRESH_SECONDS = 1 here, and apply the published change to the index they
 * hold); retiring it removes it from both; two editors working from the same version get one 200
 * and one 409; another department's staff get 403; history lists every version and restores an
 * earlier one; counselors' feedback and the search log reach the department's gaps report. This
 * file provisions its own prefixed copy of the tables.
 */

const { doc } = localClients();
const root = new URL('../../', import.meta.url).pathname;
let resources: LocalResources;
let restoreEnvironment: () => void;
let api: ApiHandler;
let lookup: (event: unknown, context: unknown) => Promise<Record<string, string>>;
let corpusTable = '';

const COUNSELOR: Who = { username: 'counselor-kb', groups: '[counselors]' };
const ADMIN: Who = { username: 'admin-kb', groups: '[admins]' };
const WATER: Who = { username: 'water-staff', groups: '[dept-water]' };
const WATER_2: Who = { username: 'water-staff-2', groups: '[dept-water]' };
const TAX: Who = { username: 'tax-staff', groups: '[dept-tax]' };

const call = async (
  method: string,
  path: string,
  who: Who,
  options: { body?: unknown; query?: Record<string, string> } = {},
) => {
  const result = (await api(
    apiEvent(method, path, {
      who,
      ...(options.body !== undefined && { body: options.body }),
      ...(options.query !== undefined && { query: options.query }),
    }),
    lambdaContext('api'),
  )) as { statusCode: number; body?: string };
  return {
    status: result.statusCode,
    body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {},
  };
};

const deskSearch = async (q: string) => {
  const response = await call('GET', '/api/kb/search', COUNSELOR, { query: { q, top: '5' } });
  expect(response.status).toBe(200);
  return response.body as { results: { id: string; reviewOverdue: boolean }[]; searchId: string };
};

const ivrSearch = async (query: string) => {
  const response = await lookup(flowEvent({ action: 'kbSearch', query, top: '3' }), lambdaContext('lookup'));
  return [response.id1, response.id2, response.id3].filter((id): id is string => !!id);
};

/** Polls until the assertion holds, for at most the 60 s the 상담DB promises. */
const withinAMinute = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 250 });

const NEW_ENTRY = {
  category: 'water',
  title: '수도계량기 보호통 뚜껑 교체 신청',
  answer:
    '수도계량기 보호통 뚜껑이 깨졌거나 없어졌으면 상수도사업본부에 교체를 신청하시면 무상으로 교체해 드립니다.',
  keywords: ['계량기 뚜껑', '보호통'],
  questions: ['계량기 뚜껑이 깨졌어요'],
};
const QUERY = '계량기 보호통 뚜껑이 깨졌어요';

beforeAll(async () => {
  const templates = inject('cfnTemplates') as never;
  ({ resources } = await provisionFromTemplates(templates, localAws(), {
    prefix: `kbl${Date.now().toString(36)}-`,
  }));
  const city = await loadCityConfig('cheongju');
  const config = runtimeConfigSchema.parse(toRuntimeConfig(city));
  corpusTable = findTable(resources, 'KnowledgeBase').tableName;
  const entriesTable = findTable(resources, 'KbEntries').tableName;
  restoreEnvironment = useLocalAwsEnvironment(
    handlerEnvironment(templates, resources, ['Api', 'Lookup'], {
      KB_TABLE: corpusTable,
      KB_REFRESH_SECONDS: '1',
    }),
  );
  const file = join(root, 'data/kb/cheongju.jsonl');
  await importKb(readFileSync(file, 'utf8'), new KbTableStore({ client: doc, tableName: corpusTable }), {
    file,
    skipInvalid: true,
    editorial: {
      store: new KbEditorialStore({ client: doc, entriesTable, corpusTable }),
      config,
      reviewMonths: city.kb.reviewMonths,
    },
  });
  api = (await import('#functions/api/handler')).handler as unknown as ApiHandler;
  lookup = (await import('#functions/lookup/handler')).handler as unknown as typeof lookup;
  // Both containers warm, holding the imported snapshot, before anything is published.
  expect(await ivrSearch(QUERY)).not.toHaveLength(0);
  await deskSearch(QUERY);
}, 180_000);

afterAll(() => {
  restoreEnvironment?.();
});

describe('상담DB lifecycle on DynamoDB Local', () => {
  let id = '';
  let version = 0;

  it('imported the sample KB as published version 1, owned by the category’s department', async () => {
    const listed = await call('GET', '/api/kb/entries', WATER, {
      query: { department: 'water', limit: '5' },
    });
    expect(listed.status).toBe(200);
    const entries = listed.body.entries as { state: string; version: number; departmentId: string }[];
    expect(entries).toHaveLength(5);
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    for (const entry of entries)
      expect(entry).toMatchObject({ state: 'published', version: 1, departmentId: 'water' });
    const next = await call('GET', '/api/kb/entries', WATER, {
      query: { department: 'water', limit: '5', cursor: String(listed.body.nextCursor) },
    });
    expect((next.body.entries as { id: string }[])[0]?.id).not.toBe(
      (entries[0] as unknown as { id: string }).id,
    );
  });

  it('creates a draft (201) that nobody can find yet', async () => {
    const created = await call('POST', '/api/kb/entries', WATER, { body: NEW_ENTRY });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'draft',
      version: 1,
      departmentId: 'water',
      publishedVersion: null,
    });
    id = String(created.body.id);
    version = Number(created.body.version);
    expect((await deskSearch(QUERY)).results.map((r) => r.id)).not.toContain(id);
  });

  it('refuses another department’s staff (403) and publishing a draft that was never reviewed (409)', async () => {
    const edit = await call('PUT', `/api/kb/entries/${id}`, TAX, { body: { ...NEW_ENTRY, version } });
    expect(edit.status).toBe(403);
    expect((await call('POST', `/api/kb/entries/${id}/submit`, TAX, { body: { version } })).status).toBe(403);
    const early = await call('POST', `/api/kb/entries/${id}/publish`, WATER, { body: { version } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'illegal-transition', from: 'draft' });
  });

  it('gives one of two concurrent edits from the same version 200 and the other 409', async () => {
    const [a, b] = await Promise.all([
      call('PUT', `/api/kb/entries/${id}`, WATER, {
        body: { ...NEW_ENTRY, answer: `${NEW_ENTRY.answer} 신청은 전화로도 됩니다.`, version },
      }),
      call('PUT', `/api/kb/entries/${id}`, WATER_2, {
        body: { ...NEW_ENTRY, answer: `${NEW_ENTRY.answer} 교체는 3일 안에 합니다.`, version },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.body).toMatchObject({ error: 'version-conflict', currentVersion: 2 });
    version = 2;
  });

  it('publishes after review: the desk and the IVR find it within 60 s, incrementally', async () => {
    const submitted = await call('POST', `/api/kb/entries/${id}/submit`, WATER, { body: { version } });
    expect(submitted.body).toMatchObject({ state: 'review', version: 3 });
    const published = await call('POST', `/api/kb/entries/${id}/publish`, WATER_2, { body: { version: 3 } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      state: 'published',
      version: 4,
      publishedVersion: 4,
      reviewOverdue: false,
    });
    expect(published.body.reviewBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    version = 4;

    await withinAMinute(async () => (await deskSearch(QUERY)).results[0]?.id).toBe(id);
    await withinAMinute(async () => (await ivrSearch(QUERY))[0]).toBe(id);

    // Incremental: the marker's generation did not change (no rebuild), the change log grew by one.
    const marker = await doc.send(new GetCommand({ TableName: corpusTable, Key: { id: '__meta__' } }));
    expect(marker.Item).toMatchObject({ seq: 1, baseSeq: 0 });
    const change = await doc.send(
      new GetCommand({ TableName: corpusTable, Key: { id: '__change__#0000000001' } }),
    );
    expect(change.Item).toMatchObject({ entryId: id, op: 'put', entry: { title: NEW_ENTRY.title } });
  });

  it('keeps serving the published version while a new draft is edited', async () => {
    const edited = await call('PUT', `/api/kb/entries/${id}`, WATER, {
      body: { ...NEW_ENTRY, title: '계량기 뚜껑 교체 (수정 중)', version },
    });
    expect(edited.body).toMatchObject({ state: 'draft', version: 5, publishedVersion: 4 });
    version = 5;
    const hit = (await deskSearch(QUERY)).results.find((r) => r.id === id) as { title?: string } | undefined;
    expect(hit?.title).toBe(NEW_ENTRY.title);
  });

  it('lists every version in the history and restores an earlier one as a new version', async () => {
    const history = await call('GET', `/api/kb/entries/${id}/history`, WATER);
    expect(history.status).toBe(200);
    const versions = history.body.versions as {
      version: number;
      action: string;
      by: string;
      changed: string[];
    }[];
    expect(versions.map((v) => [v.version, v.action])).toEqual([
      [5, 'edit'],
      [4, 'publish'],
      [3, 'submit'],
      [2, 'edit'],
      [1, 'create'],
    ]);
    expect(versions[0]).toMatchObject({ by: 'water-staff', changed: expect.arrayContaining(['title']) });
    expect(versions[1]?.by).toBe('water-staff-2');

    const restored = await call('POST', `/api/kb/entries/${id}/restore`, WATER, {
      body: { version, from: 1 },
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      state: 'draft',
      version: 6,
      content: { answer: NEW_ENTRY.answer },
    });
    const stale = await call('POST', `/api/kb/entries/${id}/restore`, WATER, { body: { version, from: 1 } });
    expect(stale.status).toBe(409);
    version = 6;
    const latest = await call('GET', `/api/kb/entries/${id}/history`, WATER, { query: { limit: '1' } });
    expect(latest.body.versions).toEqual([
      expect.objectContaining({ version: 6, action: 'restore', restoredFrom: 1 }),
    ]);
    expect(latest.body.nextCursor).toEqual(expect.any(String));
  });

  it('takes counselors’ feedback and shows it, with the unanswered queries, in the department’s gaps report', async () => {
    const search = await deskSearch(QUERY);
    const flagged = await call('POST', `/api/kb/entries/${id}/feedback`, COUNSELOR, {
      body: {
        kind: 'outdated',
        note: '신청 전화 010-1234-5678 안내가 바뀌었어요',
        searchId: search.searchId,
      },
    });
    expect(flagged.status).toBe(201);
    expect(JSON.stringify(flagged.body)).not.toContain('1234-5678');
    expect(
      (await call('POST', `/api/kb/entries/${id}/feedback`, TAX, { body: { kind: 'wrong' } })).status,
    ).toBe(403);
    const opened = await call('POST', `/api/kb/searches/${search.searchId}/events`, COUNSELOR, {
      body: { kind: 'opened', entryId: id },
    });
    expect(opened.status).toBe(204);
    for (let i = 0; i < 2; i++) await deskSearch('우주정거장 견학 010-9876-5432 신청');

    const gaps = await call('GET', '/api/kb/gaps', WATER, { query: { department: 'water' } });
    expect(gaps.status).toBe(200);
    expect(gaps.body.feedback).toContainEqual(
      expect.objectContaining({ id, feedback: { wrong: 0, outdated: 1, unclear: 0 }, total: 1 }),
    );
    expect((await call('GET', '/api/kb/gaps', TAX, { query: { department: 'water' } })).status).toBe(403);
    const all = await call('GET', '/api/kb/gaps', ADMIN, { query: { department: 'unassigned' } });
    const anywhere = [
      ...(gaps.body.queries as { query: string }[]),
      ...((all.body.queries ?? []) as { query: string }[]),
    ];
    // The query text is logged masked, never with the phone number in it.
    expect(JSON.stringify(anywhere)).not.toContain('9876-5432');
    const entry = await call('GET', `/api/kb/entries/${id}`, WATER);
    expect(entry.body.recentFeedback).toEqual([expect.objectContaining({ kind: 'outdated' })]);
  });

  it('retires the entry: it disappears from the desk and the IVR within 60 s', async () => {
    const retired = await call('POST', `/api/kb/entries/${id}/retire`, WATER, { body: { version } });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ state: 'retired', publishedVersion: null });
    await withinAMinute(async () => (await deskSearch(QUERY)).results.map((r) => r.id)).not.toContain(id);
    await withinAMinute(async () => ivrSearch(QUERY)).not.toContain(id);
  });

  it('compacts the change log into a new snapshot that the handlers load, the retired entry still gone', async () => {
    const store = new KbTableStore({ client: doc, tableName: corpusTable });
    const result = await store.compact();
    expect(result).toMatchObject({ compacted: true, changes: 2 });
    expect(await store.readMarker()).toMatchObject({ seq: 2, baseSeq: 2, version: result.version });
    expect((await deskSearch(QUERY)).results.map((r) => r.id)).not.toContain(id);
    expect(await ivrSearch(QUERY)).not.toContain(id);
  });

  it('lets admins publish synonyms that change what a query finds', async () => {
    const current = await call('GET', '/api/kb/lexicon', ADMIN);
    expect(current.body).toMatchObject({ version: 0, state: 'published' });
    const lexicon = current.body.lexicon as { expansions: unknown[]; synonyms: string[][] };
    expect((await call('PUT', '/api/kb/lexicon', WATER, { body: { version: 0, lexicon } })).status).toBe(403);
    const before = await deskSearch('물방울이 똑똑');
    const saved = await call('PUT', '/api/kb/lexicon', ADMIN, {
      body: {
        version: 0,
        lexicon: {
          ...lexicon,
          expansions: [...lexicon.expansions, { match: ['물방울이똑똑'], expand: ['누수'] }],
        },
      },
    });
    expect(saved.body).toMatchObject({ state: 'draft', version: 1, publishedVersion: null });
    const published = await call('POST', '/api/kb/lexicon/publish', ADMIN, { body: { version: 1 } });
    expect(published.body).toMatchObject({ state: 'published', version: 2, publishedVersion: 2 });
    await withinAMinute(async () => (await deskSearch('물방울이 똑똑')).results.length).toBeGreaterThan(
      before.results.length,
    );
    const history = await call('GET', '/api/kb/lexicon/history', ADMIN);
    expect((history.body.versions as { action: string }[]).map((v) => v.action)).toEqual(['publish', 'edit']);
  });
});
