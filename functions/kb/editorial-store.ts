import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchWriteAll } from '#commons/aws/batch';
import type {
  KbFeedbackCounts,
  KbFeedbackKind,
  KbFeedbackRecord,
  KbVersionRecord,
} from '#functions/shared/kb-views';
import { changeItemId, KB_LEXICON_ID, KB_META_ID } from './entry';
import type { LexiconData } from './lexicon';
import type { KbState } from './lifecycle';
import { decodeCursor, encodeCursor } from './paging';
import type { KbEntry } from './schema';

export type {
  KbFeedbackCounts,
  KbFeedbackKind,
  KbFeedbackRecord,
  KbVersionRecord,
} from '#functions/shared/kb-views';

/**
 * The 상담DB's editorial side (docs/contracts.md, "KbEntries"): the KbEntries table holds, per
 * entry, a head item (`sk = "HEAD"`: state, version, owner, the working content), one immutable
 * item per version (`sk = "v#<10 digits>"`: who, when, action, changed fields, full content) and
 * the counselors' feedback (`sk = "fb#<at>#<uuid>"`, expiring). GSIs on head items only:
 * `byDepartment` (departmentId, stateKey = `<state>#<id>`) and `byState` (state, departmentKey =
 * `<departmentId>#<id>`).
 *
 * A publish or retire is one TransactWriteItems across both tables
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html): the
 * head (conditioned on the version the editor read: optimistic concurrency), the version item, the
 * published entry in the KnowledgeBase table (put or delete), the change item `__change__#<seq>`
 * and the marker's `seq` (conditioned on the `seq` read just before; retried when another publish
 * won). Readers (KbSearchService) therefore see a change exactly when the marker announces it.
 */

export const KB_HEAD_SK = 'HEAD';
export const KB_BY_DEPARTMENT_INDEX = 'byDepartment';
export const KB_BY_STATE_INDEX = 'byState';
export const KB_MAX_PAGE = 100;

export const versionSk = (version: number): string => `v#${String(version).padStart(10, '0')}`;

export const KB_FEEDBACK_KINDS: readonly KbFeedbackKind[] = ['wrong', 'outdated', 'unclear'];

export interface KbHead {
  id: string;
  state: KbState;
  version: number;
  /** The version the search serves (absent: never published, or retired). */
  publishedVersion?: number;
  departmentId: string;
  /** The working content (a JSON Lines entry: id, category, title, answer, …, department, reviewBy). */
  content: KbEntry;
  createdAt: string;
  createdBy: string;
  changedAt: string;
  changedBy: string;
  /** Feedback since the last publish, by kind. */
  feedback?: KbFeedbackCounts;
  feedbackTotal?: number;
  lastFeedbackAt?: string;
}

export interface KbPage<T> {
  items: T[];
  nextCursor?: string;
}

/** What a change does to the published side (the KnowledgeBase table), if anything. */
export type KbCorpusWrite =
  | { kind: 'publish'; entry: KbEntry }
  | { kind: 'retire' }
  | { kind: 'lexicon'; data: LexiconData; version: number };

/** The head changed since the editor read it (or does not exist): 409 with the stored version. */
export class KbVersionConflictError extends Error {
  override readonly name = 'KbVersionConflictError';
  constructor(
    readonly id: string,
    readonly currentVersion: number | undefined,
  ) {
    super(`KB entry ${id} is at version ${String(currentVersion)}`);
  }
}

export class KbEntryExistsError extends Error {
  override readonly name = 'KbEntryExistsError';
  constructor(readonly id: string) {
    super(`KB entry ${id} already exists`);
  }
}

export class KbEntryNotFoundError extends Error {
  override readonly name = 'KbEntryNotFoundError';
  constructor(readonly id: string) {
    super(`KB entry ${id} does not exist`);
  }
}

export interface KbEditorialStoreOptions {
  client: DynamoDBDocumentClient;
  /** The KbEntries table (heads, versions, feedback). */
  entriesTable: string;
  /** The KnowledgeBase table (published entries, marker, change log). */
  corpusTable: string;
  /** Retries when another publish took the marker's next `seq` first. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const HEAD_FIELDS = [
  'id',
  'state',
  'version',
  'publishedVersion',
  'departmentId',
  'content',
  'createdAt',
  'createdBy',
  'changedAt',
  'changedBy',
  'feedback',
  'feedbackTotal',
  'lastFeedbackAt',
] as const;

const toHead = (item: Record<string, unknown>): KbHead =>
  Object.fromEntries(
    HEAD_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]),
  ) as unknown as KbHead;

const headItem = (head: KbHead): Record<string, unknown> => ({
  ...head,
  // Always a map: the feedback counters are incremented in place (`SET feedback.wrong = …`).
  feedback: head.feedback ?? { wrong: 0, outdated: 0, unclear: 0 },
  sk: KB_HEAD_SK,
  stateKey: `${head.state}#${head.id}`,
  departmentKey: `${head.departmentId}#${head.id}`,
});

const versionItem = (record: KbVersionRecord): Record<string, unknown> => ({
  ...record,
  sk: versionSk(record.version),
});

const toVersion = (item: Record<string, unknown>): KbVersionRecord => {
  const { sk: _sk, ...record } = item;
  return record as unknown as KbVersionRecord;
};

export class KbEditorialStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #entries: string;
  readonly #corpus: string;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: KbEditorialStoreOptions) {
    this.#client = options.client;
    this.#entries = options.entriesTable;
    this.#corpus = options.corpusTable;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async getHead(id: string): Promise<KbHead | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#entries, Key: { id, sk: KB_HEAD_SK }, ConsistentRead: true }),
    );
    return result.Item ? toHead(result.Item) : undefined;
  }

  /** Heads of many entries (BatchGetItem, 100 a request); absent ids are left out. */
  async getHeads(ids: readonly string[]): Promise<Map<string, KbHead>> {
    const items = await batchGetAll(
      ids.map((id) => ({ id, sk: KB_HEAD_SK })),
      { client: this.#client, tableName: this.#entries, maxAttempts: this.#maxAttempts, sleep: this.#sleep },
    );
    return new Map(items.map((item) => [String(item.id), toHead(item)]));
  }

  /** Every head (a paginated scan; bulk import only). */
  async scanHeads(): Promise<KbHead[]> {
    const heads: KbHead[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#entries,
          FilterExpression: 'sk = :head',
          ExpressionAttributeValues: { ':head': KB_HEAD_SK },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) if (item.id !== KB_LEXICON_ID) heads.push(toHead(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return heads;
  }

  /** A department's heads, by state then id; `reviewBefore` keeps published ones due for review. */
  async listByDepartment(
    departmentId: string,
    options: { state?: KbState; limit: number; cursor?: string; reviewBefore?: string },
  ): Promise<KbPage<KbHead>> {
    const state = options.reviewBefore !== undefined ? 'published' : options.state;
    return this.#query(
      {
        IndexName: KB_BY_DEPARTMENT_INDEX,
        KeyConditionExpression:
          state === undefined ? 'departmentId = :d' : 'departmentId = :d AND begins_with(stateKey, :s)',
        ...(options.reviewBefore !== undefined && { FilterExpression: 'content.reviewBy < :today' }),
        ExpressionAttributeValues: {
          ':d': departmentId,
          ...(state !== undefined && { ':s': `${state}#` }),
          ...(options.reviewBefore !== undefined && { ':today': options.reviewBefore }),
        },
      },
      ['id', 'sk', 'departmentId', 'stateKey'],
      options,
      toHead,
    );
  }

  /** Heads in one state across departments (the admins' review queue), by department then id. */
  async listByState(state: KbState, options: { limit: number; cursor?: string }): Promise<KbPage<KbHead>> {
    return this.#query(
      {
        IndexName: KB_BY_STATE_INDEX,
        KeyConditionExpression: '#state = :s',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':s': state },
      },
      ['id', 'sk', 'state', 'departmentKey'],
      options,
      toHead,
    );
  }

  /** Versions of an entry, newest first. */
  async history(id: string, options: { limit: number; cursor?: string }): Promise<KbPage<KbVersionRecord>> {
    return this.#query(
      {
        KeyConditionExpression: 'id = :id AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':id': id, ':v': 'v#' },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      ['id', 'sk'],
      options,
      toVersion,
    );
  }

  async getVersion(id: string, version: number): Promise<KbVersionRecord | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#entries, Key: { id, sk: versionSk(version) }, ConsistentRead: true }),
    );
    return result.Item ? toVersion(result.Item) : undefined;
  }

  /** The latest feedback on an entry, newest first. */
  async feedback(id: string, limit: number): Promise<KbFeedbackRecord[]> {
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#entries,
        KeyConditionExpression: 'id = :id AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':id': id, ':f': 'fb#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => {
      const { sk: _sk, expiresAt: _expires, ...record } = item;
      return record as KbFeedbackRecord;
    });
  }

  async #query<T>(
    input: Omit<NonNullable<ConstructorParameters<typeof QueryCommand>[0]>, 'TableName'>,
    keyNames: readonly string[],
    options: { limit: number; cursor?: string },
    map: (item: Record<string, unknown>) => T,
  ): Promise<KbPage<T>> {
    const startKey = decodeCursor(options.cursor, keyNames);
    const result = await this.#client.send(
      new QueryCommand({
        ...input,
        TableName: this.#entries,
        Limit: Math.min(Math.max(1, options.limit), KB_MAX_PAGE),
        ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
      }),
    );
    const nextCursor = encodeCursor(result.LastEvaluatedKey);
    return { items: (result.Items ?? []).map(map), ...(nextCursor !== undefined && { nextCursor }) };
  }

  /**
   * Writes one change: the new head (a create when `expectedVersion` is undefined), its version
   * item and, for a publish, retire or lexicon publish, the published side. Throws
   * KbVersionConflictError when the head is not at `expectedVersion` (KbEntryExistsError for a
   * create of an existing id).
   */
  async commit(change: {
    head: KbHead | (Omit<KbHead, 'departmentId' | 'content'> & { lexicon: LexiconData });
    expectedVersion: number | undefined;
    record: KbVersionRecord | (Omit<KbVersionRecord, 'content' | 'changed'> & { lexicon: LexiconData });
    corpus?: KbCorpusWrite;
  }): Promise<void> {
    const { head, expectedVersion, record, corpus } = change;
    const isEntry = 'content' in head;
    const headPut = {
      Put: {
        TableName: this.#entries,
        Item: isEntry ? headItem(head) : { ...head, sk: KB_HEAD_SK },
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(id)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
    const recordPut = {
      Put: {
        TableName: this.#entries,
        Item: versionItem(record as KbVersionRecord),
        ConditionExpression: 'attribute_not_exists(id)',
      },
    };
    for (let attempt = 1; ; attempt++) {
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [headPut, recordPut];
      let seqConflictIndex = -1;
      if (corpus?.kind === 'lexicon') {
        items.push(
          {
            Put: {
              TableName: this.#corpus,
              Item: {
                id: KB_LEXICON_ID,
                version: corpus.version,
                data: JSON.stringify(corpus.data),
                at: record.at,
              },
            },
          },
          {
            Update: {
              TableName: this.#corpus,
              Key: { id: KB_META_ID },
              UpdateExpression: 'SET lexiconVersion = :v',
              ExpressionAttributeValues: { ':v': corpus.version },
            },
          },
        );
      } else if (corpus !== undefined) {
        const seq = await this.#currentSeq();
        seqConflictIndex = items.length + 1;
        items.push(
          corpus.kind === 'publish'
            ? { Put: { TableName: this.#corpus, Item: { ...corpus.entry } } }
            : { Delete: { TableName: this.#corpus, Key: { id: head.id } } },
          {
            Update: {
              TableName: this.#corpus,
              Key: { id: KB_META_ID },
              UpdateExpression: 'SET seq = :next',
              ConditionExpression: seq === 0 ? 'attribute_not_exists(seq) OR seq = :zero' : 'seq = :seq',
              ExpressionAttributeValues: {
                ':next': seq + 1,
                ...(seq === 0 ? { ':zero': 0 } : { ':seq': seq }),
              },
            },
          },
          {
            Put: {
              TableName: this.#corpus,
              Item: {
                id: changeItemId(seq + 1),
                seq: seq + 1,
                entryId: head.id,
                op: corpus.kind === 'publish' ? 'put' : 'delete',
                ...(corpus.kind === 'publish' && { entry: { ...corpus.entry } }),
                at: record.at,
              },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
        );
      }
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
        if (failed(0)) {
          if (expectedVersion === undefined) throw new KbEntryExistsError(head.id);
          const old = reasons[0]?.Item?.version;
          const current =
            old?.N !== undefined ? Number(old.N) : ((await this.getHead(head.id))?.version ?? undefined);
          throw new KbVersionConflictError(head.id, current);
        }
        const seqLost = seqConflictIndex >= 0 && (failed(seqConflictIndex) || failed(seqConflictIndex + 1));
        const contention = reasons.some((r) => r.Code === 'TransactionConflict');
        if ((seqLost || contention) && attempt < this.#maxAttempts) {
          await this.#sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random()));
          continue;
        }
        throw error;
      }
    }
  }

  async #currentSeq(): Promise<number> {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#corpus,
        Key: { id: KB_META_ID },
        ProjectionExpression: 'seq',
        ConsistentRead: true,
      }),
    );
    const seq = result.Item?.seq;
    return typeof seq === 'number' ? seq : 0;
  }

  /**
   * Records feedback on an entry: the feedback item (expiring at `expiresAt`, epoch seconds) and
   * the head's counters, in one transaction; KbEntryNotFoundError when there is no such entry.
   */
  async addFeedback(feedback: KbFeedbackRecord, expiresAt: number, uniqueId: string): Promise<void> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#entries,
                Key: { id: feedback.id, sk: KB_HEAD_SK },
                ConditionExpression: 'attribute_exists(id)',
                UpdateExpression:
                  'SET feedback.#kind = if_not_exists(feedback.#kind, :zero) + :one, lastFeedbackAt = :at ' +
                  'ADD feedbackTotal :one',
                ExpressionAttributeNames: { '#kind': feedback.kind },
                ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': feedback.at },
              },
            },
            {
              Put: {
                TableName: this.#entries,
                Item: { ...feedback, sk: `fb#${feedback.at}#${uniqueId}`, expiresAt },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new KbEntryNotFoundError(feedback.id);
      }
      throw error;
    }
  }

  /**
   * Bulk writes for `kb import` (BatchWriteItem, 25 a request, unprocessed items retried): heads
   * and their version items, without conditions (an import is an administrator's bulk operation).
   */
  async writeImported(changes: readonly { head: KbHead; record: KbVersionRecord }[]): Promise<void> {
    const requests = changes.flatMap(({ head, record }) => [
      { PutRequest: { Item: headItem(head) } },
      { PutRequest: { Item: versionItem(record) } },
    ]);
    await batchWriteAll(requests, {
      client: this.#client,
      tableName: this.#entries,
      maxAttempts: this.#maxAttempts,
      sleep: this.#sleep,
    });
  }

  /** The lexicon's head (`id = "__lexicon__"`), undefined before the first save. */
  async getLexiconHead(): Promise<
    (Omit<KbHead, 'departmentId' | 'content'> & { lexicon: LexiconData }) | undefined
  > {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#entries,
        Key: { id: KB_LEXICON_ID, sk: KB_HEAD_SK },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    const { sk: _sk, ...head } = result.Item;
    return head as Omit<KbHead, 'departmentId' | 'content'> & { lexicon: LexiconData };
  }
}

/** The feedback counters of a head (zeros filled in). */
export const feedbackCounts = (head: Pick<KbHead, 'feedback'>): KbFeedbackCounts => ({
  wrong: head.feedback?.wrong ?? 0,
  outdated: head.feedback?.outdated ?? 0,
  unclear: head.feedback?.unclear ?? 0,
});
