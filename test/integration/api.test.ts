import { ConnectClient, DescribeContactCommand, DescribeUserCommand } from '@aws-sdk/client-connect';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContactRecords } from '#adapters/contact-records';
import { createDayStats } from '#adapters/day-stats';
import { formatInstant } from '#domain/time';
import type { ApiHandler } from '#functions/api/router';
import { loadCityConfig } from '#infra/config/load';
import { handlerEnvironment, startDispatcher } from '#test/handlers-on-local';
import { pumpInboxQueue } from '#test/inbox';
import { localAws, localClients, useLocalAwsEnvironment } from '#test/local';
import { findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import type { StreamPoller } from '#tools/local-aws/stream-poller';
import { apiEvent, type Who } from '../unit/api/support';
import { lambdaContext } from '../unit/handlers/support';

/**
 * The desk API's own handler on DynamoDB Local and local SQS (the sandbox runs it the same way):
 * a counselor files a report → the dispatcher puts it in the department's queue → the
 * department's staff read their inbox, acknowledge, move the ticket on and reassign it → staff of
 * another department are refused → the counselor's disposition and today's figures. This file
 * provisions its own prefixed copy of the app's tables and queues, so other tests never see its data.
 */

const { doc } = localClients();
let resources: LocalResources;
let poller: StreamPoller;
let inboxConsumer: Parameters<typeof pumpInboxQueue>[0]['handler'];
/** The dispatcher's messages reach the inbox through the inbox consumer (the SQS event source). */
const deliver = async (departmentId: string) => {
  await poller.drain();
  await pumpInboxQueue({
    sqs: localClients().sqs,
    queueUrl: findDepartmentQueue(resources, departmentId).queueUrl,
    handler: inboxConsumer,
    context: lambdaContext('inbox-consumer'),
  });
};
let restoreEnvironment: () => void;
let connect: AwsClientStub<ConnectClient> | undefined;
let api: ApiHandler;
let LIVING = '';
let TAX = '';

const COUNSELOR: Who = { username: 'counselor-int', groups: '[counselors]' };
const staff = (departmentId: string): Who => ({
  username: `staff-${departmentId}`,
  groups: `[dept-${departmentId}]`,
});

const call = async (method: string, path: string, who: Who, body?: unknown) => {
  const result = (await api(
    apiEvent(method, path, { who, ...(body !== undefined && { body }) }),
    lambdaContext('api'),
  )) as {
    statusCode: number;
    body?: string;
  };
  return {
    status: result.statusCode,
    body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {},
  };
};

beforeAll(async () => {
  const templates = inject('cfnTemplates') as never;
  ({ resources } = await provisionFromTemplates(templates, localAws(), {
    prefix: `api${Date.now().toString(36)}-`,
  }));
  const city = await loadCityConfig('cheongju');
  const owner = (code: string) =>
    city.departments.find((d) => (d.categories as readonly string[]).includes(code))?.id ?? '';
  LIVING = owner('living-complaints');
  TAX = owner('tax');
  restoreEnvironment = useLocalAwsEnvironment(
    handlerEnvironment(templates, resources, ['Api', 'InboxConsumer', 'Dispatcher'], {
      // Whose call it is: Amazon Connect (no local emulator) answered by aws-sdk-client-mock below.
      CONNECT_INSTANCE_ID: 'int-instance',
    }),
  );
  connect = mockClient(ConnectClient);
  connect.on(DescribeContactCommand, { ContactId: 'int-api-contact-1' }).resolves({
    Contact: { Id: 'int-api-contact-1', AgentInfo: { Id: 'user-counselor-int' } },
  });
  connect.on(DescribeUserCommand).callsFake((input: { UserId?: string }) => ({
    User: { Id: input.UserId, Username: String(input.UserId).replace(/^user-/, '') },
  }));
  api = (await import('#functions/api/handler')).handler as unknown as ApiHandler;
  inboxConsumer = (await import('#functions/inbox-consumer/handler')).handler as never;
  poller = await startDispatcher(resources);
});

afterAll(async () => {
  connect?.restore();
  await poller?.stop();
  restoreEnvironment?.();
});

describe('desk API on the local services', () => {
  let ticketNumber = '';
  let version = 1;

  it('files a report from the desk and delivers it to the department’s inbox', async () => {
    const created = await call('POST', '/api/tickets', COUNSELOR, {
      requestId: '11111111-2222-4333-8444-555555555555',
      kind: 'report',
      category: 'living-complaints',
      description: '보도블록이 깨져 있어요',
      location: '서원구 사직대로 100',
      contactId: 'int-api-contact-1',
      callerNumber: '010-2222-3333',
    });
    expect(created.status).toBe(201);
    ticketNumber = String(created.body.ticketNumber);
    expect(created.body.departmentId).toBe(LIVING);

    await deliver(LIVING);
    const inbox = await call('GET', `/api/departments/${LIVING}/inbox`, staff(LIVING));
    expect(inbox.status).toBe(200);
    const messages = inbox.body.messages as { receiptHandle: string; body: Record<string, unknown> }[];
    expect(messages.map((m) => m.body)).toEqual([
      expect.objectContaining({ type: 'ticket.created', ticketNumber, callerMasked: '010-****-3333' }),
    ]);
    expect(JSON.stringify(messages)).not.toContain('22223333');

    const ack = await call('POST', `/api/departments/${LIVING}/inbox/ack`, staff(LIVING), {
      receiptHandle: messages[0]?.receiptHandle,
    });
    expect(ack.status).toBe(204);
  });

  it('lets the department’s staff accept the ticket, and refuses another department’s staff', async () => {
    const refused = await call('POST', `/api/tickets/${ticketNumber}/transitions`, staff(TAX), {
      to: 'ASSIGNED',
      expectedVersion: version,
    });
    expect(refused.status).toBe(403);
    expect((await call('GET', `/api/departments/${LIVING}/inbox`, staff(TAX))).status).toBe(403);

    const accepted = await call('POST', `/api/tickets/${ticketNumber}/transitions`, staff(LIVING), {
      to: 'ASSIGNED',
      note: '현장 확인 예정',
      expectedVersion: version,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'ASSIGNED', version: 2 });
    version = Number(accepted.body.version);

    const stale = await call('POST', `/api/tickets/${ticketNumber}/transitions`, staff(LIVING), {
      to: 'IN_PROGRESS',
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
  });

  it('reassigns the ticket to another department, whose inbox then has it', async () => {
    const moved = await call('POST', `/api/tickets/${ticketNumber}/reassign`, staff(LIVING), {
      departmentId: TAX,
      note: '세무 관련 민원',
      expectedVersion: version,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ departmentId: TAX, status: 'RECEIVED', version: 3 });
    expect((await call('GET', `/api/tickets/${ticketNumber}`, staff(LIVING))).status).toBe(403);
    expect((await call('GET', `/api/tickets/${ticketNumber}`, staff(TAX))).status).toBe(200);

    await deliver(TAX);
    const inbox = await call('GET', `/api/departments/${TAX}/inbox`, staff(TAX));
    expect((inbox.body.messages as { body: Record<string, unknown> }[]).map((m) => m.body)).toContainEqual(
      expect.objectContaining({ type: 'ticket.reassigned', previousDepartmentId: LIVING, departmentId: TAX }),
    );
    const list = await call('GET', `/api/departments/${TAX}/tickets`, staff(TAX));
    expect((list.body.tickets as { ticketNumber: string }[]).map((t) => t.ticketNumber)).toContain(
      ticketNumber,
    );
  });

  it('records the disposition and counts today’s figures from the contact records and tickets', async () => {
    // As the ctr-consumer writes the call's record: with the day's counters.
    const contacts = createContactRecords({
      client: doc,
      tableName: findTable(resources, 'Contacts').tableName,
      dayStats: createDayStats({ client: doc, tableName: findTable(resources, 'Counters').tableName }),
    });
    const now = new Date();
    await contacts.put({
      contactId: 'int-api-contact-1',
      day: formatInstant(now, 'Asia/Seoul').slice(0, 10),
      initiatedAt: formatInstant(now, 'Asia/Seoul'),
      entryPoint: 'barocall',
      dialedUnified: false,
      outcome: 'answered',
      category: 'living-complaints',
    });
    const disposition = await call('POST', '/api/contacts/int-api-contact-1/disposition', COUNSELOR, {
      disposition: 'ticket',
      ticketNumber,
    });
    expect(disposition.status).toBe(204);
    expect(await contacts.get('int-api-contact-1')).toMatchObject({
      disposition: 'ticket',
      entryPoint: 'barocall',
      ticketNumbers: [ticketNumber],
    });

    const stats = await call('GET', '/api/stats/today', COUNSELOR);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      calls: 1,
      answered: 1,
      abandoned: 0,
      answerRate: 1,
      firstContactResolution: 0,
      byCategory: { 'living-complaints': 1 },
      unifiedShare: 0,
      reportsOpened: 1,
      reportsResolved: 0,
    });
  });
});
