import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKbAnalyzer, createKbIndex } from '#kb/engine';
import { parseKbJsonl } from '#kb/jsonl';
import { type KbChange, KbLiveIndex } from '#kb/live-index';
import type { KbEntry } from '#kb/schema';
import { KbSearchService } from '#kb/service';
import { encodeKbSnapshot } from '#kb/snapshot';
import type { KbMarker, KbSource } from '#kb/store';

const sample = parseKbJsonl(
  readFileSync(new URL('../../../data/kb/cheongju.jsonl', import.meta.url), 'utf8'),
).entries;
const evalQueries = readFileSync(new URL('../../../data/kb/cheongju-eval.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { query: string }).query);
const analyze = createKbAnalyzer();

const byId = (a: KbEntry, b: KbEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The sample with some entries changed, one retired and two new: as a full build and as base + delta. */
const changed = () => {
  const edits: KbChange[] = [];
  let seq = 0;
  const edited = sample.slice(0, 5).map((entry) => ({ ...entry, title: `${entry.title} 안내` }));
  for (const entry of edited) edits.push({ seq: ++seq, id: entry.id, entry });
  const retired = sample[10] as KbEntry;
  edits.push({ seq: ++seq, id: retired.id, entry: null });
  const added: KbEntry[] = [
    {
      id: 'zz-new-1',
      category: 'water',
      title: '수도계량기 보호통 뚜껑 교체',
      answer: '상수도사업본부가 무상으로 교체합니다.',
    },
    { id: 'aa-new-2', category: 'tax', title: '지방세 납부확인서 발급', answer: '위택스에서 발급합니다.' },
  ];
  for (const entry of added) edits.push({ seq: ++seq, id: entry.id, entry });
  const final = new Map(sample.map((entry) => [entry.id, entry]));
  for (const change of edits) {
    if (change.entry) final.set(change.id, change.entry);
    else final.delete(change.id);
  }
  return { edits, final: [...final.values()].sort(byId), retired: retired.id };
};

describe('KbLiveIndex (base segment + delta segment)', () => {
  it('ranks like a full rebuild after entries are edited, retired and added', () => {
    const { edits, final } = changed();
    const live = new KbLiveIndex(createKbIndex(sample), sample);
    live.apply(edits);
    const rebuilt = createKbIndex(final);
    let sameTop1 = 0;
    let sameTop3 = 0;
    for (const query of evalQueries) {
      const a = live.search(analyze(query), { top: 3 }).map((hit) => hit.id);
      const b = rebuilt.search(query, { top: 3 }).map((hit) => hit.id);
      if (a[0] === b[0]) sameTop1++;
      if (a.join() === b.join()) sameTop3++;
    }
    // The delta is scored with the collection's statistics, which drift from a rebuild's by a few
    // documents out of hundreds: the rankings agree almost always.
    console.info(`live vs rebuilt: top-1 ${sameTop1}/${evalQueries.length}, top-3 ${sameTop3}`);
    expect(sameTop1 / evalQueries.length).toBeGreaterThan(0.98);
    expect(sameTop3 / evalQueries.length).toBeGreaterThan(0.95);
    expect(live.size).toBe(final.length);
  });

  it('never returns a retired entry and serves the latest content of an edited one', () => {
    const { edits, retired } = changed();
    const live = new KbLiveIndex(createKbIndex(sample), sample);
    live.apply(edits);
    const retiredTitle = (sample[10] as KbEntry).title;
    expect(live.search(analyze(retiredTitle), { top: 10 }).map((hit) => hit.id)).not.toContain(retired);
    expect(live.getEntry(retired)).toBeUndefined();
    const first = sample[0] as KbEntry;
    expect(live.getEntry(first.id)?.title).toBe(`${first.title} 안내`);
    expect(live.search(analyze('수도계량기 보호통 뚜껑'))[0]?.id).toBe('zz-new-1');
    // A retired entry published again comes back.
    live.apply([{ seq: 99, id: retired, entry: sample[10] as KbEntry }]);
    expect(live.search(analyze(retiredTitle), { top: 3 }).map((hit) => hit.id)).toContain(retired);
  });

  it('keeps the category filter on both segments', () => {
    const { edits } = changed();
    const live = new KbLiveIndex(createKbIndex(sample), sample);
    live.apply(edits);
    for (const hit of live.search(analyze('교체 발급 납부'), { top: 10, category: 'tax' })) {
      expect(hit.category).toBe('tax');
    }
  });
});

describe('KbSearchService applies published changes incrementally', () => {
  const source = () => {
    const state = {
      marker: { version: 'v1', indexChunks: 1, seq: 0, baseSeq: 0, lexiconVersion: undefined } as KbMarker,
      changes: [] as KbChange[],
      calls: { snapshot: 0, scan: 0, changes: 0 },
    };
    const kbSource: KbSource = {
      getVersion: async () => state.marker.version,
      readMarker: async () => ({ ...state.marker }),
      readSnapshot: async () => {
        state.calls.snapshot++;
        return { version: 'v1', snapshot: encodeKbSnapshot(sample) };
      },
      scanEntries: async () => {
        state.calls.scan++;
        return sample;
      },
      readChanges: async (from, to) => {
        state.calls.changes++;
        return state.changes.filter((change) => change.seq >= from && change.seq <= to);
      },
    };
    return { state, kbSource };
  };

  it('finds a published entry at the first check after the publish (15 s by default, within 60 s) without reloading', async () => {
    const { state, kbSource } = source();
    let now = 0;
    const kb = new KbSearchService({ source: kbSource, now: () => now });
    const query = '수도계량기 보호통 뚜껑이 깨졌어요';
    expect((await kb.search(query))[0]?.id).not.toBe('zz-new-1');
    const entry: KbEntry = {
      id: 'zz-new-1',
      category: 'water',
      title: '수도계량기 보호통 뚜껑 교체',
      answer: '상수도사업본부가 무상으로 교체합니다.',
    };
    state.changes.push({ seq: 1, id: entry.id, entry });
    state.marker = { ...state.marker, seq: 1 };
    now += 14_000;
    expect((await kb.search(query))[0]?.id).not.toBe('zz-new-1');
    now += 1_000;
    expect((await kb.search(query))[0]?.id).toBe('zz-new-1');
    expect(kb.seq).toBe(1);
    expect(state.calls).toEqual({ snapshot: 1, scan: 0, changes: 1 });
  });

  it('applies only the changes after the base at cold start, and stops at a change it cannot read yet', async () => {
    const { state, kbSource } = source();
    const entry = (id: string): KbEntry => ({
      id,
      category: 'tax',
      title: `새 항목 ${id}`,
      answer: '세정과',
    });
    state.changes = [
      { seq: 1, id: 'old', entry: entry('old') },
      { seq: 2, id: 'a', entry: entry('a') },
      { seq: 4, id: 'c', entry: entry('c') },
    ];
    state.marker = { ...state.marker, seq: 4, baseSeq: 1 };
    let now = 0;
    const kb = new KbSearchService({ source: kbSource, now: () => now });
    await kb.warm();
    // Seq 3 is missing (not readable yet): the index stops at 2 and asks again at the next check.
    expect(kb.seq).toBe(2);
    expect(await kb.getEntry('old')).toBeUndefined();
    expect(await kb.getEntry('a')).toBeDefined();
    state.changes.push({ seq: 3, id: 'b', entry: entry('b') });
    state.changes.sort((x, y) => x.seq - y.seq);
    now += 60_000;
    expect(await kb.getEntry('c')).toBeDefined();
    expect(kb.seq).toBe(4);
  });
});
