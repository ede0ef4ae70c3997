import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Batch reads and writes of one table, with DynamoDB's unprocessed keys and items sent again.
 *
 * `batchWriteAll` writes many put/delete requests with BatchWriteItem: 25 requests per call (the
 * API's limit), one call after another, and the requests DynamoDB leaves unprocessed sent again
 * after an exponential pause ("If DynamoDB returns any unprocessed items, you should retry the
 * batch operation on those items … we strongly recommend that you use an exponential backoff
 * algorithm", https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 * Resolves when every request is written; throws when a call fails or a chunk is still
 * unprocessed after `maxAttempts` (what the calls before wrote stays written).
 *
 * One call at a time on purpose: with four at once the sample 상담DB's import (1,008 entries, 122
 * calls) took 19 s instead of 15 s on the sandbox's DynamoDB Local on disk, which writes one
 * request at a time anyway. Real DynamoDB would take calls at once; nothing here needs it yet.
 */

/** Requests per BatchWriteItem call (the API's maximum). */
export const BATCH_WRITE_SIZE = 25;
/** Keys per BatchGetItem call (the API's maximum). */
export const BATCH_GET_SIZE = 100;

export interface BatchOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Calls per chunk before giving up on its unprocessed requests or keys (default 8). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The pause before a chunk's next call: 50 ms doubling, at most 2 s. */
const backoff = (attempt: number) => Math.min(2000, 50 * 2 ** (attempt - 2));
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Strongly consistent reads of many items of one table with BatchGetItem: 100 keys per call, the
 * keys DynamoDB leaves unprocessed asked again after the same exponential pause (same page as
 * BatchWriteItem's advice, API_BatchGetItem.html). Items come back in no particular order; absent
 * keys are simply not among them. Keys still unprocessed after `maxAttempts`: an error, or with
 * `incomplete: 'return'` the items read so far (for a caller that can use part of them).
 */
export async function batchGetAll(
  keys: readonly Record<string, unknown>[],
  options: BatchOptions & { incomplete?: 'throw' | 'return' },
): Promise<Record<string, unknown>[]> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? defaultSleep;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_SIZE) {
    let pending = keys.slice(i, i + BATCH_GET_SIZE);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        if (options.incomplete === 'return') return items;
        throw new Error(`BatchGet left ${pending.length} keys unprocessed after ${maxAttempts} attempts`);
      }
      if (attempt > 1) await sleep(backoff(attempt));
      const result = await options.client.send(
        new BatchGetCommand({
          RequestItems: {
            [options.tableName]: { Keys: pending as Record<string, unknown>[], ConsistentRead: true },
          },
        }),
      );
      items.push(...(result.Responses?.[options.tableName] ?? []));
      pending =
        (result.UnprocessedKeys?.[options.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return items;
}

export async function batchWriteAll(
  requests: readonly Record<string, unknown>[],
  options: BatchOptions,
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? defaultSleep;
  for (let i = 0; i < requests.length; i += BATCH_WRITE_SIZE) {
    let pending = requests.slice(i, i + BATCH_WRITE_SIZE);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts)
        throw new Error(`BatchWrite left ${pending.length} unprocessed items after ${maxAttempts} attempts`);
      if (attempt > 1) await sleep(backoff(attempt));
      const result = await options.client.send(
        new BatchWriteCommand({ RequestItems: { [options.tableName]: pending as never } }),
      );
      pending = (result.UnprocessedItems?.[options.tableName] as Record<string, unknown>[] | undefined) ?? [];
    }
  }
}
