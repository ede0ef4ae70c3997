import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The desk's 상담DB search log (docs/contracts.md, "KbSearchLog"): one item per search session
 * (`searchId`, chosen by the desk so typing a query letter by letter is one session): the masked
 * query, the result ids, which results were opened or used, the department it is attributed to
 * (`departmentDay` = `<departmentId>#<YYYY-MM-DD>`, GSI `byDepartmentDay` with sort key `at`) and
 * `expiresAt` (TTL, epoch seconds: DynamoDB deletes expired items within days, so reads filter
 * on it too — https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html).
 * No caller number, no counselor name.
 */

export const KB_SEARCH_LOG_INDEX = 'byDepartmentDay';
/** Attributed to no department (no result and no category). */
export const KB_UNASSIGNED = 'unassigned';

export interface KbSearchLogRecord {
  searchId: string;
  at: string;
  day: string;
  departmentId: string;
  query: string;
  queryKey: string;
  resultIds: string[];
  category?: string;
  expiresAt: number;
}

export interface KbLoggedSearch {
  searchId: string;
  at: string;
  query: string;
  queryKey: string;
  resultIds: string[];
  opened: string[];
  used: string[];
}

export type KbSearchEventKind = 'opened' | 'used';

export class KbSearchLogStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  /** Records (or, for the same session, overwrites) the latest search; opened/used stay. */
  async log(record: KbSearchLogRecord): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { searchId: record.searchId },
        UpdateExpression:
          'SET #at = :at, #day = :day, departmentId = :dept, departmentDay = :dd, #query = :q, queryKey = :qk, ' +
          'resultIds = :ids, expiresAt = :exp' +
          (record.category !== undefined ? ', category = :cat' : '') +
          ' ADD searches :one',
        ExpressionAttributeNames: { '#at': 'at', '#day': 'day', '#query': 'query' },
        ExpressionAttributeValues: {
          ':at': record.at,
          ':day': record.day,
          ':dept': record.departmentId,
          ':dd': `${record.departmentId}#${record.day}`,
          ':q': record.query,
          ':qk': record.queryKey,
          ':ids': record.resultIds,
          ':exp': record.expiresAt,
          ':one': 1,
          ...(record.category !== undefined && { ':cat': record.category }),
        },
      }),
    );
  }

  /** Marks a result of a logged search opened or used; false when the search was never logged. */
  async addEvent(searchId: string, kind: KbSearchEventKind, entryId: string): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { searchId },
          ConditionExpression: 'attribute_exists(searchId)',
          UpdateExpression: 'ADD #kind :id',
          ExpressionAttributeNames: { '#kind': kind },
          ExpressionAttributeValues: { ':id': new Set([entryId]) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The searches attributed to a department on one day (every page), unexpired ones only. */
  async searchesOn(departmentId: string, day: string, nowSeconds: number): Promise<KbLoggedSearch[]> {
    const searches: KbLoggedSearch[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: KB_SEARCH_LOG_INDEX,
          KeyConditionExpression: 'departmentDay = :dd',
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: { ':dd': `${departmentId}#${day}`, ':now': nowSeconds },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        searches.push({
          searchId: String(item.searchId),
          at: String(item.at),
          query: String(item.query),
          queryKey: String(item.queryKey),
          resultIds: Array.isArray(item.resultIds) ? (item.resultIds as string[]) : [],
          opened: item.opened instanceof Set ? [...(item.opened as Set<string>)] : [],
          used: item.used instanceof Set ? [...(item.used as Set<string>)] : [],
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return searches;
  }
}
