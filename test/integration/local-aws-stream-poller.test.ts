import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cdkLikeTemplates } from '#test/fixtures/cdk-like-templates';
import { localAws, localClients } from '#test/local';
import { startSlowProxy } from '#test/slow-proxy';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalTable } from '#tools/local-aws/resources';
import {
  createStreamPoller,
  fileCheckpoint,
  type StreamPoller,
  type StreamPollerOptions,
} from '#tools/local-aws/stream-poller';

const { doc } = localClients();
let orders: LocalTable;
let poller: StreamPoller | undefined;

beforeAll(async () => {
  // Its own copy of the fixture tables: these tests count every record on the stream.
  const { resources } = await provisionFromTemplates(cdkLikeTemplates, localAws(), {
    prefix: `sp${Date.now()}-`,
  });
  orders = findTable(resources, 'Orders');
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

async function startPoller(
  handler: StreamPollerOptions['handler'],
  options: Partial<StreamPollerOptions> = {},
): Promise<StreamPoller> {
  const aws = localAws();
  poller = createStreamPoller({
    endpoint: aws.dynamoEndpoint,
    region: aws.region,
    credentials: aws.credentials,
    streamArn: orders.streamArn ?? '',
    handler,
    ...options,
  });
  await poller.start();
  return poller;
}

const orderId = (record: DynamoDBRecord) => record.dynamodb?.Keys?.orderId?.S;

describe('stream poller (local DynamoDB Streams event-source mapping)', () => {
  it('delivers INSERT, MODIFY and REMOVE as a Lambda DynamoDBStreamEvent with images and the source ARN', async () => {
    const events: DynamoDBStreamEvent[] = [];
    const running = await startPoller(async (event) => {
      events.push(event);
    });

    await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'o-1', total: 10 } }));
    await doc.send(
      new UpdateCommand({
        TableName: orders.tableName,
        Key: { orderId: 'o-1' },
        UpdateExpression: 'SET #total = :total',
        ExpressionAttributeNames: { '#total': 'total' },
        ExpressionAttributeValues: { ':total': 12 },
      }),
    );
    await doc.send(new DeleteCommand({ TableName: orders.tableName, Key: { orderId: 'o-1' } }));
    await running.drain();

    const records = events.flatMap((event) => event.Records);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records;
    expect(insert).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventSourceARN: orders.streamArn,
      awsRegion: localAws().region,
      dynamodb: {
        Keys: { orderId: { S: 'o-1' } },
        NewImage: { total: { N: '10' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(modify?.dynamodb?.OldImage?.total).toEqual({ N: '10' });
    expect(modify?.dynamodb?.NewImage?.total).toEqual({ N: '12' });
    expect(remove?.dynamodb?.OldImage?.total).toEqual({ N: '12' });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    expect(typeof insert?.eventID).toBe('string');
    expect(Number(insert?.dynamodb?.SequenceNumber)).toBeLessThan(Number(modify?.dynamodb?.SequenceNumber));
  });

  it('retries from the first reported batch item failure and never redelivers the records before it', async () => {
    const deliveries: string[] = [];
    let failedOnce = false;
    const running = await startPoller(async (event): Promise<DynamoDBBatchResponse> => {
      const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        if (orderId(record) === 'b-2' && !failedOnce) {
          failedOnce = true;
          failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
          break;
        }
        deliveries.push(orderId(record) ?? '?');
      }
      return { batchItemFailures: failures };
    });

    for (const id of ['b-1', 'b-2', 'b-3']) {
      await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: id } }));
    }
    await running.drain();

    expect(deliveries).toEqual(['b-1', 'b-2', 'b-3']);
    expect(running.failures).toEqual([]);
  });

  it('hands a batch that keeps failing to the on-failure destination after the retries and moves on', async () => {
    const attempts: string[] = [];
    const running = await startPoller(
      async (event) => {
        const ids = event.Records.map(orderId);
        attempts.push(ids.join(','));
        if (ids.includes('c-poison')) throw new Error('cannot process');
      },
      { maxRetryAttempts: 2, batchSize: 1 },
    );

    await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'c-poison' } }));
    await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'c-next' } }));
    await running.drain();

    expect(attempts).toEqual(['c-poison', 'c-poison', 'c-poison', 'c-next']);
    expect(running.failures).toHaveLength(1);
    expect(running.failures[0]?.records.map(orderId)).toEqual(['c-poison']);
    expect(running.failures[0]?.attempts).toBe(3);
  });

  it('backs off while DynamoDB is unreachable, reports the outage a bounded number of times, and resumes without loss or repeats', async () => {
    const proxy = await startSlowProxy(localAws().dynamoEndpoint);
    const seen: string[] = [];
    const errors: number[] = [];
    const recoveries: number[] = [];
    try {
      const running = await startPoller(
        async (event) => {
          for (const record of event.Records) seen.push(`${record.eventName}:${orderId(record)}`);
        },
        {
          endpoint: proxy.endpoint,
          pollIntervalMs: 25,
          maxBackoffMs: 1_000,
          errorReportIntervalMs: 60_000,
          onError: (_error, failedPolls) => errors.push(failedPolls),
          onRecovered: ({ failedPolls }) => recoveries.push(failedPolls),
        },
      );
      await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'down-1', total: 1 } }));
      await running.drain();

      proxy.setMode({ kind: 'down' });
      const before = proxy.requests;
      await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'down-2', total: 2 } }));
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const duringOutage = proxy.requests - before;
      proxy.setMode({ kind: 'pass' });
      await running.drain(30_000);

      // 25 ms doubling up to 1 s: about ten polls in 3 s (a tight loop would make thousands).
      expect(duringOutage).toBeGreaterThan(0);
      expect(duringOutage).toBeLessThan(40);
      expect(errors).toEqual([1]);
      expect(recoveries).toHaveLength(1);
      expect(seen).toEqual(['INSERT:down-1', 'INSERT:down-2']);
    } finally {
      await poller?.stop();
      poller = undefined;
      await proxy.stop();
    }
  });

  it('resumes after a restart right after what it delivered: records written while it was stopped arrive once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minwon365-checkpoint-'));
    const checkpoint = fileCheckpoint(join(dir, 'orders.json'));
    const seen: string[] = [];
    const collect: StreamPollerOptions['handler'] = async (event) => {
      for (const record of event.Records) seen.push(`${record.eventName}:${orderId(record)}`);
    };
    try {
      const first = await startPoller(collect, { startingPosition: 'TRIM_HORIZON', checkpoint });
      await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'cp-1', total: 1 } }));
      await first.drain();
      await first.stop();
      poller = undefined;
      const before = seen.filter((entry) => entry.endsWith(':cp-1')).length;

      // Written while no poller runs (the sandbox restarting).
      await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'cp-2', total: 2 } }));
      const second = await startPoller(collect, { startingPosition: 'TRIM_HORIZON', checkpoint });
      expect(second.resumed).toBe(true);
      await doc.send(new PutCommand({ TableName: orders.tableName, Item: { orderId: 'cp-3', total: 3 } }));
      await second.drain();

      expect(before).toBe(1);
      expect(seen.filter((entry) => /:cp-\d$/.test(entry))).toEqual([
        'INSERT:cp-1',
        'INSERT:cp-2',
        'INSERT:cp-3',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
