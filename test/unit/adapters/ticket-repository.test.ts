import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BY_CALLER_INDEX,
  BY_DEPARTMENT_STATUS_INDEX,
  ConcurrentModificationError,
  CorruptTicketError,
  createTicketRepository,
  TicketAlreadyExistsError,
} from '#adapters/ticket-repository';
import { reassign, transition } from '#domain/lifecycle';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';

const TABLE = 'Tickets';
const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));
const repository = createTicketRepository({ client, tableName: TABLE });

const ticket = createTicket(
  { kind: 'report', category: 'living-complaints', description: '도로 파손', by: 'ivr', contactId: 'c-1' },
  {
    ticketNumber: formatTicketNumber(2027, 5),
    now: new Date('2027-03-05T00:00:00Z'),
    timeZone: 'Asia/Seoul',
    department: { id: 'roads', slaHours: 48 },
    caller: { withheld: false, number: '+821012345678', hash: 'b'.repeat(64) },
  },
);

const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    Item: item as never,
  });

afterEach(() => {
  ddb.reset();
});

describe('create', () => {
  it('puts the ticket only if the number is new', async () => {
    ddb.on(PutCommand).resolves({});
    await repository.create(ticket);
    const [call] = ddb.commandCalls(PutCommand);
    expect(call?.args[0].input).toEqual({
      TableName: TABLE,
      Item: ticket,
      ConditionExpression: 'attribute_not_exists(ticketNumber)',
    });
  });

  it('reports a taken number as TicketAlreadyExistsError', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    await expect(repository.create(ticket)).rejects.toThrow(TicketAlreadyExistsError);
  });

  it('passes infrastructure errors through', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(repository.create(ticket)).rejects.toThrow('ProvisionedThroughputExceeded');
  });
});

describe('get', () => {
  it('reads by ticketNumber, strongly consistent, and returns the ticket', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...ticket, unknownAttribute: 'x' } });
    await expect(repository.get(ticket.ticketNumber)).resolves.toEqual(ticket);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { ticketNumber: ticket.ticketNumber },
      ConsistentRead: true,
    });
  });

  it('returns undefined for an absent ticket', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(repository.get(ticket.ticketNumber)).resolves.toBeUndefined();
  });

  it('refuses a corrupt item with CorruptTicketError', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...ticket, status: 'OPEN' } });
    await expect(repository.get(ticket.ticketNumber)).rejects.toThrow(CorruptTicketError);
  });
});

describe('caller queries', () => {
  it('query GSI byCaller newest first with a bounded Limit', async () => {
    ddb.on(QueryCommand).resolves({ Items: [ticket] });
    await expect(repository.listByCallerHash('b'.repeat(64))).resolves.toEqual([ticket]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      IndexName: BY_CALLER_INDEX,
      KeyConditionExpression: 'callerHash = :callerHash',
      ExpressionAttributeValues: { ':callerHash': 'b'.repeat(64) },
      ScanIndexForward: false,
      Limit: 50,
    });
    expect(BY_CALLER_INDEX).toBe('byCaller');
  });

  it('filter open statuses for listOpenByCallerHash', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await expect(repository.listOpenByCallerHash('c'.repeat(64), { limit: 10 })).resolves.toEqual([]);
    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input?.IndexName).toBe('byCaller');
    expect(input?.Limit).toBe(10);
    expect(input?.ScanIndexForward).toBe(false);
    expect(input?.FilterExpression).toBe('#status IN (:open0, :open1, :open2)');
    expect(input?.ExpressionAttributeNames).toEqual({ '#status': 'status' });
    expect(input?.ExpressionAttributeValues).toEqual({
      ':callerHash': 'c'.repeat(64),
      ':open0': 'RECEIVED',
      ':open1': 'ASSIGNED',
      ':open2': 'IN_PROGRESS',
    });
  });

  it('cap the limit at 100 and refuse a non-positive one', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await repository.listByCallerHash('h', { limit: 5_000 });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(100);
    await expect(repository.listByCallerHash('h', { limit: 0 })).rejects.toThrow(RangeError);
  });
});

describe('listByDepartmentStatus', () => {
  it('queries GSI byDepartmentStatus on "<dept>#<status>" newest first and returns a cursor', async () => {
    const lastKey = {
      ticketNumber: ticket.ticketNumber,
      departmentStatus: 'roads#RECEIVED',
      createdAt: ticket.createdAt,
    };
    ddb.on(QueryCommand).resolves({ Items: [ticket], LastEvaluatedKey: lastKey });
    const page = await repository.listByDepartmentStatus('roads', 'RECEIVED', 25);
    expect(page.tickets).toEqual([ticket]);
    expect(typeof page.cursor).toBe('string');
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      IndexName: BY_DEPARTMENT_STATUS_INDEX,
      KeyConditionExpression: 'departmentStatus = :departmentStatus',
      ExpressionAttributeValues: { ':departmentStatus': 'roads#RECEIVED' },
      ScanIndexForward: false,
      Limit: 25,
    });

    ddb.on(QueryCommand).resolves({ Items: [] });
    const last = await repository.listByDepartmentStatus('roads', 'RECEIVED', 25, page.cursor);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    expect(last).toEqual({ tickets: [] });
  });

  it('refuses a malformed cursor', async () => {
    await expect(repository.listByDepartmentStatus('roads', 'RECEIVED', 25, 'not-json')).rejects.toThrow(
      'Invalid page cursor',
    );
  });
});

describe('save', () => {
  const changed = (): Ticket => {
    const result = transition(ticket, {
      to: 'ASSIGNED',
      by: 'staff',
      at: new Date('2027-03-05T01:00:00Z'),
      timeZone: 'Asia/Seoul',
    });
    if (!result.ok) throw result.error;
    return result.ticket;
  };

  it('writes only the changed attributes, appends the history entry and checks the stored version', async () => {
    ddb.on(UpdateCommand).resolves({});
    const next = changed();
    await repository.save(next, 1, ticket);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      Key: { ticketNumber: ticket.ticketNumber },
      ConditionExpression: 'attribute_exists(ticketNumber) AND #version = :expectedVersion',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    const names = Object.values(input?.ExpressionAttributeNames ?? {}).sort();
    expect(names).toEqual([
      'assignee',
      'departmentStatus',
      'history',
      'status',
      'updatedAt',
      'version',
      'version',
    ]);
    expect(input?.UpdateExpression).toMatch(/list_append\(#a\d+, :v\d+\)/);
    expect(input?.UpdateExpression).not.toMatch(/REMOVE/);
    expect(Object.values(input?.ExpressionAttributeValues ?? {})).toContainEqual([next.history.at(-1)]);
    // Nothing the ticket schema does not know is named, so attributes other parts own survive.
    expect(names).not.toContain('slaAlerts');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('removes an attribute the change takes away (a reassignment clears the assignee)', async () => {
    ddb.on(UpdateCommand).resolves({});
    const assigned = changed();
    const moved = reassign(assigned, {
      department: { id: 'tax', slaHours: 72 },
      by: 'staff',
      at: new Date('2027-03-05T02:00:00Z'),
      timeZone: 'Asia/Seoul',
    });
    if (!moved.ok) throw moved.error;
    await repository.save(moved.ticket, 2, assigned);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toMatch(/ REMOVE #a\d+$/);
    expect(Object.values(input?.ExpressionAttributeNames ?? {})).toContain('assignee');
  });

  it('reports a lost race as ConcurrentModificationError with the stored version', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed({ version: { N: '3' } }));
    const error = await repository.save(changed(), 1, ticket).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentModificationError);
    expect(error).toMatchObject({ ticketNumber: ticket.ticketNumber, expectedVersion: 1, actualVersion: 3 });
    expect((error as Error).message).toBe(`Ticket ${ticket.ticketNumber} is at version 3, expected 1`);
  });

  it('reports a deleted ticket as ConcurrentModificationError without a stored version', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(repository.save(changed(), 1, ticket)).rejects.toMatchObject({
      name: 'ConcurrentModificationError',
      actualVersion: undefined,
    });
  });

  it('refuses a ticket whose version is not expectedVersion + 1, without writing', async () => {
    await expect(repository.save(changed(), 2)).rejects.toThrow(RangeError);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
