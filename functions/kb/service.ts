import {
  createKbAnalyzer,
  createKbIndex,
  type KbAnalyzer,
  type KbIndex,
  type KbIndexOptions,
  type KbSearchHit,
  type KbSearchOptions,
} from './engine';
import { KbLiveIndex } from './live-index';
import type { KbEntry } from './schema';
import { decodeKbSnapshot } from './snapshot';
import type { KbMarker, KbSource } from './store';

/**
 * How often (at most) a container reads the `__meta__` marker: a published entry is searchable
 * after at most this long plus one read (the 상담DB promise is 60 s; README "상담DB").
 */
export const KB_DEFAULT_CHECK_INTERVAL_MS = 15_000;

export interface KbSearchServiceOptions {
  source: KbSource;
  /** How often (at most) the version marker is read; between checks queries touch no table. */
  checkIntervalMs?: number;
  indexOptions?: KbIndexOptions;
  now?: () => number;
  /** Called when a version check or rebuild fails and the previous index keeps serving. */
  onStaleError?: (error: unknown) => void;
  /** Called when the stored snapshot cannot be read or decoded and the index is built from a scan. */
  onSnapshotError?: (error: unknown) => void;
}

export interface KbServiceHit extends KbSearchHit {
  entry: KbEntry;
}

interface Snapshot {
  version: string | undefined;
  live: KbLiveIndex;
  /** Last change applied (`__change__#<seq>`). */
  seq: number;
  lexiconVersion: number | undefined;
  analyze: KbAnalyzer;
  builtAt: number;
  /** `snapshot`: loaded from the prebuilt snapshot; `scan`: scanned and built. */
  from: 'snapshot' | 'scan';
}

const NO_MARKER: KbMarker = {
  version: undefined,
  indexChunks: 0,
  seq: 0,
  baseSeq: 0,
  lexiconVersion: undefined,
};

/**
 * Lambda-side KB search (the lookup and API functions; docs/contracts.md, "KnowledgeBase"). The
 * first call loads the base index: from the prebuilt snapshot stored in the KnowledgeBase table
 * (the marker and its chunks by GetItem, no scan, no tokenisation) when there is one for the
 * current generation and this analyser, else from one paginated scan and a build; then it applies
 * the changes published since that base. Later calls read only the `__meta__` marker, at most
 * once every `checkIntervalMs`: a new generation (an import or a compaction) loads again; new
 * changes (`seq` grew) are read by BatchGetItem and applied to the in-memory index incrementally
 * (live-index.ts: no rebuild of the base); a new lexicon version swaps the query analyser.
 * Concurrent calls share one load. When a check or a reload fails, the previous index keeps
 * serving; only the first load failing throws.
 */
export class KbSearchService {
  readonly #source: KbSource;
  readonly #interval: number;
  readonly #indexOptions: KbIndexOptions;
  readonly #now: () => number;
  readonly #onStaleError: (error: unknown) => void;
  readonly #onSnapshotError: (error: unknown) => void;
  #snapshot: Snapshot | undefined;
  #lastCheck = Number.NEGATIVE_INFINITY;
  #pending: Promise<Snapshot> | undefined;

  constructor(options: KbSearchServiceOptions) {
    this.#source = options.source;
    this.#interval = options.checkIntervalMs ?? KB_DEFAULT_CHECK_INTERVAL_MS;
    this.#indexOptions = options.indexOptions ?? {};
    this.#now = options.now ?? Date.now;
    this.#onStaleError = options.onStaleError ?? (() => {});
    this.#onSnapshotError = options.onSnapshotError ?? (() => {});
  }

  /** Version of the base index in use (undefined before the first load or without a marker). */
  get version(): string | undefined {
    return this.#snapshot?.version;
  }

  /** How the base index in use was made: from the stored snapshot or by a scan and a build. */
  get loadedFrom(): 'snapshot' | 'scan' | undefined {
    return this.#snapshot?.from;
  }

  /** The last published change applied (0: none). */
  get seq(): number {
    return this.#snapshot?.seq ?? 0;
  }

  /** Entries changed since the base, held in the delta segment. */
  get pendingChanges(): number {
    return this.#snapshot?.live.pending ?? 0;
  }

  async search(query: string, options?: KbSearchOptions): Promise<KbServiceHit[]> {
    const snapshot = await this.#current();
    return snapshot.live.search(snapshot.analyze(query), options).flatMap((hit) => {
      const entry = snapshot.live.getEntry(hit.id);
      return entry ? [{ ...hit, entry }] : [];
    });
  }

  async getEntry(id: string): Promise<KbEntry | undefined> {
    return (await this.#current()).live.getEntry(id);
  }

  /** Loads the index now (e.g. during Lambda init). */
  async warm(): Promise<void> {
    await this.#current();
  }

  async #current(): Promise<Snapshot> {
    if (this.#pending) return this.#pending;
    const snapshot = this.#snapshot;
    if (!snapshot) return this.#share(this.#load());
    if (this.#now() - this.#lastCheck < this.#interval) return snapshot;
    return this.#share(
      this.#refresh(snapshot).catch((error: unknown) => {
        this.#onStaleError(error);
        return snapshot;
      }),
    );
  }

  #share(work: Promise<Snapshot>): Promise<Snapshot> {
    const pending = work.finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  async #readMarker(): Promise<KbMarker> {
    if (this.#source.readMarker) return this.#source.readMarker();
    return { ...NO_MARKER, version: await this.#source.getVersion() };
  }

  async #refresh(snapshot: Snapshot): Promise<Snapshot> {
    this.#lastCheck = this.#now();
    const marker = await this.#readMarker();
    if (marker.version !== snapshot.version) return this.#load(marker);
    await this.#catchUp(snapshot, marker);
    return snapshot;
  }

  /** Applies the changes after the snapshot's and swaps the lexicon when the marker says so. */
  async #catchUp(snapshot: Snapshot, marker: KbMarker): Promise<void> {
    if (marker.lexiconVersion !== snapshot.lexiconVersion && this.#source.readLexicon) {
      const data = await this.#source.readLexicon();
      snapshot.analyze = createKbAnalyzer(
        data ?? this.#indexOptions.lexicon,
        this.#indexOptions.expansionWeight,
      );
      snapshot.lexiconVersion = marker.lexiconVersion;
    }
    if (marker.seq > snapshot.seq && this.#source.readChanges) {
      // In order and without gaps: a change not readable yet is asked for again at the next check.
      const changes = [];
      for (const change of await this.#source.readChanges(snapshot.seq + 1, marker.seq)) {
        if (change.seq !== snapshot.seq + changes.length + 1) break;
        changes.push(change);
      }
      snapshot.live.apply(changes);
      snapshot.seq += changes.length;
    }
  }

  async #load(known?: KbMarker): Promise<Snapshot> {
    const stored = await this.#fromStoredSnapshot();
    const snapshot = stored?.snapshot ?? (await this.#build(stored?.marker ?? known));
    await this.#catchUp(snapshot, stored?.marker ?? known ?? NO_MARKER);
    this.#snapshot = snapshot;
    return snapshot;
  }

  /**
   * The stored snapshot when the source has one for its current generation (undefined: the source
   * cannot store snapshots, or reading them failed before the marker; `snapshot` undefined: build).
   */
  async #fromStoredSnapshot(): Promise<{ marker: KbMarker; snapshot?: Snapshot } | undefined> {
    if (!this.#source.readSnapshot) return undefined;
    let marker: KbMarker | undefined;
    try {
      marker = await this.#readMarker();
      const stored = await this.#source.readSnapshot();
      this.#lastCheck = this.#now();
      if (stored.version !== marker.version) marker = { ...marker, version: stored.version };
      if (!stored.snapshot) return { marker };
      const loaded = decodeKbSnapshot(stored.snapshot, this.#indexOptions);
      if (!loaded) return { marker };
      return { marker, snapshot: this.#make(marker, loaded.index, loaded.entries, 'snapshot') };
    } catch (error) {
      this.#onSnapshotError(error);
      // The marker was read (the chunks or their decoding failed): build for that generation.
      return marker === undefined ? undefined : { marker };
    }
  }

  async #build(known: KbMarker | undefined): Promise<Snapshot> {
    // The marker is read before the scan: an import that lands during the scan changes the marker
    // afterwards, so the next check loads again; changes after the marker's base are applied
    // on top (again, if the scan saw them already: applying a change is idempotent).
    const marker = known ?? (await this.#readMarker());
    this.#lastCheck = this.#now();
    const entries = await this.#source.scanEntries();
    return this.#make(marker, createKbIndex(entries, this.#indexOptions), entries, 'scan');
  }

  #make(marker: KbMarker, index: KbIndex, entries: readonly KbEntry[], from: Snapshot['from']): Snapshot {
    return {
      version: marker.version,
      live: new KbLiveIndex(index, entries, this.#indexOptions),
      seq: marker.baseSeq,
      // Undefined: the first catch-up reads the published lexicon when the marker names one.
      lexiconVersion: undefined,
      analyze: createKbAnalyzer(this.#indexOptions.lexicon, this.#indexOptions.expansionWeight),
      builtAt: this.#now(),
      from,
    };
  }
}
