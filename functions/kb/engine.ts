import { CATEGORY_CODES, CATEGORY_NAMES_KO, type CategoryCode } from '#domain/categories';
import { compileLexicon, DEFAULT_LEXICON_DATA, type Lexicon, type LexiconData } from './lexicon';
import type { KbEntry } from './schema';
import { forEachToken } from './tokenizer';

/**
 * The knowledge-base search engine: BM25F over a Korean-aware analyser (tokenizer.ts), with
 * query expansion from the civil-service lexicon (lexicon.json).
 *
 * Why our own BM25F and not a library: field weights are applied to term frequencies before
 * BM25 saturation (BM25F), so a term repeated in title, questions and answer does not count three
 * times over; every posting's score contribution is precomputed at build time, so a query is a sum
 * over flat typed arrays (no allocation per posting); the index serialises to a few typed arrays;
 * ties are ordered by id. It is about 250 lines and has no dependency, so it runs unchanged in
 * Lambda and in the browser.
 */

export type KbField = 'title' | 'questions' | 'keywords' | 'answer' | 'category';

export const DEFAULT_FIELD_WEIGHTS: Readonly<Record<KbField, number>> = {
  title: 3,
  questions: 2.5,
  keywords: 2.5,
  answer: 1,
  category: 0.3,
};

/** Length normalisation per field (BM25 b). Short fields are normalised less. */
const DEFAULT_B: Readonly<Record<KbField, number>> = {
  title: 0.5,
  questions: 0.5,
  keywords: 0.3,
  answer: 0.75,
  category: 0,
};

const FIELDS: readonly KbField[] = ['title', 'questions', 'keywords', 'answer', 'category'];
export const KB_FIELDS = FIELDS;

/**
 * Bump when the analyser (tokenizer.ts) or the serialised layout changes: old snapshots (files, and
 * the snapshot `kb import` stores in the table) are then rejected and indexes rebuilt.
 * test/unit/kb/snapshot.test.ts pins the analyser's output and says when to bump.
 * Format 3 added the field length averages (`avgLengths`), which delta segments are scored with.
 */
export const KB_INDEX_FORMAT = 3;

export interface KbIndexOptions {
  fieldWeights?: Partial<Record<KbField, number>>;
  /** BM25 k1 (term-frequency saturation). */
  k1?: number;
  /** Lexicon data to expand queries with (default: the built-in lexicon); `false` disables. */
  lexicon?: LexiconData | false;
  /** Weight of expanded terms relative to the words of the query. */
  expansionWeight?: number;
  /**
   * Statistics of the other documents of the collection this index is a segment of (live-index.ts:
   * a small delta segment beside the big base index). The segment's BM25F contributions are then
   * computed with the collection's document count, document frequencies and field lengths, so its
   * scores compare with the base's.
   */
  corpus?: KbCorpusStats;
}

/** What a segment needs to know about the rest of the collection (see KbIndexOptions.corpus). */
export interface KbCorpusStats {
  /** Number of documents. */
  n: number;
  /** Average token count of each field, in KB_FIELDS order. */
  avgLengths: readonly number[];
  /** Number of those documents containing the term. */
  df(term: string): number;
}

export interface KbSearchOptions {
  /** Number of hits (default 5). */
  top?: number;
  /** Only entries of this category code. */
  category?: string;
  /** Drop hits scoring below this. */
  minScore?: number;
  /** Documents to leave out, by document number (1 = left out): entries a newer segment replaced. */
  exclude?: Uint8Array;
}

export interface KbSearchHit {
  id: string;
  title: string;
  score: number;
  category: CategoryCode;
}

/** The build parameters baked into the precomputed scores. */
export interface KbIndexParams {
  fieldWeights: Record<KbField, number>;
  k1: number;
}

export interface SerializedKbIndex {
  format: typeof KB_INDEX_FORMAT;
  /** Field weights and k1 the scores were computed with: loading with other ones is refused. */
  params: KbIndexParams;
  ids: string[];
  titles: string[];
  categories: number[];
  terms: string[];
  /** Average token count of each field (KB_FIELDS order). */
  avgLengths: number[];
  /** base64 of Uint32Array(terms.length + 1): postings of term t are offsets[t]..offsets[t+1]. */
  offsets: string;
  /** base64 of Uint32Array: document numbers. */
  docs: string;
  /** base64 of Float32Array: precomputed BM25F contribution of the term in the document. */
  scores: string;
}

export interface KbIndex {
  readonly size: number;
  search(query: string, options?: KbSearchOptions): KbSearchHit[];
  /** Search with terms already analysed (by this index's `analyze` or a KbAnalyzer). */
  searchTerms(terms: ReadonlyMap<string, number>, options?: KbSearchOptions): KbSearchHit[];
  /** Query terms with weights after analysis and expansion (for debugging and tests). */
  analyze(query: string): Map<string, number>;
  /** Document number of an entry id (undefined when absent). */
  docOf(id: string): number | undefined;
  /** This index's statistics, for scoring a segment beside it (KbIndexOptions.corpus). */
  stats(): KbCorpusStats;
  toJSON(): SerializedKbIndex;
}

/** Query analysis (tokens plus lexicon expansions, with weights), separate from any index. */
export type KbAnalyzer = (query: string) => Map<string, number>;

interface IndexData {
  params: KbIndexParams;
  ids: string[];
  titles: string[];
  categories: Uint8Array;
  termIds: Map<string, number>;
  terms: string[];
  avgLengths: number[];
  offsets: Uint32Array;
  docs: Uint32Array;
  scores: Float32Array;
}

const fieldText = (entry: KbEntry, field: KbField): string => {
  switch (field) {
    case 'title':
      return entry.title;
    case 'questions':
      return (entry.questions ?? []).join('\n');
    case 'keywords':
      return (entry.keywords ?? []).join('\n');
    case 'answer':
      return entry.answer;
    case 'category':
      return CATEGORY_NAMES_KO[entry.category];
  }
};

/** A Uint32Array that grows by doubling (the build's scratch space: no boxed numbers, little GC). */
class GrowableU32 {
  array: Uint32Array;
  length = 0;
  constructor(capacity: number) {
    this.array = new Uint32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.array.length) this.#grow(this.length + 1);
    this.array[this.length++] = value;
  }
  /** Makes indexes below `size` addressable (zero-filled). */
  ensure(size: number): void {
    if (size > this.array.length) this.#grow(size);
  }
  #grow(size: number): void {
    const next = new Uint32Array(Math.max(size, this.array.length * 2));
    next.set(this.array);
    this.array = next;
  }
}

/** Field weights and k1 that `options` ask for (defaults filled in). */
export const kbIndexParams = (options: KbIndexOptions = {}): KbIndexParams => ({
  fieldWeights: { ...DEFAULT_FIELD_WEIGHTS, ...options.fieldWeights },
  k1: options.k1 ?? 1.5,
});

const sameParams = (a: KbIndexParams, b: KbIndexParams): boolean =>
  a.k1 === b.k1 && FIELDS.every((field) => a.fieldWeights[field] === b.fieldWeights[field]);

/** Builds the index from validated entries (ids must be unique). */
export const createKbIndex = (entries: readonly KbEntry[], options: KbIndexOptions = {}): KbIndex => {
  const params = kbIndexParams(options);
  const weights = params.fieldWeights;
  const k1 = params.k1;
  const n = entries.length;
  const fieldCount = FIELDS.length;

  // Pass 1 (the only tokenisation): term counts per (document, field), and field lengths. Counts
  // go to a dense per-term array (reset through the list of terms touched), not a Map.
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const flatTerms = new GrowableU32(n * 64);
  const flatCounts = new GrowableU32(n * 64);
  const starts = new Uint32Array(n * fieldCount + 1);
  const lengths = new Float64Array(n * fieldCount);
  const totals = new Float64Array(fieldCount);
  const fieldTf = new GrowableU32(1024);
  const fieldTouched = new GrowableU32(256);
  const countToken = (token: string): void => {
    let t = termIds.get(token);
    if (t === undefined) {
      t = terms.length;
      termIds.set(token, t);
      terms.push(token);
      fieldTf.ensure(t + 1);
    }
    const tf = fieldTf.array;
    if (tf[t] === 0) fieldTouched.push(t);
    tf[t] = (tf[t] as number) + 1;
  };
  for (let d = 0; d < n; d++) {
    const entry = entries[d] as KbEntry;
    for (let f = 0; f < fieldCount; f++) {
      const slot = d * fieldCount + f;
      starts[slot] = flatTerms.length;
      fieldTouched.length = 0;
      forEachToken(fieldText(entry, FIELDS[f] as KbField), countToken);
      let count = 0;
      const tf = fieldTf.array;
      const touched = fieldTouched.array;
      for (let i = 0; i < fieldTouched.length; i++) {
        const t = touched[i] as number;
        const c = tf[t] as number;
        flatTerms.push(t);
        flatCounts.push(c);
        count += c;
        tf[t] = 0;
      }
      lengths[slot] = count;
      totals[f] = (totals[f] as number) + count;
    }
  }
  starts[n * fieldCount] = flatTerms.length;
  const termCount = terms.length;

  // Pass 2: BM25F pseudo term frequency per (document, term): sum over fields of
  // weight * tf / (1 - b + b * len / avgLen). Written per document into flat arrays, counting the
  // document frequency of every term on the way.
  const others = options.corpus;
  const collection = n + (others?.n ?? 0);
  const avgLengths = FIELDS.map((_, f) => {
    const total = (totals[f] as number) + (others ? (others.avgLengths[f] ?? 0) * others.n : 0);
    return collection > 0 ? total / collection : 0;
  });
  const norms = FIELDS.map((field, f) => ({
    weight: weights[field],
    b: DEFAULT_B[field],
    avg: avgLengths[f] as number,
  }));
  const docTf = new Float64Array(termCount);
  const docTouched = new Uint32Array(termCount);
  const df = new Uint32Array(termCount + 1);
  const pairTerms = new GrowableU32(flatTerms.length);
  const pairTf = new Float64Array(flatTerms.length);
  const docEnds = new Uint32Array(n);
  const flatT = flatTerms.array;
  const flatC = flatCounts.array;
  for (let d = 0; d < n; d++) {
    let touchedCount = 0;
    for (let f = 0; f < fieldCount; f++) {
      const slot = d * fieldCount + f;
      const { weight, b, avg } = norms[f] as { weight: number; b: number; avg: number };
      if (weight === 0) continue;
      const norm = weight / (avg > 0 ? 1 - b + (b * (lengths[slot] as number)) / avg : 1);
      const end = starts[slot + 1] as number;
      for (let i = starts[slot] as number; i < end; i++) {
        const t = flatT[i] as number;
        const previous = docTf[t] as number;
        if (previous === 0) docTouched[touchedCount++] = t;
        docTf[t] = previous + norm * (flatC[i] as number);
      }
    }
    for (let i = 0; i < touchedCount; i++) {
      const t = docTouched[i] as number;
      pairTf[pairTerms.length] = docTf[t] as number;
      pairTerms.push(t);
      df[t] = (df[t] as number) + 1;
      docTf[t] = 0;
    }
    docEnds[d] = pairTerms.length;
  }

  // Postings grouped by term (documents ascending), with precomputed contributions
  // idf * tf / (k1 + tf).
  const offsets = new Uint32Array(termCount + 1);
  const idf = new Float64Array(termCount);
  let total = 0;
  for (let t = 0; t < termCount; t++) {
    offsets[t] = total;
    const count = df[t] as number;
    const inCollection = count + (others ? others.df(terms[t] as string) : 0);
    idf[t] = Math.log(1 + (collection - inCollection + 0.5) / (inCollection + 0.5));
    total += count;
  }
  offsets[termCount] = total;
  const cursor = offsets.slice(0, termCount);
  const docs = new Uint32Array(total);
  const scores = new Float32Array(total);
  const pairT = pairTerms.array;
  for (let d = 0, i = 0; d < n; d++) {
    const end = docEnds[d] as number;
    for (; i < end; i++) {
      const t = pairT[i] as number;
      const tf = pairTf[i] as number;
      const p = cursor[t] as number;
      cursor[t] = p + 1;
      docs[p] = d;
      scores[p] = ((idf[t] as number) * tf) / (k1 + tf);
    }
  }

  const categories = new Uint8Array(n);
  for (let d = 0; d < n; d++) categories[d] = CATEGORY_CODES.indexOf((entries[d] as KbEntry).category);
  return makeIndex(
    {
      params,
      ids: entries.map((entry) => entry.id),
      titles: entries.map((entry) => entry.title),
      categories,
      termIds,
      terms,
      avgLengths,
      offsets,
      docs,
      scores,
    },
    options,
  );
};

/**
 * Whether `loadKbIndex(data, options)` would accept the snapshot: same format, and scores computed
 * with the field weights and k1 that `options` ask for.
 */
export const isLoadableKbIndex = (data: SerializedKbIndex, options: KbIndexOptions = {}): boolean =>
  data.format === KB_INDEX_FORMAT &&
  data.params !== undefined &&
  Array.isArray(data.avgLengths) &&
  sameParams(data.params, kbIndexParams(options));

/** Restores an index from `index.toJSON()` (no tokenisation: faster than building at scale). */
export const loadKbIndex = (data: SerializedKbIndex, options: KbIndexOptions = {}): KbIndex => {
  if (data.format !== KB_INDEX_FORMAT) {
    throw new Error(`KB index snapshot format ${String(data.format)} is not ${KB_INDEX_FORMAT}: rebuild it`);
  }
  if (!isLoadableKbIndex(data, options)) {
    throw new Error('KB index snapshot was built with other field weights or k1: rebuild it');
  }
  const termIds = new Map<string, number>();
  data.terms.forEach((term, t) => {
    termIds.set(term, t);
  });
  return makeIndex(
    {
      params: data.params,
      ids: data.ids,
      titles: data.titles,
      categories: Uint8Array.from(data.categories),
      termIds,
      terms: data.terms,
      avgLengths: data.avgLengths,
      offsets: new Uint32Array(fromBase64(data.offsets)),
      docs: new Uint32Array(fromBase64(data.docs)),
      scores: new Float32Array(fromBase64(data.scores)),
    },
    options,
  );
};

let compiledDefault: Lexicon | undefined;
const defaultLexicon = (): Lexicon => {
  compiledDefault ??= compileLexicon(DEFAULT_LEXICON_DATA);
  return compiledDefault;
};

/**
 * The query analyser: the tokens of the query (weight 1) and the lexicon's expansions (weight ×
 * `expansionWeight`, never lowering a token's weight). `lexicon`: data to compile, `false` for none,
 * undefined for the built-in lexicon.
 */
export const createKbAnalyzer = (lexiconData?: LexiconData | false, expansionWeight = 0.4): KbAnalyzer => {
  const lexicon: Lexicon | undefined =
    lexiconData === false ? undefined : lexiconData ? compileLexicon(lexiconData) : defaultLexicon();
  return (query) => {
    const weights = new Map<string, number>();
    forEachToken(query, (token) => {
      weights.set(token, 1);
    });
    if (lexicon) {
      for (const [phrase, weight] of lexicon.expand(query)) {
        const w = weight * expansionWeight;
        forEachToken(phrase, (token) => {
          if ((weights.get(token) ?? 0) < w) weights.set(token, w);
        });
      }
    }
    return weights;
  };
};

const makeIndex = (data: IndexData, options: KbIndexOptions): KbIndex => {
  const analyze = createKbAnalyzer(options.lexicon, options.expansionWeight);
  const n = data.ids.length;
  // Rank of each document's id in sorted order: ties on score are broken by id ascending.
  // (Entries from the table come sorted by id: then the rank is the document number.)
  const idRank = new Uint32Array(n);
  let sorted = true;
  for (let d = 1; d < n && sorted; d++) sorted = (data.ids[d - 1] as string) < (data.ids[d] as string);
  if (sorted) for (let d = 0; d < n; d++) idRank[d] = d;
  else {
    const order = Array.from({ length: n }, (_, d) => d).sort((a, b) => {
      const x = data.ids[a] ?? '';
      const y = data.ids[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    order.forEach((d, rank) => {
      idRank[d] = rank;
    });
  }
  const accumulator = new Float64Array(n);
  const touched = new Uint32Array(n);
  let docIds: Map<string, number> | undefined;

  const searchTerms = (terms: ReadonlyMap<string, number>, options: KbSearchOptions = {}): KbSearchHit[] => {
    const top = Math.max(0, Math.floor(options.top ?? 5));
    const exclude = options.exclude;
    const minScore = options.minScore ?? 0;
    let category = -1;
    if (options.category !== undefined) {
      category = CATEGORY_CODES.indexOf(options.category as CategoryCode);
      if (category < 0) return [];
    }
    if (top === 0 || n === 0) return [];
    let touchedCount = 0;
    for (const [term, weight] of terms) {
      const t = data.termIds.get(term);
      if (t === undefined) continue;
      const end = data.offsets[t + 1] ?? 0;
      for (let p = data.offsets[t] ?? 0; p < end; p++) {
        const d = data.docs[p] ?? 0;
        if (category >= 0 && data.categories[d] !== category) continue;
        if (exclude !== undefined && exclude[d] === 1) continue;
        const previous = accumulator[d] ?? 0;
        if (previous === 0) touched[touchedCount++] = d;
        accumulator[d] = previous + weight * (data.scores[p] ?? 0);
      }
    }
    // Top-k by insertion: score desc, then id asc.
    const best: number[] = [];
    const better = (a: number, b: number): boolean => {
      const sa = accumulator[a] ?? 0;
      const sb = accumulator[b] ?? 0;
      return sa > sb || (sa === sb && (idRank[a] ?? 0) < (idRank[b] ?? 0));
    };
    for (let i = 0; i < touchedCount; i++) {
      const d = touched[i] ?? 0;
      if ((accumulator[d] ?? 0) < minScore) continue;
      const last = best[best.length - 1];
      if (best.length === top && last !== undefined && !better(d, last)) continue;
      let position = best.length;
      while (position > 0 && better(d, best[position - 1] ?? 0)) position--;
      best.splice(position, 0, d);
      if (best.length > top) best.pop();
    }
    const hits = best.map((d) => ({
      id: data.ids[d] ?? '',
      title: data.titles[d] ?? '',
      score: Math.round((accumulator[d] ?? 0) * 1e4) / 1e4,
      category: CATEGORY_CODES[data.categories[d] ?? 0] as CategoryCode,
    }));
    for (let i = 0; i < touchedCount; i++) accumulator[touched[i] ?? 0] = 0;
    return hits;
  };

  return {
    size: n,
    search: (query, options) => searchTerms(analyze(query), options),
    searchTerms,
    analyze,
    docOf(id) {
      docIds ??= new Map(data.ids.map((entryId, d) => [entryId, d]));
      return docIds.get(id);
    },
    stats: () => ({
      n,
      avgLengths: data.avgLengths,
      df(term) {
        const t = data.termIds.get(term);
        return t === undefined ? 0 : (data.offsets[t + 1] ?? 0) - (data.offsets[t] ?? 0);
      },
    }),
    toJSON: () => ({
      format: KB_INDEX_FORMAT,
      params: data.params,
      ids: data.ids,
      titles: data.titles,
      categories: Array.from(data.categories),
      terms: data.terms,
      avgLengths: data.avgLengths,
      offsets: toBase64(data.offsets),
      docs: toBase64(data.docs),
      scores: toBase64(data.scores),
    }),
  };
};

const toBase64 = (array: Uint32Array | Float32Array): string => {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
};

interface NodeBuffer {
  from(text: string, encoding: 'base64'): Uint8Array;
}

const fromBase64 = (text: string): ArrayBuffer => {
  // Node (Lambda): native decoding; the browser: atob.
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buffer) {
    const bytes = buffer.from(text, 'base64');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
};
