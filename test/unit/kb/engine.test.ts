import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKbAnalyzer, createKbIndex, isLoadableKbIndex, loadKbIndex } from '#kb/engine';
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

  it('corrects a query word one typing error away from an indexed word', () => {
    const entries = [
      entry('tax', '재산세 납부기간', '재산세는 7월과 9월에 냅니다.', { category: 'tax' }),
      entry('move', '전입신고', '이사하면 14일 안에 전입신고를 합니다.'),
      entry('other', '여권 발급', '여권은 구청에서 발급합니다.'),
    ];
    const kb = createKbIndex(entries, { lexicon: false });
    expect(kb.search('제산세 언제 내요')[0]?.id).toBe('tax');
    expect(kb.search('전잎신고 하려고요')[0]?.id).toBe('move');
    expect(kb.search('여궘')[0]?.id).toBe('other');
    expect(createKbIndex(entries, { lexicon: false, typoWeight: 0 }).search('여궘')).toEqual([]);
  });

  it('adds a correction with a lower weight and never corrects a word the index knows', () => {
    const kb = createKbIndex(
      [entry('a', '재산세 납부', '재산세를 냅니다.'), entry('b', '제산', '제산 안내.')],
      {
        lexicon: false,
      },
    );
    const typo = kb.analyze('제산세');
    expect(typo.get('제산세')).toBe(1);
    expect(typo.get('재산세')).toBeGreaterThan(0);
    expect(typo.get('재산세')).toBeLessThan(1);
    expect(kb.analyze('제산').has('재산')).toBe(false);
  });

  it('weighs syllable pairs of a long word and pairs across a space below whole words', () => {
    const weights = createKbIndex([], { lexicon: false }).analyze('과태료 납부');
    expect(weights.get('과태료')).toBe(1);
    expect(weights.get('납부')).toBe(1);
    expect(weights.get('과태')).toBeLessThan(1);
    expect(weights.get('료납')).toBeLessThan(1);
  });

  it('matches lexicon keys across particles between words', () => {
    const lexicon = { expansions: [{ match: ['수도새로'], expand: ['급수공사'] }] };
    const kb = createKbIndex([], { lexicon });
    expect(kb.analyze('수도새로 놓으려면').has('급수공사')).toBe(true);
    expect(kb.analyze('수도를 새로 놓으려면').has('급수공사')).toBe(true);
  });

  it('expands a corrected word through the lexicon with the correction weight on top', () => {
    const lexicon = { expansions: [{ match: ['렉카'], expand: ['견인'] }] };
    const kb = createKbIndex([entry('tow', '견인 차량 보관소', '렉카로 견인된 차는 보관소에서 찾습니다.')], {
      lexicon,
    });
    const weights = kb.analyze('레카');
    expect(weights.get('렉카')).toBeCloseTo(0.6);
    expect(weights.get('견인')).toBeCloseTo(0.4 * 0.6);
    expect(kb.search('레카 불렀어요')[0]?.id).toBe('tow');
  });

  it('corrects nothing without a vocabulary, and the analyser alone matches the index analyser otherwise', () => {
    expect(createKbAnalyzer({ lexicon: false })('제산세').has('재산세')).toBe(false);
    const vocabulary = { df: (term: string) => (term === '재산세' ? 3 : 0) };
    const weights = createKbAnalyzer({ lexicon: false }, vocabulary)('제산세');
    expect(weights.get('재산세')).toBeCloseTo(0.6);
    for (const query of [
      '주차 딱지 떼였어요',
      '과태료납부 하려고요',
      '제산세 언제',
      '수도를 새로 놓으려면',
    ]) {
      expect(createKbAnalyzer({}, index.stats())(query)).toEqual(index.analyze(query));
    }
  });

  it('works corrections out again when the vocabulary changes generation', () => {
    const words = new Map<string, number>([['재산세', 1]]);
    const vocabulary = { generation: 0, df: (term: string) => words.get(term) ?? 0 };
    const analyze = createKbAnalyzer({ lexicon: false }, vocabulary);
    expect(analyze('제산세').has('재산세')).toBe(true);
    // Same generation: the cached correction stands even though the words changed.
    words.delete('재산세');
    words.set('제산새', 1);
    expect(analyze('제산세').has('재산세')).toBe(true);
    vocabulary.generation = 1;
    const after = analyze('제산세');
    expect(after.has('재산세')).toBe(false);
    expect(after.get('제산새')).toBeCloseTo(0.6);
  });
});
