import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { counterKey, createTicketCounter } from '#adapters/ticket-counter';

const ddb = mockClient(DynamoDBDocumentClient);
const counter = createTicketCounter({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' })),
  tableName: 'Counters',
});

afterEach(() => {
  ddb.reset();
});

describe('ticket counter', () => {
  it('reads ticket#<year> strongly consistent and returns its value', async () => {
    ddb.on(GetCommand).resolves({ Item: { counter: 'ticket#2027', value: 7 } });
    await expect(counter.current(2027)).resolves.toBe(7);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'Counters',
      Key: { counter: counterKey(2027) },
      ConsistentRead: true,
    });
  });

  it('reads 0 for a year without tickets', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(counter.current(2028)).resolves.toBe(0);
  });

  it('refuses a non-numeric or negative counter value', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { value: '3' } })
      .resolves({ Item: { value: -1 } });
    await expect(counter.current(2027)).rejects.toThrow('holds no usable value');
    await expect(counter.current(2027)).rejects.toThrow('holds no usable value');
  });
});
