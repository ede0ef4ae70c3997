import { ConnectClient, GetCurrentMetricDataCommand, ListQueuesCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createConnectAgentAvailability,
  parseDepartmentConnectQueues,
  UnknownDepartmentQueueError,
} from '#adapters/agent-availability';
import {
  createSqsDepartmentPublisher,
  type DepartmentMessage,
  UnknownDepartmentQueueUrlError,
} from '#adapters/department-publisher';

const connectMock = mockClient(ConnectClient);
const sqsMock = mockClient(SQSClient);
const client = new ConnectClient({ region: 'ap-northeast-2' });

beforeEach(() => {
  connectMock.reset();
  sqsMock.reset();
});

describe('Connect agent availability', () => {
  it('lists queues once per container, across pages, to find dept-<id> queues', async () => {
    connectMock
      .on(ListQueuesCommand)
      .resolvesOnce({ QueueSummaryList: [{ Name: 'dept-roads', Id: 'q-roads' }], NextToken: 't' })
      .resolvesOnce({ QueueSummaryList: [{ Name: 'dept-tax', Id: 'q-tax' }] });
    connectMock.on(GetCurrentMetricDataCommand).resolves({
      MetricResults: [{ Collections: [{ Metric: { Name: 'AGENTS_AVAILABLE' }, Value: 3 }] }],
    });
    const availability = createConnectAgentAvailability({ client, instanceId: 'i-1', queues: {} });

    expect(await availability.agentsAvailable('tax')).toBe(3);
    expect(await availability.agentsAvailable('roads')).toBe(3);
    expect(connectMock.commandCalls(ListQueuesCommand)).toHaveLength(2);
    await expect(availability.agentsAvailable('nowhere')).rejects.toBeInstanceOf(UnknownDepartmentQueueError);
  });

  it('retries the queue listing on the next call after a failure', async () => {
    connectMock
      .on(ListQueuesCommand)
      .rejectsOnce(new Error('boom'))
      .resolves({ QueueSummaryList: [{ Name: 'dept-roads', Id: 'q' }] });
    connectMock.on(GetCurrentMetricDataCommand).resolves({ MetricResults: [] });
    const availability = createConnectAgentAvailability({ client, instanceId: 'i-1', queues: {} });
    await expect(availability.agentsAvailable('roads')).rejects.toThrow('boom');
    expect(await availability.agentsAvailable('roads')).toBe(0);
  });

  it('does not look queues up by name when told not to', async () => {
    const availability = createConnectAgentAvailability({
      client,
      instanceId: 'i',
      queues: {},
      resolveByName: false,
    });
    await expect(availability.agentsAvailable('roads')).rejects.toBeInstanceOf(UnknownDepartmentQueueError);
    expect(connectMock.calls()).toHaveLength(0);
  });

  it.each([
    [undefined, {}],
    ['', {}],
    ['{"roads":"arn:aws:connect:x:queue/1"}', { roads: 'arn:aws:connect:x:queue/1' }],
  ])('parses CONNECT_DEPARTMENT_QUEUES %j', (raw, expected) => {
    expect(parseDepartmentConnectQueues(raw)).toEqual(expected);
  });

  it.each(['not json', '[]', '{"roads":1}', '{"roads":""}'])(
    'refuses CONNECT_DEPARTMENT_QUEUES %j',
    (raw) => {
      expect(() => parseDepartmentConnectQueues(raw)).toThrow(/CONNECT_DEPARTMENT_QUEUES/);
    },
  );
});

describe('SQS department publisher', () => {
  const message = {
    messageId: '20270000011-v1',
    type: 'ticket.created',
    ticketNumber: '20270000011',
    departmentId: 'roads',
  } as DepartmentMessage;

  it('sends to a FIFO queue with the ticket as group and the messageId as de-duplication id', async () => {
    sqsMock.on(SendMessageCommand).resolves({});
    const publisher = createSqsDepartmentPublisher({
      client: new SQSClient({ region: 'ap-northeast-2' }),
      queues: { roads: 'https://sqs/roads.fifo' },
    });
    await publisher.publish('roads', message);
    expect(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input).toMatchObject({
      MessageGroupId: '20270000011',
      MessageDeduplicationId: '20270000011-v1',
    });
  });

  it('refuses a department without a queue', async () => {
    const publisher = createSqsDepartmentPublisher({ client: new SQSClient({}), queues: {} });
    await expect(publisher.publish('roads', message)).rejects.toBeInstanceOf(UnknownDepartmentQueueUrlError);
  });
});
