import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Writes many put/delete requests to one table with BatchWriteItem: 25 requests per call (the
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

export interface BatchWriteOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Calls per chunk before giving up on its unprocessed requests (default 8). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function batchWriteAll(
  requests: readonly Record<string, unknown>[],
  options: BatchWriteOptions,
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let i = 0; i < requests.length; i += BATCH_WRITE_SIZE) {
    let pending = requests.slice(i, i + BATCH_WRITE_SIZE);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts)
        throw new Error(`BatchWrite left ${pending.length} unprocessed items after ${maxAttempts} attempts`);
      if (attempt > 1) await sleep(Math.min(2000, 50 * 2 ** (attempt - 2)));
      const result = await options.client.send(
        new BatchWriteCommand({ RequestItems: { [options.tableName]: pending as never } }),
      );
      pending = (result.UnprocessedItems?.[options.tableName] as Record<string, unknown>[] | undefined) ?? [];
    }
  }
}
