import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandOutput,
  ListQueuesCommand,
} from '@aws-sdk/client-connect';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { spokenDigits } from '#domain/ticket-number';
import {
  createFakeTables,
  flowEvent,
  lambdaContext,
  MALFORMED_EVENTS,
  setHandlerEnvironment,
} from './support';

setHandlerEnvironment();
const tables = createFakeTables();
const connect = mockClient(ConnectClient);
const { handler } = await import('#functions/escalation/handler');

const invoke = (event: unknown) => handler(event, lambdaContext('escalation'));
const agents = (count: number | undefined): Omit<GetCurrentMetricDataCommandOutput, '$metadata'> => ({
  MetricResults:
    count === undefined
      ? []
      : [
          {
            Dimensions: {},
            Collections: [{ Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: count }],
          },
        ],
});

beforeEach(() => {
  tables.reset();
  connect.reset();
});

describe('escalation route', () => {
  it('transfers to the department queue when an agent is available', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves(agents(2));

    const response = await invoke(flowEvent({ action: 'route', queueName: 'dept-roads' }));

    expect(response).toEqual({
      status: 'OK',
      outcome: 'transfer',
      transferType: 'queue',
      departmentId: 'roads',
      departmentNameKo: '도로과',
    });
    expect(connect.commandCalls(GetCurrentMetricDataCommand)[0]?.args[0].input).toMatchObject({
      InstanceId: '11111111-2222-3333-4444-555555555555',
      Filters: { Queues: ['queue-roads'], Channels: ['VOICE'] },
      CurrentMetrics: [{ Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }],
    });
    expect(tables.tickets.size).toBe(0);
  });

  it('finds the department by category and by departmentId too', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves(agents(1));
    const byCategory = await invoke(flowEvent({ action: 'route', category: 'tax' }));
    const byId = await invoke(flowEvent({ action: 'route', departmentId: 'tax' }));
    expect(byCategory).toMatchObject({ outcome: 'transfer', departmentId: 'tax' });
    expect(byId).toEqual(byCategory);
  });

  it('transfers to the external number of a phone-type department without asking Connect', async () => {
    const response = await invoke(flowEvent({ action: 'route', category: 'water' }));
    expect(response).toEqual({
      status: 'OK',
      outcome: 'transfer',
      transferType: 'phone',
      phoneNumber: '+82432013300',
      departmentId: 'waterworks',
      departmentNameKo: '상수도사업본부',
    });
    expect(connect.commandCalls(GetCurrentMetricDataCommand)).toHaveLength(0);
  });

  it('creates a call-back ticket promising a call within the SLA when no agent is available', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves(agents(0));

    const response = await invoke(flowEvent({ action: 'route', departmentId: 'roads' }));

    expect(response).toMatchObject({
      status: 'OK',
      outcome: 'callback',
      reason: 'no-agent',
      departmentId: 'roads',
    });
    expect(response.ticketNumberSpoken).toBe(spokenDigits(response.ticketNumber ?? ''));
    expect(response.message).toBe(
      `도로과 담당자와 지금 바로 연결해 드리기 어려워 회신 요청을 접수했습니다. 접수번호는 ${response.ticketNumberSpoken} 입니다. 도로과 담당자가 48시간 안에 전화 드리겠습니다.`,
    );
    expect(tables.tickets.get(response.ticketNumber ?? '')).toMatchObject({
      kind: 'callback',
      departmentId: 'roads',
      category: 'living-complaints',
      callerMasked: '010-****-5678',
    });
  });

  it('treats a queue with no staffed agent (no metric row) as no agent available', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves(agents(undefined));
    const response = await invoke(flowEvent({ action: 'route', departmentId: 'roads' }));
    expect(response).toMatchObject({ outcome: 'callback', reason: 'no-agent' });
  });

  it.each([
    [
      'an API error',
      () => connect.on(GetCurrentMetricDataCommand).rejects(new Error('AccessDeniedException')),
    ],
    [
      'throttling',
      () =>
        connect
          .on(GetCurrentMetricDataCommand)
          .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })),
    ],
  ])('falls back to a call-back ticket on %s — never a dead end', async (_, arrange) => {
    arrange();
    const response = await invoke(flowEvent({ action: 'route', departmentId: 'roads' }));
    expect(response).toMatchObject({ status: 'OK', outcome: 'callback', reason: 'availability-error' });
    expect(tables.tickets.size).toBe(1);
  });

  it('falls back to a call-back ticket when Connect is too slow, well inside the flow’s 4 s', async () => {
    connect.on(GetCurrentMetricDataCommand).callsFake(
      (_input, getClient) =>
        new Promise(() => {
          void getClient;
        }),
    );
    const started = performance.now();
    const response = await invoke(flowEvent({ action: 'route', departmentId: 'roads' }));
    expect(response).toMatchObject({ outcome: 'callback', reason: 'availability-error' });
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('finds a queue missing from CONNECT_DEPARTMENT_QUEUES by its name dept-<id>', async () => {
    connect
      .on(ListQueuesCommand)
      .resolves({ QueueSummaryList: [{ Name: 'dept-civil', Id: 'queue-civil-id' }] });
    connect.on(GetCurrentMetricDataCommand).resolves(agents(1));
    const response = await invoke(flowEvent({ action: 'route', departmentId: 'civil' }));
    expect(response).toMatchObject({ outcome: 'transfer', transferType: 'queue', departmentId: 'civil' });
    expect(connect.commandCalls(GetCurrentMetricDataCommand)[0]?.args[0].input.Filters?.Queues).toEqual([
      'queue-civil-id',
    ]);
  });

  it('falls back to a call-back ticket when the department has no Connect queue at all', async () => {
    connect.on(ListQueuesCommand).resolves({ QueueSummaryList: [] });
    const response = await invoke(flowEvent({ action: 'route', departmentId: 'parking' }));
    expect(response).toMatchObject({ outcome: 'callback', reason: 'availability-error' });
    // A department owning no category files its call-back under general civil affairs.
    expect(tables.tickets.get(response.ticketNumber ?? '')).toMatchObject({
      departmentId: 'parking',
      category: 'civil-general',
    });
  });

  it('is honest with a withheld caller: a ticket to check, no call-back promised', async () => {
    connect.on(GetCurrentMetricDataCommand).resolves(agents(0));
    const response = await invoke(
      flowEvent({ action: 'route', departmentId: 'roads' }, { from: 'anonymous' }),
    );
    expect(response.outcome).toBe('callback');
    expect(response.message).toContain('발신번호가 표시되지 않아 회신 전화는 드리기 어렵습니다');
    expect(tables.tickets.get(response.ticketNumber ?? '')).not.toHaveProperty('callerNumber');
  });
});

describe('escalation callback', () => {
  it('creates the call-back ticket after a failed external transfer', async () => {
    const response = await invoke(flowEvent({ action: 'callback', queueName: 'dept-waterworks' }));
    expect(response).toMatchObject({
      status: 'OK',
      outcome: 'callback',
      departmentId: 'waterworks',
      departmentNameKo: '상수도사업본부',
    });
    expect(response.message).toContain('상수도사업본부 담당자가 24시간 안에 전화 드리겠습니다');
    expect(tables.tickets.get(response.ticketNumber ?? '')).toMatchObject({
      kind: 'callback',
      category: 'water',
    });
    expect(connect.commandCalls(GetCurrentMetricDataCommand)).toHaveLength(0);
  });

  it('gives one ticket when the flow retries the same contact', async () => {
    const event = flowEvent({ action: 'callback', departmentId: 'waterworks' }, { contactId: 'contact-cb' });
    const first = await invoke(event);
    const second = await invoke(event);
    expect(second.ticketNumber).toBe(first.ticketNumber);
    expect(tables.tickets.size).toBe(1);
  });
});

describe('escalation bad input', () => {
  const cases: [string, Record<string, string>][] = [
    ['no target', { action: 'route' }],
    ['callback without a department', { action: 'callback' }],
    ['callback by category only', { action: 'callback', category: 'tax' }],
    ['an unknown departmentId', { action: 'route', departmentId: 'nowhere' }],
    ['an unknown category', { action: 'route', category: 'weather' }],
    ['a category no department owns here', { action: 'route', category: 'agriculture' }],
    ['a queueName that is not dept-<id>', { action: 'route', queueName: 'BasicQueue' }],
    ['a queueName of an unknown department', { action: 'route', queueName: 'dept-nowhere' }],
    ['a queueName with injection', { action: 'route', queueName: "dept-roads'; --" }],
    ['a departmentId with emoji', { action: 'route', departmentId: 'roads😀' }],
    ['a 10 KB departmentId', { action: 'route', departmentId: 'r'.repeat(10_240) }],
    ['DTMF keys as the department', { action: 'route', departmentId: '*#' }],
    ['an unknown action', { action: 'transfer', departmentId: 'roads' }],
  ];

  it.each(cases)('answers %s with INVALID_INPUT and creates no ticket', async (_, parameters) => {
    const response = await invoke(flowEvent(parameters));
    expect(response.status).toBe('INVALID_INPUT');
    expect(tables.doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(connect.calls()).toHaveLength(0);
  });

  it.each(MALFORMED_EVENTS)(
    'answers %s with a flat INVALID_INPUT map and creates no ticket',
    async (_, event) => {
      const response = await invoke(event);
      expect(response.status).toBe('INVALID_INPUT');
      expect(Object.values(response).every((value) => typeof value === 'string')).toBe(true);
      expect(tables.doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
    },
  );
});
