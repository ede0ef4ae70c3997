/**
 * Knowledge-base (상담DB) CLI.
 *
 *   npm run kb -- import --file <kb.jsonl> [--skip-invalid] [--replace] [--table T] [--entries-table E]
 *                        [--city C] [--endpoint URL]
 *   npm run kb -- export [--out file] [--table T] [--endpoint URL]
 *   npm run kb -- compact [--table T] [--endpoint URL]
 *   npm run kb -- search --kb <kb.jsonl> --queries <queries.jsonl> [--top K]
 *   npm run kb -- eval [--kb file] [--queries file] [--verbose]
 *
 * Tables and endpoint come from flags or `KB_TABLE`, `KB_ENTRIES_TABLE` / `AWS_ENDPOINT_URL_DYNAMODB`.
 * An import publishes every entry as a version by the import in the KbEntries table (owner from
 * the city config, `reviewBy` from its review period) and then the published side.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runtimeConfigSchema } from '#commons/runtime-config';
import { loadCityConfig } from '#infra/config/load';
import { toRuntimeConfig } from '#infra/config/runtime';
import { KbEditorialStore } from '#kb/editorial-store';
import { createKbIndex } from '#kb/engine';
import { parseKbJsonl, toKbJsonl } from '#kb/jsonl';
import { KbTableStore } from '#kb/store';
import { type EvalCase, evaluate } from './eval';
import { formatLineErrors, importKb, KbImportRejected, type KbImportReport } from './import';

class UsageError extends Error {}

const USAGE = `usage:
  kb import --file <kb.jsonl> [--skip-invalid] [--replace] [--table T] [--entries-table E] [--city C]
            [--endpoint URL] [--region R]
  kb export [--out file] [--table T] [--endpoint URL] [--region R]
  kb compact [--table T] [--endpoint URL] [--region R]
  kb search --kb <kb.jsonl> --queries <queries.jsonl> [--top K]
  kb eval [--kb file] [--queries file] [--verbose]`;

const read = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
};

/** Reads a KB file; any invalid line is fatal (search and eval need the whole KB). */
const loadKb = (file: string) => {
  const { entries, errors } = parseKbJsonl(read(file));
  if (errors.length > 0) {
    throw new UsageError(`${file}: ${errors.length} invalid line(s)\n${formatLineErrors(file, errors)}`);
  }
  return entries;
};

/** Reads a JSON Lines file of objects; blank lines are skipped. */
const readJsonLines = (file: string): { line: number; value: Record<string, unknown> }[] =>
  read(file)
    .split(/\r?\n/)
    .flatMap((raw, index) => {
      if (raw.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw new UsageError(`${file}:${index + 1}: invalid JSON (${(error as Error).message})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new UsageError(`${file}:${index + 1}: expected a JSON object`);
      }
      return [{ line: index + 1, value: value as Record<string, unknown> }];
    });

const queryOf = (file: string, line: number, value: Record<string, unknown>): string => {
  if (typeof value.query !== 'string') throw new UsageError(`${file}:${line}: "query" must be a string`);
  return value.query;
};

const documentClient = (values: { endpoint?: string; region?: string }) => {
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const local = endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE;
  const client = new DynamoDBClient({
    region: values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-northeast-2',
    ...(endpoint ? { endpoint } : {}),
    // DynamoDB Local accepts any credentials.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
};

const tableName = (value: string | undefined): string => {
  const table = value ?? process.env.KB_TABLE;
  if (!table) throw new UsageError('no table: pass --table or set KB_TABLE');
  return table;
};

const entriesTableName = (value: string | undefined): string => {
  const table = value ?? process.env.KB_ENTRIES_TABLE;
  if (!table) throw new UsageError('no entries table: pass --entries-table or set KB_ENTRIES_TABLE');
  return table;
};

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async import(args) {
    const { values } = parseArgs({
      args,
      options: {
        file: { type: 'string' },
        'skip-invalid': { type: 'boolean', default: false },
        replace: { type: 'boolean', default: false },
        table: { type: 'string' },
        'entries-table': { type: 'string' },
        city: { type: 'string', default: 'cheongju' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
      },
    });
    if (!values.file) throw new UsageError('import needs --file <kb.jsonl>');
    const file = values.file;
    const text = read(file);
    const corpusTable = tableName(values.table);
    const entriesTable = entriesTableName(values['entries-table']);
    const city = await loadCityConfig(values.city).catch((error: unknown) => {
      throw new UsageError(`city config ${values.city}: ${(error as Error).message}`);
    });
    // Validation comes before anything else: a bad file fails without touching the tables.
    const client = documentClient(values);
    const store = new KbTableStore({ client, tableName: corpusTable });
    let report: KbImportReport;
    try {
      report = await importKb(text, store, {
        file,
        skipInvalid: values['skip-invalid'],
        replace: values.replace,
        editorial: {
          store: new KbEditorialStore({ client, entriesTable, corpusTable }),
          config: runtimeConfigSchema.parse(toRuntimeConfig(city)),
          reviewMonths: city.kb.reviewMonths,
        },
      });
    } catch (error) {
      if (error instanceof KbImportRejected) throw new UsageError(error.message);
      throw error;
    }
    if (report.skipped.length > 0) {
      process.stderr.write(
        `skipped ${report.skipped.length} invalid line(s):\n${formatLineErrors(file, report.skipped)}\n`,
      );
    }
    process.stdout.write(
      `imported ${report.written} entries (${report.versioned} new version(s), ${report.unchanged} unchanged)` +
        (values.replace ? `, retired ${report.retired}, deleted ${report.deleted} stale` : '') +
        (report.skipped.length > 0 ? `, skipped ${report.skipped.length} invalid line(s)` : '') +
        `; version ${report.version}` +
        (report.snapshotChunks > 0
          ? `; index snapshot stored (${report.snapshotChunks} chunk(s))`
          : '; no index snapshot (readers build from a scan)') +
        '\n',
    );
  },

  async compact(args) {
    const { values } = parseArgs({
      args,
      options: { table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' } },
    });
    const store = new KbTableStore({ client: documentClient(values), tableName: tableName(values.table) });
    const result = await store.compact();
    process.stdout.write(
      result.compacted
        ? `compacted ${result.changes} change(s) into a new snapshot of ${result.entries} entries; version ${result.version}\n`
        : `nothing to compact (${result.changes} change(s) since the snapshot)\n`,
    );
  },

  async export(args) {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        table: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
      },
    });
    const store = new KbTableStore({ client: documentClient(values), tableName: tableName(values.table) });
    let invalid = 0;
    const entries = await store.scanEntries((id, message) => {
      invalid++;
      process.stderr.write(`skipping invalid item ${String(id)}: ${message}\n`);
    });
    const text = toKbJsonl(entries);
    if (values.out) {
      writeFileSync(values.out, text);
      process.stderr.write(
        `exported ${entries.length} entries to ${values.out}${invalid ? ` (${invalid} invalid skipped)` : ''}\n`,
      );
    } else process.stdout.write(text);
  },

  async search(args) {
    const { values } = parseArgs({
      args,
      options: {
        kb: { type: 'string' },
        queries: { type: 'string' },
        top: { type: 'string', default: '10' },
      },
    });
    if (!values.kb || !values.queries)
      throw new UsageError('search needs --kb <kb.jsonl> --queries <queries.jsonl>');
    const top = Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError('--top must be a positive integer');
    const queriesFile = values.queries;
    const queries = readJsonLines(queriesFile).map(({ line, value }) => queryOf(queriesFile, line, value));
    const index = createKbIndex(loadKb(values.kb));
    const out = queries.map(
      (query) => `${JSON.stringify({ query, ids: index.search(query, { top }).map((hit) => hit.id) })}\n`,
    );
    process.stdout.write(out.join(''));
  },

  async eval(args) {
    const { values } = parseArgs({
      args,
      options: {
        kb: { type: 'string', default: 'data/kb/cheongju.jsonl' },
        queries: { type: 'string', default: 'data/kb/cheongju-eval.jsonl' },
        verbose: { type: 'boolean', short: 'v', default: false },
        json: { type: 'boolean', default: false },
      },
    });
    const entries = loadKb(values.kb);
    const queriesFile = values.queries;
    const cases: EvalCase[] = readJsonLines(queriesFile).map(({ line, value }) => {
      const expected = value.expected;
      if (
        !Array.isArray(expected) ||
        !expected.every((id) => typeof id === 'string') ||
        expected.length === 0
      ) {
        throw new UsageError(`${queriesFile}:${line}: "expected" must be a non-empty array of ids`);
      }
      return { query: queryOf(queriesFile, line, value), expected: expected as string[] };
    });
    const started = performance.now();
    const index = createKbIndex(entries);
    const report = evaluate(index, cases, new Set(entries.map((entry) => entry.id)));
    const elapsed = performance.now() - started;
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    process.stdout.write(
      `KB ${values.kb}: ${entries.length} entries; ${report.queries} queries from ${queriesFile}\n` +
        `recall@1 ${pct(report.recallAt1)}  recall@3 ${pct(report.recallAt3)}  MRR ${report.mrr.toFixed(3)}` +
        `  (${elapsed.toFixed(0)} ms)\n`,
    );
    if (report.unknownIds.length > 0) {
      process.stdout.write(`expected ids not in the KB: ${report.unknownIds.join(', ')}\n`);
    }
    if (values.verbose) {
      for (const miss of report.misses) {
        process.stdout.write(
          `miss: ${miss.query} → expected ${miss.expected.join('|')} (rank ${miss.rank ?? '-'}), got ${miss.got.join(', ')}\n`,
        );
      }
    } else if (report.misses.length > 0) {
      process.stdout.write(`${report.misses.length} queries missed the top 3 (--verbose lists them)\n`);
    }
  },
};

const main = async () => {
  const [command, ...args] = process.argv.slice(2);
  const run = command ? commands[command] : undefined;
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    await run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kb ${command}: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`kb ${command}: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
};

await main();
