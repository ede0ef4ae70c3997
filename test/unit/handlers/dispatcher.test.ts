import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { reassign, transition } from '#domain/lifecycle';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { CALLER, HANDLER_ENV, lambdaContext, ROADS_QUEUE_URL, setHandlerEnvironment } from './support';

setHandlerEnvironment();
const sqs = mockClient(SQSClient);
const { handler } = await import('#functions/dispatcher/handler');

const QUEUES = JSON.parse(HANDLER_ENV.DEPARTMENT_QUEUES ?? '{}') as Record<string, string>;
const at = new Date('2027-03-02T01:00:00Z');
const tz = 'Asia/Seoul';

const newTicket = (seq = 1): Ticket =>
  createTicket(
    {
      kind: 'report',
      category: 'living-complaints',
      description: '가로등이 꺼져 있어요. 연락처 010-9876-5432로 전화 주세요',
      location: '상당구 상당로 155',
      by: 'ivr',
    },
    {
      ticketNumber: formatTicketNumber(2027, seq),
      now: at,
      timeZone: tz,
      department: { id: 'roads', slaHours: 48 },
      caller: { withheld: false, number: CALLER, hash: 'a'.repeat(64) },
    },
  );

let sequence = 100;
const record = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { old?: unknown; new?: unknown },
): DynamoDBRecord => ({
  eventID: `e${sequence}`,
  eventName,
  eventSource: 'aws:dynamodb',
  awsRegion: 'ap-northeast-2',
  eventSourceARN: 'arn:aws:dynamodb:ap-northeast-2:000000000000:table/Tickets/stream/2027',
  dynamodb: {
    SequenceNumber: String(sequence++),
    StreamViewType: 'NEW_AND_OLD_IMAGES',
    Keys: { ticketNumber: { S: 'x' } },
    ...(images.old !== undefined && {
      OldImage: marshall(images.old, { removeUndefinedValues: true }) as never,
    }),
    ...(images.new !== undefined && {
      NewImage: marshall(images.new, { removeUndefinedValues: true }) as never,
    }),
  },
});

const invoke = (...records: DynamoDBRecord[]) =>
  handler({ Records: records } as DynamoDBStreamEvent, lambdaContext('dispatcher'));

const sent = () =>
  sqs.commandCalls(SendMessageCommand).map((call) => ({
    queue: call.args[0].input.QueueUrl,
    body: JSON.parse(call.args[0].input.MessageBody ?? '{}') as Record<string, unknown>,
  }));

const ok = <T>(result: { ok: true; ticket: T } | { ok: false; error: Error }): T => {
  if (!result.ok) throw result.error;
  return result.ticket;
};

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('dispatcher', () => {
  it('tells the department about a new ticket, with a stable id and without the raw caller number', async () => {
    const ticket = newTicket();
    const response = await invoke(record('INSERT', { new: ticket }));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sent()).toEqual([
      {
        queue: ROADS_QUEUE_URL,
        body: {
          messageId: `${ticket.ticketNumber}-v1`,
          type: 'ticket.created',
          ticketNumber: ticket.ticketNumber,
          version: 1,
          kind: 'report',
          category: 'living-complaints',
          departmentId: 'roads',
          status: 'RECEIVED',
          dueAt: ticket.dueAt,
          createdAt: ticket.createdAt,
          changedAt: ticket.createdAt,
          changedBy: ticket.history[0]?.by,
          summary: '상당구 상당로 155 · 가로등이 꺼져 있어요. 연락처 010-****-5432로 전화 주세요',
          callerMasked: '010-****-5678',
        },
      },
    ]);
    const raw = JSON.stringify(sqs.calls().map((call) => call.args[0].input));
    expect(raw).not.toContain('12345678');
    expect(raw).not.toContain('+8210');
    expect(raw).not.toContain('a'.repeat(64));
  });

  it('tells the department about a status change, with the previous status', async () => {
    const before = newTicket();
    const after = ok(transition(before, { to: 'ASSIGNED', by: 'staff-1', at, timeZone: tz }));
    await invoke(record('MODIFY', { old: before, new: after }));
    expect(sent()).toEqual([
      {
        queue: ROADS_QUEUE_URL,
        body: expect.objectContaining({
          messageId: `${after.ticketNumber}-v2`,
          type: 'ticket.status-changed',
          status: 'ASSIGNED',
          previousStatus: 'RECEIVED',
        }),
      },
    ]);
  });

  it('tells the new department about a reassignment, and the old one too', async () => {
    const before = newTicket();
    const after = ok(
      reassign(before, { department: { id: 'tax', slaHours: 72 }, by: 'staff-1', at, timeZone: tz }),
    );
    await invoke(record('MODIFY', { old: before, new: after }));
    const messages = sent();
    expect(messages.map((message) => message.queue)).toEqual([QUEUES.tax, QUEUES.roads]);
    for (const message of messages) {
      expect(message.body).toMatchObject({
        type: 'ticket.reassigned',
        departmentId: 'tax',
        previousDepartmentId: 'roads',
        messageId: `${after.ticketNumber}-v2`,
      });
    }
  });

  it('ignores TTL removals and modifications that change neither status nor department', async () => {
    const ticket = newTicket();
    await invoke(
      record('REMOVE', { old: ticket }),
      record('MODIFY', { old: ticket, new: { ...ticket, expiresAt: ticket.expiresAt + 1 } }),
    );
    expect(sent()).toEqual([]);
  });

  it('reports only the bad record as a batch item failure; the others are delivered', async () => {
    const good1 = record('INSERT', { new: newTicket(1) });
    const bad = record('INSERT', { new: { ticketNumber: 'garbage', status: 'WHATEVER' } });
    const good2 = record('INSERT', { new: newTicket(2) });

    const response = await invoke(good1, bad, good2);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: bad.dynamodb?.SequenceNumber }] });
    expect(sent()).toHaveLength(2);
  });

  it('reports a record whose department has no queue, and one whose send fails', async () => {
    const orphan = { ...newTicket(3), departmentId: 'parking', departmentStatus: 'parking#RECEIVED' };
    sqs.on(SendMessageCommand, { QueueUrl: QUEUES.tax }).rejects(new Error('ServiceUnavailable'));
    const taxTicket = { ...newTicket(4), departmentId: 'tax', departmentStatus: 'tax#RECEIVED' };
    const noQueue = record('INSERT', { new: orphan });
    const failing = record('INSERT', { new: taxTicket });
    const response = await invoke(noQueue, failing, record('INSERT', { new: newTicket(5) }));
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      noQueue.dynamodb?.SequenceNumber,
      failing.dynamodb?.SequenceNumber,
    ]);
  });
});
