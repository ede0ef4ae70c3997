import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { KbIndexOptions } from './engine';
import { checkKbEntryShape, isReservedKbId, KB_INDEX_CHUNK_PREFIX, KB_META_ID } from './entry';
import type { KbEntry } from './schema';
import { encodeKbSnapshot } from './snapshot';

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

const BATCH_SIZE = 25;
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

  async #marker(attributes: string[]): Promise<{ version: string | undefined; indexChunks: number }> {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { id: KB_META_ID },
        ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
      }),
    );
    const version = result.Item?.version;
    const chunks = result.Item?.indexChunks;
    return {
      version: typeof version === 'string' ? version : undefined,
      indexChunks: typeof chunks === 'number' && Number.isInteger(chunks) && chunks > 0 ? chunks : 0,
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
    const previous = await this.#marker(['indexChunks']);
    const keep = new Set(entries.map((entry) => entry.id));
    const stale = options.replace ? (await this.listIds()).filter((id) => !keep.has(id)) : [];
    await this.#batchWriteAll([
      ...entries.map((entry) => ({ PutRequest: { Item: { ...entry } } })),
      ...stale.map((id) => ({ DeleteRequest: { Key: { id } } })),
    ]);
    let chunks: Uint8Array[] = [];
    if (options.snapshot ?? true) {
      const all = options.replace
        ? [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        : await this.scanEntries(undefined, { consistent: true });
      const packed = gzipSync(encodeKbSnapshot(all, options.indexOptions));
      for (let offset = 0; offset < packed.length; offset += KB_SNAPSHOT_CHUNK_BYTES) {
        chunks.push(packed.subarray(offset, offset + KB_SNAPSHOT_CHUNK_BYTES));
      }
      if (chunks.length > KB_SNAPSHOT_MAX_CHUNKS) chunks = [];
      // One chunk a request: 25 of them would exceed BatchWriteItem's 16 MB.
      for (const [index, data] of chunks.entries()) {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { id: chunkId(index), version: options.version, data },
          }),
        );
      }
    }
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          id: KB_META_ID,
          version: options.version,
          count: entries.length,
          indexChunks: chunks.length,
          updatedAt: new Date().toISOString(),
        },
      }),
    );
    await this.#batchWriteAll(
      Array.from({ length: Math.max(0, previous.indexChunks - chunks.length) }, (_, i) => ({
        DeleteRequest: { Key: { id: chunkId(chunks.length + i) } },
      })),
    );
    return {
      written: entries.length,
      deleted: stale.length,
      version: options.version,
      snapshotChunks: chunks.length,
    };
  }

  async #batchWriteAll(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_SIZE) {
      await this.#batchWrite(requests.slice(i, i + BATCH_SIZE));
    }
  }

  async #batchWrite(chunk: Record<string, unknown>[]): Promise<void> {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > this.#maxAttempts) {
        throw new Error(
          `BatchWrite left ${pending.length} unprocessed items after ${this.#maxAttempts} attempts`,
        );
      }
      if (attempt > 1) await this.#sleep(Math.min(2000, 50 * 2 ** (attempt - 2)));
      const result = await this.#client.send(
        new BatchWriteCommand({ RequestItems: { [this.#table]: pending as never } }),
      );
      pending = (result.UnprocessedItems?.[this.#table] as Record<string, unknown>[] | undefined) ?? [];
    }
  }
}
