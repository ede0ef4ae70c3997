import lexiconData from './lexicon.json' with { type: 'json' };
import { compact } from './tokenizer';

/** The lexicon as data (functions/kb/lexicon.json): colloquial phrases → official terms. */
export interface LexiconData {
  expansions: { match: string[]; expand: string[]; weight?: number }[];
  synonyms?: string[][];
}

export interface Lexicon {
  /** Official terms (with weights) that the query implies. */
  expand(query: string): Map<string, number>;
  /** Number of match keys (for reports). */
  readonly size: number;
}

/** Keys shorter than this never match (one syllable matches inside too many words). */
const MIN_KEY_LENGTH = 2;

/**
 * Compiles lexicon data. Matching is spacing-insensitive: keys and the query are compacted
 * (no spaces or punctuation) and a key matches anywhere inside the query, so `물이 새요`,
 * `물이새요` and `물 새는데` all hit the key `물이새`/`물새`.
 */
export const compileLexicon = (data: LexiconData, defaultWeight = 1): Lexicon => {
  const byKey = new Map<string, Map<string, number>>();
  const add = (key: string, terms: readonly string[], weight: number) => {
    const k = compact(key);
    if (k.length < MIN_KEY_LENGTH) return;
    const targets = byKey.get(k) ?? new Map<string, number>();
    for (const term of terms) {
      if (compact(term) === k) continue;
      targets.set(term, Math.max(targets.get(term) ?? 0, weight));
    }
    if (targets.size > 0) byKey.set(k, targets);
  };
  for (const entry of data.expansions) {
    for (const key of entry.match) add(key, entry.expand, entry.weight ?? defaultWeight);
  }
  for (const group of data.synonyms ?? []) {
    for (const key of group) add(key, group, defaultWeight);
  }
  // Group keys by first character for a cheap scan of the query.
  const byFirst = new Map<string, [string, Map<string, number>][]>();
  for (const [key, targets] of byKey) {
    const first = key.charAt(0);
    const list = byFirst.get(first) ?? [];
    list.push([key, targets]);
    byFirst.set(first, list);
  }
  return {
    size: byKey.size,
    expand(query) {
      const text = compact(query);
      const result = new Map<string, number>();
      for (let i = 0; i < text.length; i++) {
        const candidates = byFirst.get(text.charAt(i));
        if (!candidates) continue;
        for (const [key, targets] of candidates) {
          if (!text.startsWith(key, i)) continue;
          for (const [term, weight] of targets) result.set(term, Math.max(result.get(term) ?? 0, weight));
        }
      }
      return result;
    },
  };
};

/** Merges lexicon data sets (e.g. the built-in one and a city's own). */
export const mergeLexicons = (...sets: LexiconData[]): LexiconData => ({
  expansions: sets.flatMap((set) => set.expansions),
  synonyms: sets.flatMap((set) => set.synonyms ?? []),
});

/** The built-in civil-service lexicon. */
export const DEFAULT_LEXICON_DATA: LexiconData = lexiconData as LexiconData;
