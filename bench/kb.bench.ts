/**
 * Knowledge-base search: index build time, heap and query latency p50/p99 at 1k / 10k / 100k
 * synthetic entries, build and latency on the sample 상담DB with its evaluation queries, and cold
 * start at 1k in fresh Node processes running esbuild
 * bundles (what Lambda runs; the AWS SDK external as in NodejsFunction):
 * - "Lambda: table snapshot" — the lookup Lambda's path: KbSearchService reads the `__meta__`
 *   marker and the snapshot chunks `kb import` stored (GetItem through the real SDK against an
 *   in-memory endpoint at the HTTP level) and loads the index, then the first query;
 * - "Lambda: scan + build" — the fallback when the table holds no snapshot for the version;
 * - "engine: …" — the engine alone from files (JSONL with full validation, or a snapshot file).
 * The SDK's own import and first request (paid by whichever DynamoDB call a Lambda makes first)
 * and the fake endpoint's time are printed apart, not counted.
 * Index update (issue 14): what a Lambda container does when entries are published — apply the
 * change to the index it holds (KbLiveIndex: mask the base, rebuild the small delta segment) —
 * per change, at 1k and 10k entries, and the query p99 with those changes pending.
 * `KB_BENCH_COLD_ONLY=1` runs only the cold start, `KB_BENCH_NO_COLD=1` skips it;
 * `KB_BENCH_RUNS` sets the processes per row.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { CATEGORY_CODES } from '#domain/categories';
import { createKbAnalyzer, createKbIndex, type KbIndex } from '#kb/engine';
import { parseKbJsonl } from '#kb/jsonl';
import { KbLiveIndex } from '#kb/live-index';
import type { KbEntry } from '#kb/schema';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Deterministic PRNG (mulberry32). */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const SUBJECTS = [
  '주정차 위반 과태료',
  '견인 차량',
  '자동차 이전등록',
  '자동차세',
  '재산세',
  '취득세',
  '지방소득세',
  '주민세',
  '개별공시지가',
  '건축허가',
  '위반건축물',
  '주택 임대차 신고',
  '토지대장',
  '건축물대장',
  '반려동물 등록',
  '예방접종',
  '건강진단결과서',
  '층간소음',
  '공사장 소음',
  '악취',
  '주민등록표 등본',
  '전입신고',
  '여권',
  '인감증명서',
  '가족관계증명서',
  '출생신고',
  '사망신고',
  '정보공개청구',
  '공무원 불친절',
  '기초연금',
  '기초생활보장',
  '장애인 등록',
  '아동수당',
  '부모급여',
  '도서관',
  '공공체육시설',
  '상수도 요금',
  '수도 누수',
  '수도계량기 동파',
  '단수',
  '하수도 막힘',
  '정화조 청소',
  '공익직불금',
  '농업경영체 등록',
  '유해야생동물 피해',
  '농기계 임대',
  '귀농귀촌',
  '포트홀',
  '가로등 고장',
  '생활쓰레기 배출',
  '대형폐기물',
  '음식물쓰레기',
  '불법광고물',
  '제설',
  '가로수',
  '창업 지원',
  '소상공인 육성자금',
  '일자리 상담',
  '지역화폐',
  '전통시장',
];
const ACTIONS = [
  '신청',
  '납부',
  '발급',
  '조회',
  '신고',
  '변경',
  '감면',
  '환급',
  '이의신청',
  '접수',
  '취소',
  '재발급',
];
const DETAILS = [
  '방법',
  '기간',
  '장소',
  '구비서류',
  '수수료',
  '대상',
  '절차',
  '기한',
  '문의처',
  '처리기간',
  '자격',
  '요건',
];
const PLACES = [
  '상당구',
  '서원구',
  '흥덕구',
  '청원구',
  '오창읍',
  '오송읍',
  '가경동',
  '복대동',
  '율량동',
  '용암동',
  '분평동',
  '산남동',
  '봉명동',
  '사창동',
  '내덕동',
  '우암동',
  '금천동',
  '영운동',
  '강서동',
  '옥산면',
  '남이면',
  '미원면',
];
const SENTENCES = [
  '{s} {a}은 주소지 행정복지센터나 담당 부서에서 할 수 있습니다.',
  '{s} {a} 시 신분증과 관련 서류를 지참해야 합니다.',
  '{p} 주민은 {s} {a}을 온라인으로도 할 수 있습니다.',
  '{s}의 {d}은 매년 공고로 안내하며 기한이 지나면 가산금이 붙을 수 있습니다.',
  '자세한 {d}은 {p} 담당 부서에서 안내합니다.',
  '{s} 관련 {a}은 평일 근무시간에 처리하며 처리 결과는 문자로 알려드립니다.',
  '{n}일 이내에 {a}하지 않으면 과태료가 부과될 수 있습니다.',
  '정부24나 위택스에서 {s} {a} 내역을 확인할 수 있습니다.',
];
const COLLOQUIAL = [
  '어떻게 하나요',
  '하려는데요',
  '어디서 해요',
  '했는데요',
  '언제까지예요',
  '궁금해요',
  '알려주세요',
];

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

export const syntheticEntries = (count: number, seed = 42): KbEntry[] => {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const s = pick(random, SUBJECTS);
    const a = pick(random, ACTIONS);
    const d = pick(random, DETAILS);
    const p = pick(random, PLACES);
    const fill = (template: string) =>
      template
        .replaceAll('{s}', s)
        .replaceAll('{a}', a)
        .replaceAll('{d}', d)
        .replaceAll('{p}', p)
        .replaceAll('{n}', String(7 + Math.floor(random() * 60)));
    const sentences = Array.from({ length: 2 + Math.floor(random() * 3) }, () =>
      fill(pick(random, SENTENCES)),
    );
    return {
      id: `syn-${String(i).padStart(6, '0')}`,
      category: pick(random, CATEGORY_CODES),
      title: `${p} ${s} ${a} ${d}`,
      answer: sentences.join(' '),
      keywords: [s.replaceAll(' ', ''), a, d, p],
      questions: [
        `${s} ${pick(random, COLLOQUIAL)}`,
        `${p}에서 ${s.replaceAll(' ', '')}${a} ${pick(random, COLLOQUIAL)}`,
      ],
      department: 'civil',
      updatedAt: '2026-01-01',
    };
  });
};

const syntheticQueries = (count: number, seed = 7): string[] => {
  const random = prng(seed);
  const forms = [
    () => `${pick(random, SUBJECTS)} ${pick(random, ACTIONS)} ${pick(random, COLLOQUIAL)}`,
    () => `${pick(random, SUBJECTS).replaceAll(' ', '')}${pick(random, ACTIONS)}`,
    () => `${pick(random, PLACES)} ${pick(random, SUBJECTS)} ${pick(random, DETAILS)}`,
    () =>
      pick(random, [
        '주차 딱지 떼였어요',
        '차가 끌려갔어요',
        '땅값 알고 싶어요',
        '물이 새요',
        '쓰레기 버리는 날',
      ]),
  ];
  return Array.from({ length: count }, () => pick(random, forms)());
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

const latency = (index: KbIndex, queries: string[]) => {
  for (const query of queries.slice(0, 200)) index.search(query, { top: 5 });
  const times: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    index.search(query, { top: 5 });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? 0 };
};

/**
 * Publishing as a reader sees it: 50 published changes (edits of existing entries and new ones,
 * one at a time, as the marker check finds them), each applied to the live index; then queries
 * with the 50 changes pending in the delta segment.
 */
const updates = (index: KbIndex, entries: KbEntry[], queries: string[]): string => {
  const live = new KbLiveIndex(index, entries);
  const random = prng(99);
  const fresh = syntheticEntries(50, 1234);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const edit = i % 2 === 0;
    const base = edit ? (entries[Math.floor(random() * entries.length)] as KbEntry) : (fresh[i] as KbEntry);
    const entry = edit
      ? { ...base, answer: `${base.answer} 변경 ${i}` }
      : { ...base, id: `new-${String(i).padStart(4, '0')}` };
    const started = performance.now();
    live.apply([{ seq: i + 1, id: entry.id, entry }]);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const analyze = createKbAnalyzer();
  const searchTimes: number[] = [];
  for (const query of queries.slice(0, 200)) live.search(analyze(query), { top: 5 });
  for (const query of queries) {
    const started = performance.now();
    live.search(analyze(query), { top: 5 });
    searchTimes.push(performance.now() - started);
  }
  searchTimes.sort((a, b) => a - b);
  return (
    `${' '.repeat(16)}index update (one published change applied in a container, 50 in a row): ` +
    `p50 ${ms(percentile(sorted, 50))}, max ${ms(sorted[sorted.length - 1] ?? 0)}, last (50 pending) ${ms(times[49] ?? 0)}; ` +
    `query with 50 pending p50 ${ms(percentile(searchTimes, 50))} p99 ${ms(percentile(searchTimes, 99))}`
  );
};

/**
 * The engine alone, from files: build from JSONL (full zod validation, as `kb search` / `kb eval`
 * do) or load a snapshot file.
 */
const ENGINE_COLD_SCRIPT = `
const t0 = performance.now();
const { readFileSync } = await import('node:fs');
const kb = await import(process.argv[2]);
const t1 = performance.now();
let index;
let parse = 0;
if (process.argv[4] === 'snapshot') index = kb.loadKbIndex(JSON.parse(readFileSync(process.argv[3], 'utf8')));
else {
  const entries = kb.parseKbJsonl(readFileSync(process.argv[3], 'utf8')).entries;
  parse = performance.now() - t1;
  index = kb.createKbIndex(entries);
}
const t2 = performance.now();
const hits = index.search('주차 딱지 떼였어요 어떻게 내요', { top: 3 });
const t3 = performance.now();
if (hits.length === 0) throw new Error('no hits');
process.stdout.write(JSON.stringify({ boot: t0, import: t1 - t0, build: t2 - t1, query: t3 - t2, parse, sinceProcessStart: t3 }));
`;

/**
 * A DynamoDB endpoint in memory, at the HTTP level (wire JSON in and out), so the AWS SDK does
 * all its request and response work as in Lambda: GetItem (with projections), PutItem,
 * BatchWriteItem, Scan in 1 MB pages. `busy` counts the time spent in here (the "network",
 * subtracted from the figures).
 */
const FAKE_DYNAMO = `
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const project = (item, input) => {
  if (!input.ProjectionExpression) return item;
  const names = input.ExpressionAttributeNames ?? {};
  const out = {};
  for (const raw of input.ProjectionExpression.split(',')) {
    const name = names[raw.trim()] ?? raw.trim();
    if (item[name] !== undefined) out[name] = item[name];
  }
  return out;
};
export const fakeDynamo = (items) => {
  const handler = {
    busy: 0,
    metadata: { handlerProtocol: 'http/1.1' },
    updateHttpClientConfig() {},
    httpHandlerConfigs() { return {}; },
    async handle(request) {
      const started = performance.now();
      const target = String(request.headers['x-amz-target']).split('.')[1];
      const input = JSON.parse(typeof request.body === 'string' ? request.body : decoder.decode(request.body));
      let output = {};
      if (target === 'GetItem') {
        const item = items.get(input.Key.id.S);
        output = item ? { Item: project(item, input) } : {};
      } else if (target === 'PutItem') items.set(input.Item.id.S, input.Item);
      else if (target === 'BatchWriteItem') {
        for (const r of Object.values(input.RequestItems)[0]) {
          if (r.PutRequest) items.set(r.PutRequest.Item.id.S, r.PutRequest.Item);
          else items.delete(r.DeleteRequest.Key.id.S);
        }
        output = { UnprocessedItems: {} };
      } else if (target === 'Scan') {
        const keys = [...items.keys()].sort();
        let i = input.ExclusiveStartKey ? keys.indexOf(input.ExclusiveStartKey.id.S) + 1 : 0;
        const page = [];
        let size = 0;
        for (; i < keys.length && size < 1024 * 1024; i++) {
          const item = project(items.get(keys[i]), input);
          size += JSON.stringify(item).length;
          page.push(item);
        }
        output = { Items: page, Count: page.length, ScannedCount: page.length };
        if (i < keys.length) output.LastEvaluatedKey = { id: { S: keys[i - 1] } };
      } else throw new Error('fake DynamoDB: ' + target);
      const body = encoder.encode(JSON.stringify(output));
      handler.busy += performance.now() - started;
      return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body } };
    },
  };
  return handler;
};
`;

/**
 * What the lookup Lambda does at cold start: import the KB modules (the AWS SDK is external, as
 * in the Lambda bundle, and loaded first: the handler needs it for tickets anyway), then
 * KbSearchService on the KnowledgeBase table through the real SDK, then the first query.
 */
const LAMBDA_COLD_SCRIPT = `
const t0 = performance.now();
const { readFileSync } = await import('node:fs');
const { DynamoDBClient } = await import(process.env.SDK_CLIENT);
const { DynamoDBDocumentClient } = await import(process.env.SDK_LIB);
const t1 = performance.now();
const kb = await import(process.argv[2]);
const t2 = performance.now();
const { fakeDynamo } = await import(process.argv[4]);
const endpoint = fakeDynamo(new Map(JSON.parse(readFileSync(process.argv[3], 'utf8'))));
const t3 = performance.now();
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'ap-northeast-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: endpoint }),
);
// The SDK's first request in a process sets up its middleware, endpoint rules and protocol code
// (whichever DynamoDB call the Lambda makes first pays it): timed apart.
const { GetCommand } = await import(process.env.SDK_LIB);
await client.send(new GetCommand({ TableName: 'kb', Key: { id: '__warmup__' } }));
const t3b = performance.now();
const busyBefore = endpoint.busy;
const service = new kb.KbSearchService({ source: new kb.KbTableStore({ client, tableName: 'kb' }) });
await service.warm();
const t4 = performance.now();
const hits = await service.search('주차 딱지 떼였어요 어떻게 내요', { top: 3 });
const t5 = performance.now();
if (hits.length === 0) throw new Error('no hits');
process.stdout.write(JSON.stringify({ boot: t0, sdk: t1 - t0, import: t2 - t1, sdkFirstRequest: t3b - t3 - busyBefore, build: t4 - t3b - (endpoint.busy - busyBefore), network: endpoint.busy, query: t5 - t4, from: service.loadedFrom, sinceProcessStart: t5 }));
`;

const median = <T extends { total: number }>(runs: T[]): T =>
  [...runs].sort((a, b) => a.total - b.total)[Math.floor(runs.length / 2)] as T;

const coldStart = async (runs = Number(process.env.KB_BENCH_RUNS ?? 7)) => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-bench-'));
  const root = new URL('../', import.meta.url).pathname;
  const sdk = {
    SDK_CLIENT: import.meta.resolve('@aws-sdk/client-dynamodb'),
    SDK_LIB: import.meta.resolve('@aws-sdk/lib-dynamodb'),
  };
  const bundle = async (name: string, source: string) => {
    const entry = join(dir, `${name}.ts`);
    writeFileSync(entry, source);
    const outfile = join(dir, `${name}.mjs`);
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      outfile,
      absWorkingDir: root,
      logLevel: 'silent',
      // As in Lambda (NodejsFunction): the AWS SDK is not bundled; here it is the very module
      // instance the cold-start script loaded first.
      plugins: [
        {
          name: 'sdk-external',
          setup(b) {
            b.onResolve({ filter: /^@aws-sdk\// }, (args) => ({
              path: import.meta.resolve(args.path),
              external: true,
            }));
          },
        },
      ],
    });
    return outfile;
  };
  const engineBundle = await bundle(
    'engine',
    `export { createKbIndex, loadKbIndex } from '${root}functions/kb/engine.ts';\nexport { parseKbJsonl } from '${root}functions/kb/jsonl.ts';\n`,
  );
  const lambdaBundle = await bundle(
    'lambda',
    `export { KbSearchService } from '${root}functions/kb/service.ts';\nexport { KbTableStore } from '${root}functions/kb/store.ts';\n`,
  );
  const entries = syntheticEntries(1000);
  const kbFile = join(dir, 'kb.jsonl');
  writeFileSync(kbFile, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const snapshotFile = join(dir, 'kb.index.json');
  writeFileSync(snapshotFile, JSON.stringify(createKbIndex(entries).toJSON()));

  // The KnowledgeBase table after `kb import` (with and without the stored snapshot), written by
  // the real KbTableStore through the same fake endpoint.
  const fakeFile = join(dir, 'fake-dynamo.mjs');
  writeFileSync(fakeFile, FAKE_DYNAMO);
  const { fakeDynamo } = (await import(fakeFile)) as {
    fakeDynamo: (items: Map<string, unknown>) => unknown;
  };
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const { KbTableStore } = await import('#kb/store');
  const tables: Record<string, string> = {};
  let chunks = 0;
  for (const snapshot of [true, false]) {
    const items = new Map<string, unknown>();
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'ap-northeast-2',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        requestHandler: fakeDynamo(items) as never,
      }),
    );
    const written = await new KbTableStore({ client, tableName: 'kb' }).writeEntries(entries, {
      version: 'bench',
      replace: true,
      snapshot,
    });
    if (snapshot) chunks = written.snapshotChunks;
    const file = join(dir, `table-${snapshot ? 'snapshot' : 'plain'}.json`);
    writeFileSync(file, JSON.stringify([...items]));
    tables[snapshot ? 'snapshot' : 'scan'] = file;
  }

  const script = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const engineScript = script('engine-cold.mjs', ENGINE_COLD_SCRIPT);
  const lambdaScript = script('lambda-cold.mjs', LAMBDA_COLD_SCRIPT);
  const spawn = (args: string[]) => {
    const started = performance.now();
    const out = JSON.parse(
      execFileSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...process.env, ...sdk },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    return { ...out, wall: performance.now() - started, total: out.import + out.build + out.query };
  };
  const lambda = (table: string) =>
    median(Array.from({ length: runs }, () => spawn([lambdaScript, lambdaBundle, table, fakeFile])));
  const engine = (mode: string) =>
    median(
      Array.from({ length: runs }, () =>
        spawn([engineScript, engineBundle, mode === 'snapshot' ? snapshotFile : kbFile, mode]),
      ),
    );
  const results = [
    ['Lambda: table snapshot', lambda(tables.snapshot as string)],
    ['Lambda: scan + build', lambda(tables.scan as string)],
    ['engine: JSONL + build', engine('build')],
    ['engine: snapshot file', engine('snapshot')],
  ] as const;
  const size = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KB`;
  console.log(
    `cold start at 1k entries (median of ${runs} fresh node processes; bundles: Lambda KB ${size(lambdaBundle)} + AWS SDK external, engine ${size(engineBundle)}; stored snapshot ${chunks} chunk(s)):`,
  );
  for (const [name, r] of results) {
    console.log(
      `  ${name.padEnd(23)} = ${ms(r.total)}: import ${ms(r.import)}  build/load ${ms(r.build)}` +
        `${r.parse ? ` (of which read+validate ${ms(r.parse)})` : ''}  first query ${ms(r.query)}` +
        (r.from
          ? `  [from ${r.from}; excluded: SDK import ${ms(r.sdk)}, SDK first request ${ms(r.sdkFirstRequest)}, fake DynamoDB ${ms(r.network)}]`
          : '') +
        `  (node boot ${ms(r.boot)}, process wall ${ms(r.wall)})`,
    );
  }
  console.log(
    '  Lambda rows: KB modules import + KbSearchService.warm() through the real SDK (marker and chunks by GetItem, or marker + Scan pages) + first search; network round trips not included (snapshot: 2 sequential, scan: 1 + one per MB).',
  );
};

/**
 * The sample 상담DB as shipped (data/kb/cheongju.jsonl) with its evaluation queries: real caller
 * phrasing, misspellings and long stories, so the lexicon and typo-correction paths are measured too.
 */
const sampleKb = () => {
  const root = new URL('../data/kb/', import.meta.url);
  const { entries } = parseKbJsonl(readFileSync(new URL('cheongju.jsonl', root), 'utf8'));
  const queries = readFileSync(new URL('cheongju-eval.jsonl', root), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { query: string }).query);
  const started = performance.now();
  const index = createKbIndex(entries);
  const buildMs = performance.now() - started;
  const { p50, p99, max } = latency(index, [...queries, ...queries]);
  console.log(
    `sample 상담DB (${entries.length} entries): build ${ms(buildMs)}; query p50 ${ms(p50)} p99 ${ms(p99)} max ${ms(max)} (${queries.length} evaluation queries, twice)`,
  );
};

export default async function kbBench(): Promise<void> {
  const load = (await import('node:os')).loadavg()[0] ?? 0;
  console.log(
    `load average ${load.toFixed(2)} on ${(await import('node:os')).cpus().length} CPUs (figures are noisy when busy)`,
  );
  if (process.env.KB_BENCH_COLD_ONLY) return coldStart();
  const queries = syntheticQueries(2000);
  for (const size of [1_000, 10_000, 100_000]) {
    const entries = syntheticEntries(size);
    gc();
    gc();
    const before = process.memoryUsage();
    const started = performance.now();
    const index = createKbIndex(entries);
    const buildMs = performance.now() - started;
    gc();
    gc();
    const after = process.memoryUsage();
    const heap = after.heapUsed - before.heapUsed;
    const external = after.arrayBuffers - before.arrayBuffers;
    const snapshot = JSON.stringify(index.toJSON());
    let line = `${String(size).padStart(7)} entries: build ${ms(buildMs)}, memory ${mb(heap + external)} (JS heap ${mb(heap)} + typed arrays ${mb(external)}), snapshot ${mb(snapshot.length)}`;
    const { p50, p99, max } = latency(index, queries);
    line += `; query p50 ${ms(p50)} p99 ${ms(p99)} max ${ms(max)} (${queries.length} queries)`;
    console.log(line);
    if (size <= 10_000) console.log(updates(index, entries, queries));
    entries.length = 0;
  }
  sampleKb();
  if (!process.env.KB_BENCH_NO_COLD) await coldStart();
}
