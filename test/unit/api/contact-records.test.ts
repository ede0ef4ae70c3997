import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CorruptContactRecordError, createContactRecords } from '#adapters/contact-records';

const mock = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));
const now = new Date('2027-03-05T01:00:00Z');
const records = createContactRecords({ client, tableName: 'Contacts', retentionDays: 10, now: () => now });
const expiry = Math.floor(now.getTime() / 1000) + 10 * 86_400;

const call = {
  contactId: 'c-1',
  day: '2027-03-05',
  initiatedAt: '2027-03-05T10:00:00.000+09:00',
  entryPoint: 'barocall',
  dialedUnified: false,
  outcome: 'queued' as const,
};

beforeEach(() => mock.reset());

describe('contact records adapter', () => {
  it('puts a whole record with its expiry and the ticket numbers as a set', async () => {
    mock.on(PutCommand).resolves({});
    await records.put({ ...call, ticketNumbers: ['20270000013'] });
    expect(mock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'Contacts',
      Item: { ...call, ticketNumbers: new Set(['20270000013']), expiresAt: expiry },
    });
  });

  it('refuses to put a record that breaks the contract', async () => {
    await expect(records.put({ ...call, day: '5 March' })).rejects.toThrow();
    expect(mock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('updates with SET for the patch, if_not_exists for the defaults and ADD for ticket numbers', async () => {
    mock
      .on(UpdateCommand)
      .resolves({ Attributes: { ...call, disposition: 'ticket', ticketNumbers: new Set(['2']) } });
    const stored = await records.update(
      'c-1',
      { disposition: 'ticket', ticketNumbers: ['2'] },
      {
        day: call.day,
        initiatedAt: call.initiatedAt,
        entryPoint: 'unknown',
        dialedUnified: false,
        outcome: 'answered',
      },
    );
    const input = mock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual({ contactId: 'c-1' });
    expect(input?.UpdateExpression).toMatch(
      /^SET #f1 = :v1, #f2 = if_not_exists\(#f2, :v2\).* ADD #f\d+ :v\d+$/,
    );
    expect(input?.ExpressionAttributeNames?.['#f1']).toBe('disposition');
    expect(input?.ReturnValues).toBe('ALL_NEW');
    expect(stored.ticketNumbers).toEqual(['2']);
  });

  it('reads a record back validated, and reports a corrupt one', async () => {
    mock.on(GetCommand, { Key: { contactId: 'c-1' } }).resolves({ Item: { ...call, expiresAt: expiry } });
    mock
      .on(GetCommand, { Key: { contactId: 'bad' } })
      .resolves({ Item: { contactId: 'bad', outcome: 'lost' } });
    expect(await records.get('c-1')).toMatchObject(call);
    await expect(records.get('bad')).rejects.toBeInstanceOf(CorruptContactRecordError);
  });

  it('lists a day through every page of the byDay index', async () => {
    mock
      .on(QueryCommand)
      .resolvesOnce({ Items: [call], LastEvaluatedKey: { contactId: 'c-1' } })
      .resolvesOnce({ Items: [{ ...call, contactId: 'c-2' }] });
    const day = await records.listByDay('2027-03-05');
    expect(day.map((r) => r.contactId)).toEqual(['c-1', 'c-2']);
    expect(mock.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ IndexName: 'byDay' });
  });
});
