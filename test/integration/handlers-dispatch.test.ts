import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTicketRepository } from '#adapters/ticket-repository';
import { reassign, transition } from '#domain/lifecycle';
import { loadCityConfig } from '#infra/config/load';
import { contactFlowEvent } from '#test/flow-event';
import { handlerEnvironment, startDispatcher } from '#test/handlers-on-local';
import { localAws, localClients, useLocalAwsEnvironment } from '#test/local';
import { findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import type { StreamPoller } from '#tools/local-aws/stream-poller';
import { lambdaContext } from '../unit/handlers/support';

/**
 * intake → Tickets table → its stream (DynamoDB Local) → dispatcher (the local event-source
 * mapping of tools/local-aws) → the department's SQS queue (local-aws-sqs); then a status change
 * and a reassignment. This file provisions its own prefixed copy of the app's tables and queues
 * from the synthesized templates, so no other test reads its messages or feeds its stream.
 */

const { doc, sqs } = localClients();
let resources: LocalResources;
let poller: StreamPoller;
let restoreEnvironment: () => void;
type FlowHandler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<Record<string, string>>;
let intake: FlowHandler;
/** Owners of living-complaints and tax in the city config, whatever their ids. */
let LIVING = { id: '', nameKo: '' };
let TAX = { id: '', slaHours: 72 };
let lookup: FlowHandler;
const TZ = 'Asia/Seoul';

const flowEvent = (parameters: Record<string, string>, contactId: string) =>
  contactFlowEvent(parameters, contactId);

beforeAll(async () => {
  const templates = inject('cfnTemplates') as never;
  ({ resources } = await provisionFromTemplates(templates, localAws(), {
    prefix: `hd${Date.now().toString(36)}-`,
  }));
  const city = await loadCityConfig('cheongju');
  const owner = (code: string) => {
    const department = city.departments.find((d) => (d.categories as readonly string[]).includes(code));
    if (department === undefined) throw new Error(`no owner of ${code}`);
    return department;
  };
  LIVING = owner('living-complaints');
  TAX = owner('tax');
  restoreEnvironment = useLocalAwsEnvironment(
    handlerEnvironment(templates, resources, ['Intake', 'Lookup', 'Dispatcher']),
  );
  intake = (await import('#functions/intake/handler')).handler as unknown as FlowHandler;
  lookup = (await import('#functions/lookup/handler')).handler as unknown as FlowHandler;
  poller = await startDispatcher(resources);
});

afterAll(async () => {
  await poller?.stop();
  restoreEnvironment?.();
});

const repository = () =>
  createTicketRepository({ client: doc, tableName: findTable(resources, 'Tickets').tableName });

/** Every message currently in a department's queue (received and deleted). */
async function drainQueue(departmentId: string): Promise<Record<string, unknown>[]> {
  const url = findDepartmentQueue(resources, departmentId).queueUrl;
  const bodies: Record<string, unknown>[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(JSON.parse(message.Body ?? '{}'));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

describe('intake → stream → dispatcher → department queue', () => {
  let ticketNumber = '';

  it('delivers a new report to the owning department’s queue', async () => {
    const response = await intake(
      flowEvent(
        { kind: 'report', category: 'living-complaints', description: '가로등 고장', location: '상당로 155' },
        'int-contact-1',
      ),
      lambdaContext('intake'),
    );
    expect(response.status).toBe('CREATED');
    ticketNumber = response.ticketNumber ?? '';

    await poller.drain();
    const messages = await drainQueue(LIVING.id);

    expect(messages).toEqual([
      expect.objectContaining({
        messageId: `${ticketNumber}-v1`,
        type: 'ticket.created',
        departmentId: LIVING.id,
        summary: '상당로 155 · 가로등 고장',
        callerMasked: '010-****-5678',
      }),
    ]);
    expect(JSON.stringify(messages)).not.toContain('12345678');
    expect(poller.failures).toHaveLength(0);
  });

  it('answers the ticket’s status from the real table', async () => {
    const response = await lookup(
      flowEvent({ action: 'ticketStatus', ticketNumber }, 'int-contact-2'),
      lambdaContext(),
    );
    expect(response).toMatchObject({ status: 'FOUND' });
    expect(response.message).toContain(`${LIVING.nameKo}에서 접수 단계`);
  });

  it('delivers a status change to the same department', async () => {
    const stored = await repository().get(ticketNumber);
    if (stored === undefined) throw new Error('ticket missing');
    const changed = transition(stored, { to: 'ASSIGNED', by: 'staff-1', at: new Date(), timeZone: TZ });
    if (!changed.ok) throw changed.error;
    await repository().save(changed.ticket, stored.version);

    await poller.drain();
    expect(await drainQueue(LIVING.id)).toEqual([
      expect.objectContaining({
        messageId: `${ticketNumber}-v2`,
        type: 'ticket.status-changed',
        status: 'ASSIGNED',
        previousStatus: 'RECEIVED',
      }),
    ]);
  });

  it('delivers a reassignment to the new department and tells the old one', async () => {
    const stored = await repository().get(ticketNumber);
    if (stored === undefined) throw new Error('ticket missing');
    const moved = reassign(stored, {
      department: { id: TAX.id, slaHours: TAX.slaHours },
      by: 'staff-1',
      at: new Date(),
      timeZone: TZ,
    });
    if (!moved.ok) throw moved.error;
    await repository().save(moved.ticket, stored.version);

    await poller.drain();
    const expected = expect.objectContaining({
      messageId: `${ticketNumber}-v3`,
      type: 'ticket.reassigned',
      departmentId: TAX.id,
      previousDepartmentId: LIVING.id,
      status: 'RECEIVED',
    });
    expect(await drainQueue(TAX.id)).toEqual([expected]);
    expect(await drainQueue(LIVING.id)).toEqual([expected]);
  });
});

describe('intake idempotency on DynamoDB Local', () => {
  it('creates one ticket and one number for three calls with the same ContactId', async () => {
    const event = flowEvent(
      { kind: 'callback', category: 'tax', description: '자동차세 문의, 회신 바랍니다' },
      'int-contact-idem',
    );
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await intake(event, lambdaContext('intake')));

    expect(new Set(responses.map((response) => response.ticketNumber)).size).toBe(1);
    const { Items = [] } = await doc.send(
      new ScanCommand({
        TableName: findTable(resources, 'Tickets').tableName,
        FilterExpression: 'contactId = :c',
        ExpressionAttributeValues: { ':c': 'int-contact-idem' },
      }),
    );
    expect(Items).toHaveLength(1);
    await poller.drain();
    expect(await drainQueue(TAX.id)).toHaveLength(1);
  });
});
