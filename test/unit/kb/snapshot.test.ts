import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKbIndex, KB_INDEX_FORMAT } from '#kb/engine';
import { checkKbEntryShape } from '#kb/entry';
import { parseKbJsonl } from '#kb/jsonl';
import { decodeKbSnapshot, encodeKbSnapshot } from '#kb/snapshot';
import { tokenize } from '#kb/tokenizer';

const sample = parseKbJsonl(
  readFileSync(new URL('../../../data/kb/cheongju.jsonl', import.meta.url), 'utf8'),
);
const fixture = parseKbJsonl(readFileSync(new URL('./fixtures/kb.jsonl', import.meta.url), 'utf8'));
const fixtureQueries = readFileSync(new URL('./fixtures/eval.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { query: string }).query);
/** Words that exercise every rule of the analyser: particles, endings, protected tails, spacing, scripts. */
const ANALYSER_PROBES = [
  '주차위반했는데요 과태료를 납부하려면 어디로 가야 하나요?',
  '상수도 도로 납부기한이 개별공시지가를 어린이 고양이 오토바이 전입',
  '물이 새요 차를 빼 주세요 땅값 알고 싶어요',
  '안녕하세요 여보세요 혹시 궁금한데 알려주세요 어떻게 해요',
  'KTX역 3층 CCTV 2024년 ＣＣＴＶ Wi-Fi 043-201-0001',
  '과태료납부 과태료 납부  과태료,  납부',
  '신청하려고요 발급받으려면 했었는데요 됐는데요 이라서 라고 까지는 에서부터',
];

describe('KB snapshot', () => {
  it('round-trips entries (unknown fields kept) and gives the same search results', () => {
    const entries = sample.entries
      .slice(0, 60)
      .map((entry, i) => (i === 0 ? { ...entry, note: 'x' } : entry));
    const loaded = decodeKbSnapshot(encodeKbSnapshot(entries));
    expect(loaded?.entries).toEqual(entries);
    const built = createKbIndex(entries);
    for (const query of ['딱지 끊겼는데 어디서 내요', '물이 새요', '땅값']) {
      expect(loaded?.index.search(query, { top: 5 })).toEqual(built.search(query, { top: 5 }));
    }
  });

  it('is refused (undefined) when built with other options, and throws on garbage', () => {
    const bytes = encodeKbSnapshot(sample.entries.slice(0, 5));
    expect(decodeKbSnapshot(bytes, { fieldWeights: { answer: 2 } })).toBeUndefined();
    expect(() => decodeKbSnapshot(new TextEncoder().encode('{"x":1}'))).toThrow(/not a KB snapshot/);
  });

  /**
   * Stored snapshots hold tokens made by today's analyser. When this fails you changed what the
   * tokenizer emits: bump KB_INDEX_FORMAT in functions/kb/engine.ts (so deployed Lambdas ignore
   * snapshots made by the old analyser and build instead) and update both values here. The corpus
   * is fixed (the test fixtures and the words below), so editing the sample 상담DB never moves it.
   * Query-side weights (parts, spans, lexicon, typo correction) are not in a snapshot: changing
   * them needs no bump.
   */
  it('pins the analyser output to KB_INDEX_FORMAT', () => {
    const hash = createHash('sha256');
    expect(fixture.entries.length).toBeGreaterThan(30);
    const texts = [
      ...fixture.entries.flatMap((entry) => [
        entry.title,
        entry.answer,
        ...(entry.questions ?? []),
        ...(entry.keywords ?? []),
      ]),
      ...fixtureQueries,
      ...ANALYSER_PROBES,
    ];
    for (const text of texts) hash.update(tokenize(text).join(' ')).update('\n');
    expect({ format: KB_INDEX_FORMAT, analyser: hash.digest('hex').slice(0, 16) }).toEqual({
      format: 3,
      analyser: '4452d2e9bf05b33a',
    });
  });
});

describe('checkKbEntryShape (items read back from the table)', () => {
  it('accepts every sample entry and names what is wrong otherwise', () => {
    for (const entry of sample.entries) expect(checkKbEntryShape(entry)).toBeUndefined();
    const ok = { id: 'a', category: 'tax', title: 't', answer: 'a' };
    expect(checkKbEntryShape({ ...ok, category: 'parking' })).toMatch(/category/);
    expect(checkKbEntryShape({ ...ok, title: ' ' })).toMatch(/title/);
    expect(checkKbEntryShape({ ...ok, keywords: ['x', 3] })).toMatch(/keywords/);
    expect(checkKbEntryShape({ id: 'a' })).toMatch(/category/);
  });
});
