import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchGetAll, batchWriteAll } from '#commons/aws/batch';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));
const pauses: number[] = [];
const options = { client, tableName: 'T', sleep: async (ms: number) => void pauses.push(ms) };
const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `k${i}` }));

beforeEach(() => {
  ddb.reset();
  pauses.length = 0;
});

describe('batchGetAll', () => {
  it('reads 100 keys a call, strongly consistent, and asks again for the keys left unprocessed', async () => {
    let first = true;
    ddb.on(BatchGetCommand).callsFake((input) => {
      const asked = input.RequestItems.T.Keys as { id: string }[];
      expect(input.RequestItems.T.ConsistentRead).toBe(true);
      // The first call leaves its last two keys unprocessed.
      const served = first ? asked.slice(0, -2) : asked;
      const left = first ? asked.slice(-2) : [];
      first = false;
      return {
        Responses: { T: served.map((k) => ({ ...k, v: 1 })) },
        UnprocessedKeys: { T: { Keys: left } },
      };
    });
    const items = await batchGetAll(keys(150), options);
    expect(items.map((i) => i.id).sort()).toEqual(
      keys(150)
        .map((k) => k.id)
        .sort(),
    );
    expect(
      ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.T?.Keys?.length),
    ).toEqual([100, 2, 50]);
    expect(pauses).toEqual([50]);
  });

  it('throws when keys stay unprocessed, or answers what it read with incomplete: return', async () => {
    ddb.on(BatchGetCommand).callsFake((input) => {
      const [head, ...rest] = input.RequestItems.T.Keys as { id: string }[];
      return { Responses: { T: head ? [head] : [] }, UnprocessedKeys: { T: { Keys: rest } } };
    });
    await expect(batchGetAll(keys(5), { ...options, maxAttempts: 3 })).rejects.toThrow(
      'BatchGet left 2 keys unprocessed after 3 attempts',
    );
    const partial = await batchGetAll(keys(5), { ...options, maxAttempts: 3, incomplete: 'return' });
    expect(partial.map((i) => i.id)).toEqual(['k0', 'k1', 'k2']);
  });
});

describe('batchWriteAll', () => {
  it('writes 25 requests a call and sends the unprocessed ones again until none is left', async () => {
    let first = true;
    ddb.on(BatchWriteCommand).callsFake((input) => {
      const asked = input.RequestItems.T as unknown[];
      const left = first ? asked.slice(0, 1) : [];
      first = false;
      return { UnprocessedItems: { T: left } };
    });
    await batchWriteAll(
      keys(30).map((k) => ({ PutRequest: { Item: k } })),
      options,
    );
    expect(
      ddb.commandCalls(BatchWriteCommand).map((c) => (c.args[0].input.RequestItems?.T ?? []).length),
    ).toEqual([25, 1, 5]);
  });
});
