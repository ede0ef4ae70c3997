import {
  createKbIndex,
  type KbIndex,
  type KbIndexOptions,
  type KbSearchHit,
  type KbSearchOptions,
} from './engine';
import type { KbEntry } from './schema';
import type { KbSource } from './store';

export interface KbSearchServiceOptions {
  source: KbSource;
  /** How often (at most) the version marker is read; between checks queries touch no table. */
  checkIntervalMs?: number;
  indexOptions?: KbIndexOptions;
  now?: () => number;
  /** Called when a version check or rebuild fails and the previous index keeps serving. */
  onStaleError?: (error: unknown) => void;
}

export interface KbServiceHit extends KbSearchHit {
  entry: KbEntry;
}

interface Snapshot {
  version: string | undefined;
  index: KbIndex;
  entries: Map<string, KbEntry>;
  builtAt: number;
}

/**
 * Lambda-side KB search. The first call builds the index from the KnowledgeBase table (one
 * paginated scan); later calls read only the `__meta__` version marker, at most once every
 * `checkIntervalMs`, and rebuild when it changed. Concurrent calls share one load. When a check or
 * a rebuild fails, the previous index keeps serving; only the first load failing throws.
 */
export class KbSearchService {
  readonly #source: KbSource;
  readonly #interval: number;
  readonly #indexOptions: KbIndexOptions;
  readonly #now: () => number;
  readonly #onStaleError: (error: unknown) => void;
  #snapshot: Snapshot | undefined;
  #lastCheck = Number.NEGATIVE_INFINITY;
  #pending: Promise<Snapshot> | undefined;

  constructor(options: KbSearchServiceOptions) {
    this.#source = options.source;
    this.#interval = options.checkIntervalMs ?? 60_000;
    this.#indexOptions = options.indexOptions ?? {};
    this.#now = options.now ?? Date.now;
    this.#onStaleError = options.onStaleError ?? (() => {});
  }

  /** Version of the index in use (undefined before the first load or without a marker). */
  get version(): string | undefined {
    return this.#snapshot?.version;
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
    // Read the marker before the scan: an import that lands during the scan changes the marker
    // afterwards, so the next check rebuilds again.
    const version = knownVersion ?? (await this.#source.getVersion());
    this.#lastCheck = this.#now();
    const entries = await this.#source.scanEntries();
    const snapshot: Snapshot = {
      version,
      index: createKbIndex(entries, this.#indexOptions),
      entries: new Map(entries.map((entry) => [entry.id, entry])),
      builtAt: this.#now(),
    };
    this.#snapshot = snapshot;
    return snapshot;
  }
}
