/**
 * Evaluation figures per query type for the sample 상담DB.
 *
 *   npx tsx tools/kb-content/eval-by-type.ts [--kb data/kb/cheongju.jsonl] [--queries data/kb/cheongju-eval.jsonl] [--misses]
 *
 * Evaluation lines may carry a `type` (`plain`, `typo`, `nospace`, `dialect`, `long`; `kb eval`
 * ignores it). Lines without one are the first evaluation set (v1). Prints recall@1, recall@3 and
 * MRR for the whole set, per type and per category (of the first expected id), with the same
 * `evaluate` as `npm run kb -- eval`; `--misses` lists the queries that missed the top 3.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createKbIndex } from '#kb/engine';
import { parseKbJsonl } from '#kb/jsonl';
import { type EvalCase, evaluate } from '#tools/kb/eval';

const { values } = parseArgs({
  options: {
    kb: { type: 'string', default: 'data/kb/cheongju.jsonl' },
    queries: { type: 'string', default: 'data/kb/cheongju-eval.jsonl' },
    misses: { type: 'boolean', default: false },
  },
});

const { entries, errors } = parseKbJsonl(readFileSync(values.kb, 'utf8'));
if (errors.length > 0) {
  console.error(`${values.kb}: ${errors.length} invalid line(s); run tools/kb-content/check.ts`);
  process.exit(1);
}
const categoryOf = new Map(entries.map((entry) => [entry.id, entry.category]));
const cases: (EvalCase & { type: string })[] = readFileSync(values.queries, 'utf8')
  .split(/\r?\n/)
  .filter((line) => line.trim() !== '')
  .map((line, index) => {
    const value = JSON.parse(line) as { query?: unknown; expected?: unknown; type?: unknown };
    if (typeof value.query !== 'string' || !Array.isArray(value.expected)) {
      throw new Error(`${values.queries}:${index + 1}: needs "query" and "expected"`);
    }
    return {
      query: value.query,
      expected: value.expected as string[],
      type: typeof value.type === 'string' ? value.type : 'v1',
    };
  });

const index = createKbIndex(entries);
const known = new Set(entries.map((entry) => entry.id));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const row = (label: string, group: EvalCase[]) => {
  const report = evaluate(index, group, known);
  console.log(
    `${label.padEnd(20)} ${String(report.queries).padStart(5)}  ${pct(report.recallAt1)}  ${pct(report.recallAt3)}  ${report.mrr.toFixed(3)}`,
  );
  return report;
};
const groupBy = (key: (c: (typeof cases)[number]) => string) => {
  const groups = new Map<string, typeof cases>();
  for (const c of cases) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
};

console.log(`KB ${values.kb}: ${entries.length} entries; ${cases.length} queries`);
console.log(`${'group'.padEnd(20)} queries  rec@1   rec@3   MRR`);
const all = row('all', cases);
console.log('-- by query type');
for (const [type, group] of groupBy((c) => c.type)) row(type, group);
console.log('-- by category (first expected id)');
for (const [category, group] of groupBy((c) => categoryOf.get(c.expected[0] ?? '') ?? '?'))
  row(category, group);
if (values.misses) {
  for (const miss of all.misses) {
    console.log(
      `miss: ${miss.query} → ${miss.expected.join('|')} (rank ${miss.rank ?? '-'}), got ${miss.got.join(', ')}`,
    );
  }
}
