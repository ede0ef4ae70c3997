import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type RawItem = Record<string, { S?: string; N?: string }>;
type RawKey = Record<string, { S?: string }>;

/**
 * An in-memory stand-in for the Powertools idempotency table on a mocked low-level DynamoDB client:
 * the conditional put (an existing live record, or one still in progress, wins), the status update,
 * delete and get — enough for handler unit tests to prove "same request, same ticket".
 */
export function installIdempotencyFake(
  raw: AwsClientStub<DynamoDBClient>,
  store: Map<string, RawItem>,
  tableName = 'Idempotency',
): void {
  const keyOf = (input: { Key?: unknown }) => String((input.Key as RawKey).id?.S);
  raw.on(PutItemCommand, { TableName: tableName }).callsFake((input) => {
    const item = input.Item as RawItem;
    const key = String(item.id?.S);
    const existing = store.get(key);
    if (existing !== undefined) {
      const stored = unmarshall(existing as never);
      const live = Number(stored.expiration) > Date.now() / 1000;
      const locked = stored.status !== 'INPROGRESS' || Number(stored.in_progress_expiration) > Date.now();
      if (live && locked) {
        throw new ConditionalCheckFailedException({
          message: 'exists',
          $metadata: {},
          Item: existing as never,
        });
      }
    }
    store.set(key, structuredClone(item));
    return {};
  });
  raw.on(UpdateItemCommand, { TableName: tableName }).callsFake((input) => {
    const key = keyOf(input);
    const item = store.get(key) ?? { id: { S: key } };
    const names = input.ExpressionAttributeNames as Record<string, string>;
    const values = input.ExpressionAttributeValues as Record<string, unknown>;
    for (const assignment of String(input.UpdateExpression).replace(/^SET /, '').split(', ')) {
      const [name, value] = assignment.split(' = ') as [string, string];
      (item as Record<string, unknown>)[names[name] ?? name] = values[value];
    }
    store.set(key, item);
    return {};
  });
  raw.on(DeleteItemCommand, { TableName: tableName }).callsFake((input) => {
    store.delete(keyOf(input));
    return {};
  });
  raw.on(GetItemCommand, { TableName: tableName }).callsFake((input) => ({ Item: store.get(keyOf(input)) }));
}
