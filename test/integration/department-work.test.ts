import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTicketRepository } from '#adapters/ticket-repository';
import { metrics } from '#commons/powertools';
import { transition } from '#domain/lifecycle';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { loadCityConfig } from '#infra/config/load';
import { handlerEnvironment } from '#test/handlers-on-local';
import { pumpInboxQueue } from '#test/inbox';
import { localAws, localClients, useLocalAwsEnvironment } from '#test/local';
import { findDepartmentDeadLetterQueue, findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import { createStreamPoller, type StreamPoller } from '#tools/local-aws/stream-poller';
import { apiEvent, bodyOf, statusOf, type Who } from '../unit/api/support';
import { lambdaContext } from '../unit/handlers/support';

/**
 * Department work on DynamoDB Local and local SQS (issue: "department work that holds up"), with
 * the real handlers: Tickets stream → dispatcher → department queue → inbox-consumer → the
 * DepartmentInbox table → the desk API; the department list paged by due time; the SLA job; the
 * citizen notifier on the same stream with End User Messaging mocked (aws-sdk-client-mock).
 * Provisions its own prefixed tables and queues, so nothing else reads its messages.
 */

const { doc, sqs } = localClients();
const smsMock = mockClient(PinpointSMSVoiceV2Client);
const snsMock = mockClient(SNSClient);
const TZ = 'Asia/Seoul';
let resources: LocalResources;
let restoreEnvironment: () => void;
const pollers: StreamPoller[] = [];
type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
let api: Handler;
let inboxConsumer: Handler;
let slaCheck: Handler;
let departments: { id: string; slaHours: number; nameKo: string }[] = [];
let counter = 0;

const repository = () =>
  createTicketRepository({ client: doc, tableName: findTable(resources, 'Tickets').tableName });
const queueUrl = (departmentId: string) => findDepartmentQueue(resources, departmentId).queueUrl;
const dept = (index: number) => {
  const department = departments[index];
  if (!department) throw new Error('not enough departments');
  return department;
};

const newTicket = async (
  departmentIndex: number,
  options: { createdAt?: Date; withheld?: boolean; kind?: 'report' | 'callback' } = {},
): Promise<Ticket> => {
  const department = dept(departmentIndex);
  counter += 1;
  const ticket = createTicket(
    {
      kind: options.kind ?? 'report',
      category: 'living-complaints',
      description: `민원 ${counter}`,
      by: 'ivr',
    },
    {
      ticketNumber: formatTicketNumber(2026, 500_000 + counter),
      now: options.createdAt ?? new Date(),
      timeZone: TZ,
      department: { id: department.id, slaHours: department.slaHours },
      caller: options.withheld
        ? { withheld: true }
        : { withheld: false, number: '+821098765432', hash: 'c'.repeat(64) },
    },
  );
  await repository().create(ticket);
  return ticket;
};

const call = async (
  method: string,
  path: string,
  who: Who,
  options: { body?: unknown; query?: Record<string, string> } = {},
) => {
  const result = await api(apiEvent(method, path, { who, ...options }), lambdaContext('api'));
  return { status: statusOf(result), body: bodyOf(result) };
};

/** Lambda's SQS event source for one department queue (test/support/inbox.ts). */
const pumpInbox = (departmentId: string): Promise<number> =>
  pumpInboxQueue({
    sqs,
    queueUrl: queueUrl(departmentId),
    handler: inboxConsumer as never,
    context: lambdaContext('inbox-consumer'),
  });

const queueDepth = async (url: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

const drainBodies = async (departmentId: string) => {
  const bodies: Record<string, unknown>[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl(departmentId),
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return bodies;
    for (const m of Messages) {
      bodies.push(JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl(departmentId), ReceiptHandle: m.ReceiptHandle }),
      );
    }
  }
};

const drainStreams = async () => {
  for (const poller of pollers) await poller.drain();
};

beforeAll(async () => {
  const templates = inject('cfnTemplates') as never;
  ({ resources } = await provisionFromTemplates(templates, localAws(), {
    prefix: `dw${Date.now().toString(36)}-`,
  }));
  const city = await loadCityConfig('cheongju');
  departments = city.departments.filter((d) => d.inbox === 'desk');
  restoreEnvironment = useLocalAwsEnvironment(
    handlerEnvironment(
      templates,
      resources,
      ['Api', 'InboxConsumer', 'SlaCheck', 'Dispatcher', 'CitizenNotifier'],
      {
        SLA_TOPIC_ARN: 'arn:aws:sns:ap-northeast-2:000000000000:sla',
        SMS_MODE: 'send',
        SMS_ORIGINATION_IDENTITY: 'arn:aws:sms-voice:ap-northeast-2:000000000000:pool/pool-test',
      },
    ),
  );
  smsMock.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
  snsMock.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  api = (await import('#functions/api/handler')).handler as unknown as Handler;
  inboxConsumer = (await import('#functions/inbox-consumer/handler')).handler as unknown as Handler;
  slaCheck = (await import('#functions/sla-check/handler')).handler as unknown as Handler;
  const { handler: dispatcher } = await import('#functions/dispatcher/handler');
  const { handler: notifier } = await import('#functions/citizen-notifier/handler');
  const aws = localAws();
  for (const [name, fn] of [
    ['dispatcher', dispatcher],
    ['citizen-notifier', notifier],
  ] as const) {
    const poller = createStreamPoller({
      endpoint: aws.dynamoEndpoint,
      region: aws.region,
      credentials: aws.credentials,
      streamArn: findTable(resources, 'Tickets').streamArn ?? '',
      handler: (event, context) => fn(event, context),
      functionName: name,
      startingPosition: 'TRIM_HORIZON',
      maxRetryAttempts: 1,
    });
    await poller.start();
    pollers.push(poller);
  }
});

afterAll(async () => {
  for (const poller of pollers) await poller.stop();
  restoreEnvironment?.();
  smsMock.restore();
  snsMock.restore();
});

describe('the 부서 inbox: queues feed, DynamoDB holds', () => {
  const kim: Who = { username: 'kim', groups: ['dept-x'] };
  const lee: Who = { username: 'lee', groups: ['dept-x'] };
  const staff = (who: Who, departmentId: string): Who => ({ ...who, groups: [`dept-${departmentId}`] });

  it('shows two staff of one department every message; one’s 확인 is not the other’s', async () => {
    const d = dept(0).id;
    const tickets = [await newTicket(0), await newTicket(0), await newTicket(0)];
    await drainStreams();
    expect(await pumpInbox(d)).toBe(3);
    const numbers = (body: Record<string, unknown>) =>
      (body.messages as { body: { ticketNumber: string } }[]).map((m) => m.body.ticketNumber).sort();
    const a = await call('GET', `/api/departments/${d}/inbox`, staff(kim, d));
    const b = await call('GET', `/api/departments/${d}/inbox`, staff(lee, d));
    expect(numbers(a.body)).toEqual(tickets.map((t) => t.ticketNumber).sort());
    expect(numbers(b.body)).toEqual(numbers(a.body));
    const first = (a.body.messages as { receiptHandle: string }[])[0];
    expect(
      (
        await call('POST', `/api/departments/${d}/inbox/ack`, staff(kim, d), {
          body: { receiptHandle: first?.receiptHandle },
        })
      ).status,
    ).toBe(204);
    expect((await call('GET', `/api/departments/${d}/inbox`, staff(kim, d))).body.unread).toBe(2);
    expect((await call('GET', `/api/departments/${d}/inbox`, staff(lee, d))).body.unread).toBe(3);
  });

  it('stores a redelivered message once', async () => {
    const d = dept(1).id;
    await newTicket(1);
    await drainStreams();
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl(d), MaxNumberOfMessages: 1, VisibilityTimeout: 0 }),
    );
    expect(Messages).toHaveLength(1);
    // Visibility 0: the same message is delivered again to the consumer.
    expect(await pumpInbox(d)).toBe(1);
    await sqs.send(
      new (await import('@aws-sdk/client-sqs')).SendMessageCommand({
        QueueUrl: queueUrl(d),
        MessageBody: Messages[0]?.Body ?? '',
      }),
    );
    expect(await pumpInbox(d)).toBe(1);
    const inbox = await call('GET', `/api/departments/${d}/inbox`, staff(kim, d));
    expect(inbox.body.messages).toHaveLength(1);
  });

  it('dead-letters nothing while an inbox stays open and unread for an hour (1,200 polls, 3 s apart)', {
    timeout: 180_000,
  }, async () => {
    const d = dept(0).id;
    await newTicket(0);
    await drainStreams();
    await pumpInbox(d);
    const before = await call('GET', `/api/departments/${d}/inbox`, staff(lee, d));
    // An hour of the page's 3-second refresh, 20 tabs' worth at a time.
    for (let poll = 0; poll < 1200; poll += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () => call('GET', `/api/departments/${d}/inbox`, staff(lee, d))),
      );
    }
    const after = await call('GET', `/api/departments/${d}/inbox`, staff(lee, d));
    expect(after.body.messages).toEqual(before.body.messages);
    expect(after.body.unread).toBe(4);
    expect(await queueDepth(queueUrl(d))).toBe(0);
    expect(await queueDepth(findDepartmentDeadLetterQueue(resources, d).queueUrl)).toBe(0);
  });
});

describe('a department’s work, most urgent first', () => {
  it('reaches all 130 tickets of one department by paging, earliest dueAt first', async () => {
    const d = dept(2).id;
    const now = Date.now();
    const created: Ticket[] = [];
    for (let i = 0; i < 130; i += 1) {
      // Creation times spread over ten days in a shuffled order: due times are not creation order.
      const offsetHours = ((i * 37) % 130) * 2;
      created.push(
        await newTicket(2, { createdAt: new Date(now - offsetHours * 3_600_000 + 200 * 3_600_000) }),
      );
    }
    // Some move on: the default list is every open status, merged.
    for (const ticket of created.slice(0, 20)) {
      const next = transition(ticket, { to: 'ASSIGNED', by: 'kim', at: new Date(), timeZone: TZ });
      if (!next.ok) throw next.error;
      await repository().save(next.ticket, ticket.version, ticket);
    }
    const who: Who = { username: 'kim', groups: [`dept-${d}`] };
    const seen: { ticketNumber: string; dueAt: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call('GET', `/api/departments/${d}/tickets`, who, {
        query: { limit: '25', ...(cursor !== undefined && { cursor }) },
      });
      expect(page.status).toBe(200);
      seen.push(...(page.body.tickets as { ticketNumber: string; dueAt: string }[]));
      cursor = page.body.nextCursor as string | undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(6);
    expect(new Set(seen.map((t) => t.ticketNumber)).size).toBe(130);
    const dues = seen.map((t) => Date.parse(t.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(seen[0]?.ticketNumber).toBe(
      [...created].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0]?.ticketNumber,
    );
  });
});

describe('SLA: overdue work escalated', () => {
  it('notifies the department and the managers once for an overdue ticket, and counts it', async () => {
    const d = dept(3).id;
    await drainBodies(d);
    const overdue = await newTicket(3, {
      createdAt: new Date(Date.now() - (dept(3).slaHours + 2) * 3_600_000),
    });
    await drainStreams();
    await drainBodies(d);
    snsMock.resetHistory();
    const added = vi.spyOn(metrics, 'addMetric');
    await slaCheck({}, lambdaContext('sla-check'));
    await slaCheck({}, lambdaContext('sla-check'));
    const notices = (await drainBodies(d)).filter((b) => b.ticketNumber === overdue.ticketNumber);
    expect(notices).toEqual([
      expect.objectContaining({
        type: 'ticket.overdue',
        ticketNumber: overdue.ticketNumber,
        changedBy: 'sla',
      }),
    ]);
    const published = snsMock
      .commandCalls(PublishCommand)
      .map((c) => JSON.parse(String(c.args[0].input.Message)) as { ticketNumber: string })
      .filter((m) => m.ticketNumber === overdue.ticketNumber);
    expect(published).toHaveLength(1);
    const counted = added.mock.calls
      .filter(([name]) => name === 'TicketsOverdue')
      .map(([, , value]) => value);
    expect(counted[0]).toBeGreaterThanOrEqual(1);
    expect(counted[1]).toBe(0);
    added.mockRestore();
    // The inbox shows the SLA notice to the department's staff.
    await pumpInbox(d);
  });
});

describe('telling the citizen', () => {
  const resolve = async (ticket: Ticket) => {
    const who: Who = { username: 'kim', groups: [`dept-${ticket.departmentId}`] };
    let version = ticket.version;
    for (const to of ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED']) {
      const response = await call('POST', `/api/tickets/${ticket.ticketNumber}/transitions`, who, {
        body: { to, expectedVersion: version, ...(to === 'RESOLVED' && { note: '보수 완료' }) },
      });
      expect(response.status).toBe(200);
      version += 1;
    }
  };
  const textsFor = (ticketNumber: string) =>
    smsMock
      .commandCalls(SendTextMessageCommand)
      .map((c) => c.args[0].input)
      .filter((input) => input.Context?.ticketNumber === ticketNumber);

  it('sends exactly one SMS when a report is resolved, with nothing but the status line', async () => {
    const ticket = await newTicket(4);
    await resolve(ticket);
    await drainStreams();
    await drainStreams();
    const texts = textsFor(ticket.ticketNumber);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({
      DestinationPhoneNumber: '+821098765432',
      OriginationIdentity: 'arn:aws:sms-voice:ap-northeast-2:000000000000:pool/pool-test',
      MessageType: 'TRANSACTIONAL',
    });
    expect(texts[0]?.MessageBody).toContain('처리가 완료되었습니다');
    expect(texts[0]?.MessageBody).not.toContain('보수 완료');
    expect(texts[0]?.MessageBody).not.toContain(ticket.description);
  });

  it('sends none for a withheld number', async () => {
    const ticket = await newTicket(4, { withheld: true });
    await resolve(ticket);
    await drainStreams();
    expect(textsFor(ticket.ticketNumber)).toHaveLength(0);
  });
});
