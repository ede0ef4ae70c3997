import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateTicketNumber, createTicketCounter, SequenceExhaustedError } from '#adapters/ticket-counter';
import { parseTicketNumber } from '#domain/ticket-number';

const ddb = mockClient(DynamoDBDocumentClient);
const counter = createTicketCounter({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' })),
  tableName: 'Counters',
});

afterEach(() => {
  ddb.reset();
});

describe('ticket counter', () => {
  it('atomically ADDs 1 to ticket#<year> and returns the new value', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { value: 7 } });
    await expect(counter.next(2027)).resolves.toBe(7);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'Counters',
      Key: { counter: 'ticket#2027' },
      UpdateExpression: 'ADD #value :one',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    });
  });

  it('refuses a sequence beyond 999,999', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { value: 1_000_000 } });
    await expect(counter.next(2027)).rejects.toThrow(SequenceExhaustedError);
  });

  it('refuses a missing or non-numeric counter value', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({})
      .resolves({ Attributes: { value: '3' } });
    await expect(counter.next(2027)).rejects.toThrow('returned no usable value');
    await expect(counter.next(2027)).rejects.toThrow('returned no usable value');
  });
});

describe('allocateTicketNumber', () => {
  it('uses the city-local year: 31 Dec 15:30 UTC is already next year in Seoul', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { value: 1 } });
    const value = await allocateTicketNumber(counter, new Date('2026-12-31T15:30:00Z'), 'Asia/Seoul');
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual({ counter: 'ticket#2027' });
    expect(parseTicketNumber(value)).toEqual({ ok: true, year: 2027, seq: 1, value });
  });
});
