import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTicketFiling, type FilingInput } from '#adapters/ticket-filing';
import { createTicket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';

const ddb = mockClient(DynamoDBDocumentClient);
const filing = createTicketFiling({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' })),
  ticketsTable: 'Tickets',
  countersTable: 'Counters',
  requestsTable: 'Idempotency',
});
const ticket = createTicket(
  { kind: 'report', category: 'living-complaints', description: '도로 파손', by: 'ivr' },
  {
    ticketNumber: formatTicketNumber(2027, 8),
    now: new Date('2027-03-05T00:00:00Z'),
    timeZone: 'Asia/Seoul',
    department: { id: 'roads', slaHours: 48 },
    caller: { withheld: true },
  },
);
const input: FilingInput = {
  ticket,
  counter: { year: 2027, previous: 7, next: 8 },
  request: {
    key: 'desk:r-1',
    fingerprint: 'f'.repeat(64),
    result: { ticketNumber: ticket.ticketNumber },
    expiresAt: 2_000,
  },
  nowSeconds: 1_000,
};
const cancelled = (...reasons: Record<string, unknown>[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: reasons as never,
  });

beforeEach(() => ddb.reset());

describe('ticket filing transaction', () => {
  it('moves the counter, puts the ticket and the request record, each under its condition', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await expect(filing.file(input)).resolves.toEqual({ kind: 'filed' });
    const sent = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(sent?.TransactItems).toEqual([
      {
        Update: {
          TableName: 'Counters',
          Key: { counter: 'ticket#2027' },
          UpdateExpression: 'SET #value = :next',
          ConditionExpression: '#value = :previous',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':next': 8, ':previous': 7 },
        },
      },
      {
        Put: {
          TableName: 'Tickets',
          Item: ticket,
          ConditionExpression: 'attribute_not_exists(ticketNumber)',
        },
      },
      {
        Put: {
          TableName: 'Idempotency',
          Item: {
            id: 'ticket-request#desk:r-1',
            ticketNumber: ticket.ticketNumber,
            fingerprint: 'f'.repeat(64),
            result: { ticketNumber: ticket.ticketNumber },
            createdAt: ticket.createdAt,
            expiration: 2_000,
          },
          ConditionExpression: 'attribute_not_exists(id) OR #expiration < :now',
          ExpressionAttributeNames: { '#expiration': 'expiration' },
          ExpressionAttributeValues: { ':now': 1_000 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ]);
    expect(sent?.ClientRequestToken).toMatch(/^[0-9a-f]{36}$/);
  });

  it('derives the ClientRequestToken from the transaction: the same transaction, the same token', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await filing.file(input);
    await filing.file(input);
    await filing.file({ ...input, counter: { year: 2027, previous: 8, next: 9 } });
    const tokens = ddb
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.ClientRequestToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });

  it('creates the year’s counter on its first ticket', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await filing.file({ ...input, counter: { year: 2027, previous: 0, next: 1 } });
    const update = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Update;
    expect(update?.ConditionExpression).toBe('attribute_not_exists(#value)');
    expect(update?.ExpressionAttributeValues).toEqual({ ':next': 1 });
  });

  it.each([
    [
      'the request record exists (returned with the cancellation)',
      [
        { Code: 'ConditionalCheckFailed' },
        { Code: 'ConditionalCheckFailed' },
        {
          Code: 'ConditionalCheckFailed',
          Item: marshall({
            id: 'ticket-request#desk:r-1',
            ticketNumber: '20270000013',
            fingerprint: 'a',
            result: { x: 1 },
          }),
        },
      ],
      {
        kind: 'request-exists',
        request: { key: 'desk:r-1', ticketNumber: '20270000013', fingerprint: 'a', result: { x: 1 } },
      },
    ],
    [
      'the counter moved',
      [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      { kind: 'counter-moved' },
    ],
    [
      'the number is taken',
      [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      { kind: 'number-taken' },
    ],
    [
      'another transaction',
      [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
      { kind: 'contention', reason: 'TransactionConflict' },
    ],
  ])('reads a cancellation because %s', async (_, reasons, outcome) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...reasons));
    await expect(filing.file(input)).resolves.toEqual(outcome);
  });

  it('passes other failures through', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('ECONNREFUSED'));
    await expect(filing.file(input)).rejects.toThrow('ECONNREFUSED');
  });
});
