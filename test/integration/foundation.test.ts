import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { loadCityConfig } from '#infra/config/load';
import {
  deadLetterQueueUrl,
  localAws,
  localClients,
  localResources,
  queueUrl,
  streamArn,
  tableName,
} from '#test/local';
import { findDepartmentDeadLetterQueue, findDepartmentQueue } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';

const { doc, dynamo, sqs } = localClients();
const { departments } = await loadCityConfig('cheongju');
const [firstDepartment, secondDepartment] = departments.map((department) => department.id);

function ticket(overrides: Record<string, unknown> = {}) {
  const ticketNumber = `2027${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return {
    ticketNumber,
    kind: 'report',
    category: 'living-complaints',
    departmentId: 'roads',
    location: '상당구 상당로 155',
    description: '가로등이 꺼져 있어요',
    callerHash: randomUUID().replaceAll('-', ''),
    callerMasked: '010-****-5678',
    createdAt: '2027-03-02T09:15:00+09:00',
    updatedAt: '2027-03-02T09:15:00+09:00',
    dueAt: '2027-03-04T09:15:00+09:00',
    status: 'RECEIVED',
    history: [
      { at: '2027-03-02T09:15:00+09:00', by: 'counselor-7', status: 'RECEIVED', departmentId: 'roads' },
    ],
    version: 1,
    departmentStatus: 'roads#RECEIVED',
    expiresAt: 1_900_000_000,
    ...overrides,
  };
}

/** The Messaging stack's queues (other stacks may add queues of their own, e.g. on-failure). */
function messagingQueues() {
  return localResources()
    .queues()
    .filter((queue) => queue.stackName.endsWith('-Messaging'));
}

/** Receives until this test's own message shows up (other tests may share the queue). */
async function receiveOwn(url: string, messageId: string, visibilityTimeout?: number) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        // local-aws-sqs returns receive counts for the legacy AttributeNames only.
        AttributeNames: ['All'],
        ...(visibilityTimeout === undefined ? {} : { VisibilityTimeout: visibilityTimeout }),
      }),
    );
    const own = Messages.find((message) => JSON.parse(message.Body ?? '{}').messageId === messageId);
    if (own) return own;
    await sleep(50);
  }
  return undefined;
}

describe('tickets table created from the synthesized Data stack', () => {
  it('stores a ticket and reads it back by its number', async () => {
    const item = ticket();
    await doc.send(new PutCommand({ TableName: tableName('Tickets'), Item: item }));

    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName('Tickets'), Key: { ticketNumber: item.ticketNumber } }),
    );

    expect(Item).toEqual(item);
  });

  it("lists a caller's tickets newest first through the byCaller index", async () => {
    const callerHash = randomUUID().replaceAll('-', '');
    const older = ticket({ callerHash, createdAt: '2027-03-02T09:00:00+09:00' });
    const newer = ticket({ callerHash, createdAt: '2027-03-05T14:30:00+09:00' });
    await doc.send(new PutCommand({ TableName: tableName('Tickets'), Item: older }));
    await doc.send(new PutCommand({ TableName: tableName('Tickets'), Item: newer }));

    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: tableName('Tickets'),
        IndexName: 'byCaller',
        KeyConditionExpression: 'callerHash = :caller',
        ExpressionAttributeValues: { ':caller': callerHash },
        ScanIndexForward: false,
      }),
    );

    expect(Items.map((item) => item.ticketNumber)).toEqual([newer.ticketNumber, older.ticketNumber]);
  });

  it("lists a department's tickets in one status through the byDepartmentStatus index", async () => {
    const department = `dept-${randomUUID()}`;
    const received = ticket({ departmentId: department, departmentStatus: `${department}#RECEIVED` });
    const resolved = ticket({ departmentId: department, departmentStatus: `${department}#RESOLVED` });
    await doc.send(new PutCommand({ TableName: tableName('Tickets'), Item: received }));
    await doc.send(new PutCommand({ TableName: tableName('Tickets'), Item: resolved }));

    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: tableName('Tickets'),
        IndexName: 'byDepartmentStatus',
        KeyConditionExpression: 'departmentStatus = :key',
        ExpressionAttributeValues: { ':key': `${department}#RECEIVED` },
      }),
    );

    expect(Items.map((item) => item.ticketNumber)).toEqual([received.ticketNumber]);
  });
});

describe('department queues created from the synthesized Messaging stack', () => {
  it('finds a work queue and a distinct dead-letter queue for every department of the city config', () => {
    const workQueues = departments.map(({ id }) => queueUrl(id));
    const deadLetterQueues = departments.map(({ id }) => deadLetterQueueUrl(id));

    expect(new Set([...workQueues, ...deadLetterQueues]).size).toBe(departments.length * 2);
    expect(messagingQueues()).toHaveLength(departments.length * 2);
  });

  it("delivers a department message through the department's queue", async () => {
    const message = {
      messageId: `${ticket().ticketNumber}-v1`,
      type: 'ticket.created',
      departmentId: firstDepartment,
      status: 'RECEIVED',
    };
    const url = queueUrl(firstDepartment ?? '');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(message) }));

    const received = await receiveOwn(url, message.messageId);

    expect(JSON.parse(received?.Body ?? '{}')).toEqual(message);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: received?.ReceiptHandle }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('moves a message received 5 times without being deleted to the dead-letter queue', async () => {
    // A private copy of the Messaging stack's queues, so no other test's messages interfere.
    const messaging = Object.fromEntries(
      Object.entries(inject('cfnTemplates')).filter(([stackName]) => stackName.endsWith('-Messaging')),
    );
    const { resources } = await provisionFromTemplates(messaging, localAws(), {
      prefix: `dlq${Date.now()}-`,
    });
    const queue = findDepartmentQueue(resources, secondDepartment ?? '').queueUrl;
    const dlq = findDepartmentDeadLetterQueue(resources, secondDepartment ?? '').queueUrl;
    const body = JSON.stringify({ messageId: `${ticket().ticketNumber}-v1`, type: 'ticket.created' });
    await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: body }));

    const receiveCounts: (string | undefined)[] = [];
    for (let receive = 1; receive <= 6; receive++) {
      // A consumer that never deletes it; a zero visibility timeout makes it visible again at once.
      // (local-aws-sqs counts ChangeMessageVisibility as a receive, so that is not used here.)
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue, VisibilityTimeout: 0, AttributeNames: ['All'] }),
      );
      receiveCounts.push(Messages[0]?.Attributes?.ApproximateReceiveCount);
    }
    const { Messages: dead = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 1 }),
    );

    expect(receiveCounts).toEqual(['1', '2', '3', '4', '5', undefined]);
    expect(dead.map((message) => message.Body)).toEqual([body]);
  });
});

describe('provisioning from the synthesized templates', () => {
  it('gives the tickets table both indexes with all attributes, a new-and-old-images stream and TTL', async () => {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName('Tickets') }));
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName('Tickets') }));

    expect(Table?.KeySchema).toEqual([{ AttributeName: 'ticketNumber', KeyType: 'HASH' }]);
    expect(
      Table?.GlobalSecondaryIndexes?.map((index) => ({
        name: index.IndexName,
        keys: index.KeySchema?.map((key) => key.AttributeName),
        projection: index.Projection?.ProjectionType,
      })),
    ).toEqual(
      expect.arrayContaining([
        { name: 'byCaller', keys: ['callerHash', 'createdAt'], projection: 'ALL' },
        { name: 'byDepartmentStatus', keys: ['departmentStatus', 'createdAt'], projection: 'ALL' },
      ]),
    );
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toMatch(/\/stream\//);
    expect(ttl.TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('sets the idempotency TTL on expiration and gives counters and knowledge base their keys', async () => {
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName('Idempotency') }));
    const counters = await dynamo.send(new DescribeTableCommand({ TableName: tableName('Counters') }));
    const kb = await dynamo.send(new DescribeTableCommand({ TableName: tableName('KnowledgeBase') }));

    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiration');
    expect(counters.Table?.KeySchema).toEqual([{ AttributeName: 'counter', KeyType: 'HASH' }]);
    expect(kb.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
  });

  it("points every department queue's redrive policy at its own local dead-letter queue after 5 receives", async () => {
    const templateQueues = Object.entries(inject('cfnTemplates')).flatMap(([stackName, template]) =>
      Object.keys(template.Resources ?? {})
        .filter((logicalId) => template.Resources?.[logicalId]?.Type === 'AWS::SQS::Queue')
        .map((logicalId) => `${stackName}/${logicalId}`),
    );
    const workQueues = messagingQueues().filter((queue) => queue.deadLetterQueueKey);

    expect(Object.keys(localResources().resources)).toEqual(expect.arrayContaining(templateQueues));
    expect(workQueues).toHaveLength(departments.length);
    for (const queue of workQueues) {
      const dlq = localResources().get(queue.deadLetterQueueKey ?? '');
      const [{ Attributes: attributes }, { Attributes: dlqAttributes }] = await Promise.all([
        sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ['All'] })),
        sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: dlq.type === 'queue' ? dlq.queueUrl : '',
            AttributeNames: ['All'],
          }),
        ),
      ]);
      expect(JSON.parse(attributes?.RedrivePolicy ?? '{}')).toEqual({
        deadLetterTargetArn: dlqAttributes?.QueueArn,
        maxReceiveCount: 5,
      });
      expect(dlqAttributes?.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
    }
  });

  it('can run again on the same services without failing and keeps the same names', async () => {
    const again = await provisionFromTemplates(inject('cfnTemplates'), localAws());

    const tickets = again.resources.tables().find((table) => table.tableName === tableName('Tickets'));
    expect(tickets?.created).toBe(false);
    expect(tickets?.streamArn).toBe(streamArn('Tickets'));
    expect(
      again.resources
        .queues()
        .map((queue) => queue.queueUrl)
        .sort(),
    ).toEqual(
      localResources()
        .queues()
        .map((queue) => queue.queueUrl)
        .sort(),
    );
  });
});
