import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchWriteAll } from '#commons/aws/batch';
import type { KbIndexOptions } from './engine';
import {
  changeItemId,
  checkKbEntryShape,
  isReservedKbId,
  KB_INDEX_CHUNK_PREFIX,
  KB_LEXICON_ID,
  KB_META_ID,
} from './entry';
import type { LexiconData } from './lexicon';
import type { KbChange } from './live-index';
import type { KbEntry } from './schema';
import { encodeKbSnapshot } from './snapshot';

/**
 * The version marker `__meta__` (docs/contracts.md, "KnowledgeBase"): which base snapshot is
 * current and how far the change log goes.
 */
export interface KbMarker {
  /** The base generation: changed by every import and compaction; undefined before the first. */
  version: string | undefined;
  /** Snapshot chunk items of that generation (0: none stored, readers scan and build). */
  indexChunks: number;
  /** Sequence number of the last published change (`__change__#<seq>`); 0 when none. */
  seq: number;
  /** Changes up to this one are already in the base generation's entries. */
  baseSeq: number;
  /** Version of the published lexicon item `__lexicon__`; undefined: the built-in lexicon. */
  lexiconVersion: number | undefined;
}

/** The version marker, and the prebuilt snapshot stored under that version when there is one. */
export interface KbStoredSnapshot {
  version: string | undefined;
  /** `encodeKbSnapshot` bytes; absent when the import stored none or its chunks do not match. */
  snapshot?: Uint8Array;
}

/** What the search service needs from KB storage. */
export interface KbSource {
  /** The version marker (`__meta__.version`), undefined when the table was never imported. */
  getVersion(): Promise<string | undefined>;
  /** Every entry (paginated scan), without the version marker and the snapshot chunks. */
  scanEntries(): Promise<KbEntry[]>;
  /** The marker and the prebuilt snapshot (GetItem only, no scan); optional. */
  readSnapshot?(): Promise<KbStoredSnapshot>;
  /** The whole marker (one GetItem); optional: without it there are no incremental changes. */
  readMarker?(): Promise<KbMarker>;
  /**
   * Published changes `from`..`to` (inclusive) in order, read strongly consistently; stops before
   * the first one it cannot read (the caller asks again later).
   */
  readChanges?(from: number, to: number): Promise<KbChange[]>;
  /** The published lexicon (undefined: none published, use the built-in one). */
  readLexicon?(): Promise<LexiconData | undefined>;
}

export interface KbTableStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Attempts per BatchWrite chunk while DynamoDB returns UnprocessedItems. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface KbWriteOptions {
  version: string;
  /** Delete the entries that are not in `entries`. */
  replace?: boolean;
  /** Store the prebuilt index snapshot with the entries (default true). */
  snapshot?: boolean;
  /** Build options of the snapshot (must match the readers' KbSearchService indexOptions). */
  indexOptions?: KbIndexOptions;
}

export interface KbWriteResult {
  written: number;
  deleted: number;
  version: string;
  /** Number of snapshot chunk items written (0: none, readers build from a scan). */
  snapshotChunks: number;
}

/** Bytes of gzipped snapshot per chunk item (DynamoDB items are at most 400 KB). */
export const KB_SNAPSHOT_CHUNK_BYTES = 340 * 1024;
/** Beyond this many chunks (about 21 MB gzipped) no snapshot is stored: readers scan and build. */
export const KB_SNAPSHOT_MAX_CHUNKS = 64;

const chunkId = (index: number): string => `${KB_INDEX_CHUNK_PREFIX}${index}`;

/**
 * The KnowledgeBase table (docs/contracts.md): PK `id`, one item per entry, the version marker
 * `id = "__meta__"`, and, since the cold-start work, the prebuilt index snapshot in chunk items
 * `id = "__index__#<n>"` (`version`, `data`: binary, gzipped) counted by the marker's
 * `indexChunks`. Ids starting with `__` are never entries.
 */
export class KbTableStore implements KbSource {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: KbTableStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async getVersion(): Promise<string | undefined> {
    return (await this.#marker(['version'])).version;
  }

  async readMarker(): Promise<KbMarker> {
    return this.#marker(['version', 'indexChunks', 'seq', 'baseSeq', 'lexiconVersion']);
  }

  /**
   * Change items by BatchGetItem (100 keys a request, unprocessed keys asked again), strongly
   * consistent: the marker that announced them was written in the same transaction
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html,
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-isolation).
   */
  async readChanges(from: number, to: number): Promise<KbChange[]> {
    const keys: Record<string, unknown>[] = [];
    for (let seq = from; seq <= to; seq++) keys.push({ id: changeItemId(seq) });
    // Keys still unprocessed after the attempts: the changes read so far, up to the first gap.
    const items = await batchGetAll(keys, {
      client: this.#client,
      tableName: this.#table,
      maxAttempts: this.#maxAttempts,
      sleep: this.#sleep,
      incomplete: 'return',
    });
    const found = new Map<number, KbChange>();
    for (const item of items) {
      const change = toChange(item);
      if (change) found.set(change.seq, change);
    }
    const changes: KbChange[] = [];
    for (let seq = from; seq <= to; seq++) {
      const change = found.get(seq);
      if (!change) break;
      changes.push(change);
    }
    return changes;
  }

  async readLexicon(): Promise<LexiconData | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { id: KB_LEXICON_ID }, ConsistentRead: true }),
    );
    const data = result.Item?.data;
    if (typeof data !== 'string') return undefined;
    const parsed = JSON.parse(data) as LexiconData;
    return Array.isArray(parsed.expansions) ? parsed : undefined;
  }

  /**
   * The marker, then its snapshot chunks in parallel (GetItem each: the functions' role has no
   * BatchGetItem). The snapshot is returned only when every chunk carries the marker's version
   * (an import in progress, or an older import that stored none, leaves it out).
   */
  async readSnapshot(): Promise<KbStoredSnapshot> {
    const { version, indexChunks } = await this.#marker(['version', 'indexChunks']);
    if (version === undefined || indexChunks === 0) return { version };
    const chunks = await Promise.all(
      Array.from({ length: indexChunks }, async (_, index) => {
        const result = await this.#client.send(
          new GetCommand({
            TableName: this.#table,
            Key: { id: chunkId(index) },
            ProjectionExpression: '#v, #d',
            ExpressionAttributeNames: { '#v': 'version', '#d': 'data' },
          }),
        );
        const data = result.Item?.data;
        return result.Item?.version === version && data instanceof Uint8Array ? data : undefined;
      }),
    );
    if (chunks.some((chunk) => chunk === undefined)) return { version };
    return { version, snapshot: gunzipSync(Buffer.concat(chunks as Uint8Array[])) };
  }

  async #marker(attributes: string[]): Promise<KbMarker> {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { id: KB_META_ID },
        ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
      }),
    );
    const item = result.Item ?? {};
    const count = (value: unknown) =>
      typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
    return {
      version: typeof item.version === 'string' ? item.version : undefined,
      indexChunks: count(item.indexChunks),
      seq: count(item.seq),
      baseSeq: count(item.baseSeq),
      lexiconVersion: typeof item.lexiconVersion === 'number' ? item.lexiconVersion : undefined,
    };
  }

  /**
   * Scans the whole table; bookkeeping items (ids starting with `__`) are left out, items that are
   * not entries are skipped (and reported). Entries come sorted by id. The check is structural
   * (entry.ts), not the import's zod schema: the import validated them.
   */
  async scanEntries(
    onInvalid?: (id: unknown, message: string) => void,
    options: { consistent?: boolean } = {},
  ): Promise<KbEntry[]> {
    const entries: KbEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          ExclusiveStartKey: startKey,
          ...(options.consistent ? { ConsistentRead: true } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (isReservedKbId(item.id)) continue;
        const problem = checkKbEntryShape(item);
        if (problem === undefined) entries.push(item as KbEntry);
        else onInvalid?.(item.id, problem);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return entries;
  }

  /** Ids of every entry in the table (keys-only scan), without the bookkeeping items. */
  async listIds(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'id' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.id === 'string' && !isReservedKbId(item.id)) ids.push(item.id);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }

  /**
   * Writes validated entries with BatchWriteItem (25 a request, unprocessed items retried with
   * backoff); with `replace`, deletes entries that are not in `entries`. Then the snapshot of the
   * table's entries (all of them: without `replace` a consistent scan reads back what the table now
   * holds) in chunk items tagged with `version`, then the version marker, so readers switch only
   * once everything is in place; finally chunks left over from a larger previous snapshot go.
   */
  async writeEntries(entries: readonly KbEntry[], options: KbWriteOptions): Promise<KbWriteResult> {
    // Changes published before this point are in what the snapshot is built from (the entries
    // written below, or the consistent scan after them): the new generation's baseSeq.
    const previous = await this.#marker(['indexChunks', 'seq']);
    const keep = new Set(entries.map((entry) => entry.id));
    const stale = options.replace ? (await this.listIds()).filter((id) => !keep.has(id)) : [];
    await this.#batchWriteAll([
      ...entries.map((entry) => ({ PutRequest: { Item: { ...entry } } })),
      ...stale.map((id) => ({ DeleteRequest: { Key: { id } } })),
    ]);
    const all =
      options.replace || !(options.snapshot ?? true)
        ? [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        : await this.scanEntries(undefined, { consistent: true });
    const chunks =
      (options.snapshot ?? true) ? await this.#writeSnapshot(all, options.version, options.indexOptions) : [];
    await this.#setGeneration({
      version: options.version,
      count: options.replace ? entries.length : all.length,
      indexChunks: chunks.length,
      baseSeq: previous.seq,
    });
    await this.#deleteChunksFrom(chunks.length, previous.indexChunks);
    return {
      written: entries.length,
      deleted: stale.length,
      version: options.version,
      snapshotChunks: chunks.length,
    };
  }

  /**
   * Compaction (functions/kb-indexer): when changes were published since the base generation,
   * builds a new base from a consistent scan and makes it current, so readers' delta segments
   * stay small. `baseSeq` is the marker's `seq` read before the scan (every change up to it is in
   * what the scan reads); the marker switches only if no import or other compaction switched it
   * meanwhile. Change items of the generation before the previous one are deleted.
   */
  async compact(
    options: { version?: string; indexOptions?: KbIndexOptions; minChanges?: number } = {},
  ): Promise<{ compacted: boolean; changes: number; entries: number; version: string | undefined }> {
    const marker = await this.readMarker();
    const changes = marker.seq - marker.baseSeq;
    if (changes < Math.max(1, options.minChanges ?? 1) && marker.version !== undefined) {
      return { compacted: false, changes, entries: 0, version: marker.version };
    }
    const entries = await this.scanEntries(undefined, { consistent: true });
    const version = options.version ?? `${new Date().toISOString()}#c${marker.seq}`;
    const chunks = await this.#writeSnapshot(entries, version, options.indexOptions);
    const switched = await this.#setGeneration(
      { version, count: entries.length, indexChunks: chunks.length, baseSeq: marker.seq },
      marker.version,
    );
    if (!switched) return { compacted: false, changes, entries: entries.length, version: marker.version };
    await this.#deleteChunksFrom(chunks.length, marker.indexChunks);
    await this.#batchWriteAll(
      Array.from({ length: Math.max(0, marker.baseSeq) }, (_, i) => i + 1)
        .slice(-1000)
        .map((seq) => ({ DeleteRequest: { Key: { id: changeItemId(seq) } } })),
    );
    return { compacted: true, changes, entries: entries.length, version };
  }

  /** Writes the snapshot chunks of `entries` tagged with `version`; the chunks (none when too big). */
  async #writeSnapshot(
    entries: readonly KbEntry[],
    version: string,
    indexOptions: KbIndexOptions | undefined,
  ): Promise<Uint8Array[]> {
    let chunks: Uint8Array[] = [];
    const packed = gzipSync(encodeKbSnapshot(entries, indexOptions));
    for (let offset = 0; offset < packed.length; offset += KB_SNAPSHOT_CHUNK_BYTES) {
      chunks.push(packed.subarray(offset, offset + KB_SNAPSHOT_CHUNK_BYTES));
    }
    if (chunks.length > KB_SNAPSHOT_MAX_CHUNKS) chunks = [];
    // One chunk a request: 25 of them would exceed BatchWriteItem's 16 MB.
    for (const [index, data] of chunks.entries()) {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: { id: chunkId(index), version, data } }),
      );
    }
    return chunks;
  }

  /**
   * Makes a generation current: UpdateItem on the marker (never a Put: `seq` and `lexiconVersion`,
   * which publishing maintains, stay). With `expectedVersion`, only when the marker still names it
   * (false when not).
   */
  async #setGeneration(
    generation: { version: string; count: number; indexChunks: number; baseSeq: number },
    expectedVersion?: string,
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id: KB_META_ID },
          UpdateExpression:
            'SET #version = :version, #count = :count, #chunks = :chunks, #baseSeq = :baseSeq, ' +
            '#seq = if_not_exists(#seq, :zero), #updatedAt = :now',
          ...(expectedVersion !== undefined && { ConditionExpression: '#version = :expected' }),
          ExpressionAttributeNames: {
            '#version': 'version',
            '#count': 'count',
            '#chunks': 'indexChunks',
            '#baseSeq': 'baseSeq',
            '#seq': 'seq',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':version': generation.version,
            ':count': generation.count,
            ':chunks': generation.indexChunks,
            ':baseSeq': generation.baseSeq,
            ':zero': 0,
            ':now': new Date().toISOString(),
            ...(expectedVersion !== undefined && { ':expected': expectedVersion }),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Deletes snapshot chunks `from`..`previous - 1` (left over from a larger previous snapshot). */
  async #deleteChunksFrom(from: number, previous: number): Promise<void> {
    await this.#batchWriteAll(
      Array.from({ length: Math.max(0, previous - from) }, (_, i) => ({
        DeleteRequest: { Key: { id: chunkId(from + i) } },
      })),
    );
  }

  async #batchWriteAll(requests: Record<string, unknown>[]): Promise<void> {
    await batchWriteAll(requests, {
      client: this.#client,
      tableName: this.#table,
      maxAttempts: this.#maxAttempts,
      sleep: this.#sleep,
    });
  }
}

/** A change item read back (`__change__#<seq>`); undefined when it is not one. */
const toChange = (item: Record<string, unknown>): KbChange | undefined => {
  const seq = item.seq;
  const id = item.entryId;
  if (typeof seq !== 'number' || typeof id !== 'string') return undefined;
  if (item.op === 'delete') return { seq, id, entry: null };
  const entry = item.entry as Record<string, unknown> | undefined;
  if (!entry || checkKbEntryShape(entry) !== undefined) return undefined;
  return { seq, id, entry: entry as KbEntry };
};
