import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKbIndex, isLoadableKbIndex, loadKbIndex } from '#kb/engine';
import { parseKbJsonl } from '#kb/jsonl';
import type { KbEntry } from '#kb/schema';

const fixture = parseKbJsonl(readFileSync(new URL('./fixtures/kb.jsonl', import.meta.url), 'utf8')).entries;
const index = createKbIndex(fixture);

const entry = (id: string, title: string, answer: string, extra: Partial<KbEntry> = {}): KbEntry => ({
  id,
  category: 'civil-general',
  title,
  answer,
  ...extra,
});

describe('KB search engine', () => {
  it('answers colloquial, unspaced and particle-laden queries from the fixture KB', () => {
    expect(index.search('주차 딱지 떼였어요')[0]?.id).toBe('vt-parking-fine');
    expect(index.search('과태료납부')[0]?.id).toBe('vt-parking-fine');
    expect(index.search('땅값 알고 싶은데요')[0]?.id).toBe('ur-land-price');
    expect(index.search('화장실에서 물이 새요')[0]?.id).toBe('wa-leak');
  });

  it('returns id, title, score and category, best first, at most top hits', () => {
    const hits = index.search('과태료', { top: 2 });
    expect(hits).toHaveLength(2);
    expect(Object.keys(hits[0] ?? {}).sort()).toEqual(['category', 'id', 'score', 'title']);
    expect(hits[0]?.score).toBeGreaterThanOrEqual(hits[1]?.score ?? 0);
  });

  it('orders equal scores by id ascending, whatever the input order', () => {
    const a = entry('b-entry', '무인민원발급기 위치', '시청에 있습니다.');
    const b = entry('a-entry', '무인민원발급기 위치', '시청에 있습니다.');
    const c = entry('c-entry', '무인민원발급기 위치', '시청에 있습니다.');
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ]) {
      const hits = createKbIndex(order).search('무인민원발급기');
      expect(hits.map((hit) => hit.id)).toEqual(['a-entry', 'b-entry', 'c-entry']);
      expect(new Set(hits.map((hit) => hit.score)).size).toBe(1);
    }
    expect(
      index
        .search('무인민원발급기 위치 안내')
        .slice(0, 2)
        .map((hit) => hit.id),
    ).toEqual(['zz-tie-a', 'zz-tie-b']);
  });

  it('filters by category', () => {
    const hits = index.search('납부', { category: 'water', top: 10 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.category === 'water')).toBe(true);
    expect(index.search('납부', { category: 'not-a-category' })).toEqual([]);
  });

  it('weighs the title above the answer', () => {
    const small = createKbIndex([
      entry('in-answer', '민원 안내', '여권 발급은 민원실에서 합니다.'),
      entry('in-title', '여권 발급', '민원실에서 합니다.'),
    ]);
    expect(small.search('여권')[0]?.id).toBe('in-title');
  });

  it('returns nothing for an empty or meaningless query', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('어떻게 하나요?')).toEqual([]);
    expect(createKbIndex([]).search('과태료')).toEqual([]);
  });

  it('gives the same results after serialising and loading the index', () => {
    const loaded = loadKbIndex(JSON.parse(JSON.stringify(index.toJSON())));
    for (const query of ['주차 딱지', '물이 새요', '등본 떼려면', '청주페이']) {
      expect(loaded.search(query, { top: 5 })).toEqual(index.search(query, { top: 5 }));
    }
  });

  it('rejects a snapshot of another format', () => {
    expect(() => loadKbIndex({ ...index.toJSON(), format: 99 as 3 })).toThrow(/format/);
  });

  it('rejects a snapshot built with other field weights or k1', () => {
    const json = index.toJSON();
    expect(isLoadableKbIndex(json)).toBe(true);
    expect(isLoadableKbIndex(json, { k1: 1.2 })).toBe(false);
    expect(() => loadKbIndex(json, { fieldWeights: { title: 5 } })).toThrow(/field weights/);
  });

  it('builds the same index whatever order the entries come in (ties still by id)', () => {
    const reversed = createKbIndex([...fixture].reverse());
    for (const query of ['주차 딱지', '물이 새요', '등본 떼려면', '과태료']) {
      expect(reversed.search(query, { top: 10 })).toEqual(index.search(query, { top: 10 }));
    }
  });
});
