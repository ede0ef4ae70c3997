import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const cli = (...args: string[]) =>
  run('npx', ['tsx', 'tools/kb/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, KB_TABLE: '' },
  });

describe('kb CLI', () => {
  it('search prints one {"query","ids"} line per query, in input order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
    const queries = join(dir, 'queries.jsonl');
    writeFileSync(
      queries,
      [
        '{"query": "차가 끌려갔어요", "expected": ["ignored"]}',
        '',
        '{"query": "땅값"}',
        '{"query": "어떻게 하나요"}',
      ].join('\n'),
    );
    const { stdout } = await cli(
      'search',
      '--kb',
      join(fixtures, 'kb.jsonl'),
      '--queries',
      queries,
      '--top',
      '2',
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(Object.keys(parsed[0])).toEqual(['query', 'ids']);
    expect(parsed.map((line) => line.query)).toEqual(['차가 끌려갔어요', '땅값', '어떻게 하나요']);
    expect(parsed[0].ids).toHaveLength(2);
    expect(parsed[0].ids[0]).toBe('vt-towing');
    expect(parsed[1].ids[0]).toBe('ur-land-price');
    expect(parsed[2].ids).toEqual([]);
  }, 30_000);

  it('import of a bad file exits non-zero naming the line, before connecting to any table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
    const file = join(dir, 'bad.jsonl');
    const lines = readFileSync(join(fixtures, 'kb.jsonl'), 'utf8').trim().split('\n');
    lines[2] = '{"id":"x","category":"nope","title":"t","answer":"a"}';
    writeFileSync(file, lines.join('\n'));
    // The endpoint is closed: reaching it would fail with a connection error instead.
    const error = await cli(
      'import',
      '--file',
      file,
      '--table',
      'kb',
      '--entries-table',
      'kb-entries',
      '--endpoint',
      'http://127.0.0.1:9',
    ).catch((e: unknown) => e as { code: number; stderr: string });
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/bad\.jsonl:3: category:.*\n?/);
    expect((error as { stderr: string }).stderr).toMatch(/nothing was written/);
  }, 30_000);

  it('eval prints recall@1, recall@3 and MRR', async () => {
    const { stdout } = await cli(
      'eval',
      '--kb',
      join(fixtures, 'kb.jsonl'),
      '--queries',
      join(fixtures, 'eval.jsonl'),
    );
    expect(stdout).toMatch(/recall@1 \d+\.\d% {2}recall@3 \d+\.\d% {2}MRR \d\.\d{3}/);
  }, 30_000);
});
