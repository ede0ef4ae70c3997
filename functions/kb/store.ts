import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { KB_META_ID, type KbEntry, KbEntrySchema } from './schema';

/** What the search service needs from KB storage. */
export interface KbSource {
  /** The version marker (`__meta__.version`), undefined when the table was never imported. */
  getVersion(): Promise<string | undefined>;
  /** Every entry (paginated scan), without the version marker. */
  scanEntries(): Promise<KbEntry[]>;
}

export interface KbTableStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Attempts per BatchWrite chunk while DynamoDB returns UnprocessedItems. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface KbWriteResult {
  written: number;
  deleted: number;
  version: string;
}

const BATCH_SIZE = 25;

/** The KnowledgeBase table (docs/contracts.md): PK `id`, version marker item `id = "__meta__"`. */
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
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { id: KB_META_ID },
        ProjectionExpression: '#v',
        ExpressionAttributeNames: { '#v': 'version' },
      }),
    );
    const version = result.Item?.version;
    return typeof version === 'string' ? version : undefined;
  }

  /** Scans the whole table; items that are not valid entries are skipped (and counted). */
  async scanEntries(onInvalid?: (id: unknown, message: string) => void): Promise<KbEntry[]> {
    const entries: KbEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({ TableName: this.#table, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        if (item.id === KB_META_ID) continue;
        const parsed = KbEntrySchema.safeParse(item);
        if (parsed.success) entries.push(parsed.data);
        else onInvalid?.(item.id, parsed.error.message);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return entries;
  }

  /** Ids of every entry in the table (keys-only scan). */
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
        if (typeof item.id === 'string' && item.id !== KB_META_ID) ids.push(item.id);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }

  /**
   * Writes validated entries with BatchWriteItem (25 a request, unprocessed items retried with
   * backoff); with `replace`, deletes entries that are not in `entries`. The version marker is
   * written last, so readers rebuild only once every entry is in place.
   */
  async writeEntries(
    entries: readonly KbEntry[],
    options: { version: string; replace?: boolean },
  ): Promise<KbWriteResult> {
    const keep = new Set(entries.map((entry) => entry.id));
    const stale = options.replace ? (await this.listIds()).filter((id) => !keep.has(id)) : [];
    const requests: Record<string, unknown>[] = [
      ...entries.map((entry) => ({ PutRequest: { Item: { ...entry } } })),
      ...stale.map((id) => ({ DeleteRequest: { Key: { id } } })),
    ];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) {
      await this.#batchWrite(requests.slice(i, i + BATCH_SIZE));
    }
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          id: KB_META_ID,
          version: options.version,
          count: entries.length,
          updatedAt: new Date().toISOString(),
        },
      }),
    );
    return { written: entries.length, deleted: stale.length, version: options.version };
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
