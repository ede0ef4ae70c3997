import {
  createKbIndex,
  type KbIndex,
  type KbIndexOptions,
  type KbSearchHit,
  type KbSearchOptions,
} from './engine';
import type { KbEntry } from './schema';
import { decodeKbSnapshot } from './snapshot';
import type { KbSource } from './store';

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
  index: KbIndex;
  entries: Map<string, KbEntry>;
  builtAt: number;
  /** `snapshot`: loaded from the prebuilt snapshot; `scan`: scanned and built. */
  from: 'snapshot' | 'scan';
}

/**
 * Lambda-side KB search. The first call loads the index: from the prebuilt snapshot `kb import`
 * stored in the KnowledgeBase table (the marker and its chunks by GetItem, no scan, no
 * tokenisation) when the source has one for the current version and this analyser, else from one
 * paginated scan and a build. Later calls read only the `__meta__` version marker, at most once
 * every `checkIntervalMs`, and load again when it changed. Concurrent calls share one load. When a
 * check or a reload fails, the previous index keeps serving; only the first load failing throws.
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
    this.#interval = options.checkIntervalMs ?? 60_000;
    this.#indexOptions = options.indexOptions ?? {};
    this.#now = options.now ?? Date.now;
    this.#onStaleError = options.onStaleError ?? (() => {});
    this.#onSnapshotError = options.onSnapshotError ?? (() => {});
  }

  /** Version of the index in use (undefined before the first load or without a marker). */
  get version(): string | undefined {
    return this.#snapshot?.version;
  }

  /** How the index in use was made: from the stored snapshot or by a scan and a build. */
  get loadedFrom(): 'snapshot' | 'scan' | undefined {
    return this.#snapshot?.from;
  }

  async search(query: string, options?: KbSearchOptions): Promise<KbServiceHit[]> {
    const snapshot = await this.#current();
    return snapshot.index.search(query, options).flatMap((hit) => {
      const entry = snapshot.entries.get(hit.id);
      return entry ? [{ ...hit, entry }] : [];
    });
  }

  async getEntry(id: string): Promise<KbEntry | undefined> {
    return (await this.#current()).entries.get(id);
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

  async #refresh(snapshot: Snapshot): Promise<Snapshot> {
    this.#lastCheck = this.#now();
    const version = await this.#source.getVersion();
    if (version === snapshot.version) return snapshot;
    return this.#load(version);
  }

  async #load(knownVersion?: string): Promise<Snapshot> {
    const stored = await this.#fromStoredSnapshot();
    if (stored) return stored.snapshot ?? this.#build(stored.version);
    return this.#build(knownVersion ?? (await this.#source.getVersion()));
  }

  /**
   * The stored snapshot when the source has one for its current version (undefined: the source
   * cannot store snapshots, or reading them failed; `snapshot` undefined: build for `version`).
   */
  async #fromStoredSnapshot(): Promise<{ version: string | undefined; snapshot?: Snapshot } | undefined> {
    if (!this.#source.readSnapshot) return undefined;
    let version: string | undefined;
    try {
      const stored = await this.#source.readSnapshot();
      version = stored.version;
      this.#lastCheck = this.#now();
      if (!stored.snapshot) return { version };
      const loaded = decodeKbSnapshot(stored.snapshot, this.#indexOptions);
      if (!loaded) return { version };
      return { version, snapshot: this.#install(version, loaded.index, loaded.entries, 'snapshot') };
    } catch (error) {
      this.#onSnapshotError(error);
      // The marker was read (the chunks or their decoding failed): build for that version.
      return version === undefined ? undefined : { version };
    }
  }

  async #build(version: string | undefined): Promise<Snapshot> {
    // The marker is read before the scan: an import that lands during the scan changes the marker
    // afterwards, so the next check loads again.
    this.#lastCheck = this.#now();
    const entries = await this.#source.scanEntries();
    return this.#install(version, createKbIndex(entries, this.#indexOptions), entries, 'scan');
  }

  #install(
    version: string | undefined,
    index: KbIndex,
    entries: readonly KbEntry[],
    from: Snapshot['from'],
  ): Snapshot {
    const snapshot: Snapshot = {
      version,
      index,
      entries: new Map(entries.map((entry) => [entry.id, entry])),
      builtAt: this.#now(),
      from,
    };
    this.#snapshot = snapshot;
    return snapshot;
  }
}
