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
   * snapshots made by the old analyser and build instead) and update both values here. The texts
   * are the unit fixture's (test/unit/kb/fixtures/kb.jsonl), not the sample KB's, so new content in
   * data/kb/ does not move the pin.
   */
  it('pins the analyser output to KB_INDEX_FORMAT', () => {
    const hash = createHash('sha256');
    const fixture = parseKbJsonl(readFileSync(new URL('./fixtures/kb.jsonl', import.meta.url), 'utf8'));
    expect(fixture.entries.length).toBeGreaterThan(30);
    for (const entry of fixture.entries) {
      for (const text of [entry.title, entry.answer, ...(entry.questions ?? []), ...(entry.keywords ?? [])]) {
        hash.update(tokenize(text).join(' ')).update('\n');
      }
    }
    expect({ format: KB_INDEX_FORMAT, analyser: hash.digest('hex').slice(0, 16) }).toEqual({
      format: 3,
      analyser: '9745d37c2a4bfa9a',
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
