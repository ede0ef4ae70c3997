import {
  createKbIndex,
  type KbIndex,
  type KbIndexOptions,
  type KbSearchHit,
  type KbSearchOptions,
} from './engine';
import type { KbEntry } from './schema';

/**
 * The search index a Lambda container holds in memory while the 상담DB changes under it: a big
 * immutable base segment (the snapshot loaded at cold start, or built from a scan) plus a small
 * delta segment holding every entry published or retired since that base (docs/contracts.md,
 * "KnowledgeBase"). Applying changes never touches the base: the replaced and retired entries are
 * masked out of it (a byte per document) and the delta segment — a few entries — is rebuilt from
 * scratch, scored with the base's statistics (document count, document frequencies, field length
 * averages) so its scores compare with the base's. A search runs on both and merges the two top
 * lists by score, then id, exactly like one index would order them. The periodic compaction
 * (functions/kb-indexer) folds the delta into a new base snapshot.
 */

/** One published change: the entry as published, or `null` when it was retired. */
export interface KbChange {
  seq: number;
  id: string;
  entry: KbEntry | null;
}

const byId = (a: KbEntry, b: KbEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const better = (a: KbSearchHit, b: KbSearchHit): boolean =>
  a.score > b.score || (a.score === b.score && a.id < b.id);

export class KbLiveIndex {
  readonly #base: KbIndex;
  readonly #baseEntries: ReadonlyMap<string, KbEntry>;
  readonly #options: KbIndexOptions;
  readonly #overlay = new Map<string, KbEntry | null>();
  readonly #excluded: Uint8Array;
  #excludedCount = 0;
  #delta: KbIndex | undefined;

  constructor(base: KbIndex, baseEntries: readonly KbEntry[], options: KbIndexOptions = {}) {
    this.#base = base;
    this.#baseEntries = new Map(baseEntries.map((entry) => [entry.id, entry]));
    this.#options = options;
    this.#excluded = new Uint8Array(base.size);
  }

  /** Entries searchable now. */
  get size(): number {
    let live = 0;
    for (const entry of this.#overlay.values()) if (entry !== null) live++;
    return this.#base.size - this.#excludedCount + live;
  }

  /** Entries changed since the base (the delta segment's size, retirements included). */
  get pending(): number {
    return this.#overlay.size;
  }

  getEntry(id: string): KbEntry | undefined {
    const changed = this.#overlay.get(id);
    if (changed !== undefined) return changed ?? undefined;
    return this.#baseEntries.get(id);
  }

  /** Applies changes in order (the last change of an entry wins) and rebuilds the delta segment. */
  apply(changes: readonly KbChange[]): void {
    if (changes.length === 0) return;
    for (const change of changes) {
      this.#overlay.set(change.id, change.entry);
      const d = this.#base.docOf(change.id);
      if (d !== undefined && this.#excluded[d] === 0) {
        this.#excluded[d] = 1;
        this.#excludedCount++;
      }
    }
    const live = [...this.#overlay.values()].filter((entry): entry is KbEntry => entry !== null).sort(byId);
    const stats = this.#base.stats();
    this.#delta =
      live.length === 0
        ? undefined
        : createKbIndex(live, {
            ...this.#options,
            corpus: { ...stats, n: Math.max(0, stats.n - this.#excludedCount), df: stats.df },
          });
  }

  /** Search with analysed terms (KbAnalyzer) on the base and the delta, merged. */
  search(terms: ReadonlyMap<string, number>, options: KbSearchOptions = {}): KbSearchHit[] {
    const top = Math.max(0, Math.floor(options.top ?? 5));
    const fromBase = this.#base.searchTerms(terms, {
      ...options,
      ...(this.#excludedCount > 0 && { exclude: this.#excluded }),
    });
    if (!this.#delta) return fromBase;
    const fromDelta = this.#delta.searchTerms(terms, { ...options, exclude: undefined });
    const merged: KbSearchHit[] = [];
    let i = 0;
    let j = 0;
    while (merged.length < top && (i < fromBase.length || j < fromDelta.length)) {
      const a = fromBase[i];
      const b = fromDelta[j];
      if (b === undefined || (a !== undefined && better(a, b))) {
        merged.push(a as KbSearchHit);
        i++;
      } else {
        merged.push(b);
        j++;
      }
    }
    return merged;
  }
}
