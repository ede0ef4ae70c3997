import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { cdkLikeTemplates } from '#test/fixtures/cdk-like-templates';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import { startLocalAws } from '#tools/local-aws/services';

const persistDir = await mkdtemp(join(tmpdir(), 'minwon365-local-aws-'));

afterAll(async () => {
  await rm(persistDir, { recursive: true, force: true });
});

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startLocalAws', () => {
  it('keeps tables in persistDir across restarts, and provisioning the same app again succeeds', async () => {
    const first = await startLocalAws({ persistDir });
    const created = await provisionFromTemplates(cdkLikeTemplates, first);
    await first.stop();

    const second = await startLocalAws({ persistDir });
    try {
      const again = await provisionFromTemplates(cdkLikeTemplates, second);
      const client = new DynamoDBClient({
        endpoint: second.dynamoEndpoint,
        region: second.region,
        credentials: second.credentials,
      });
      const { TableNames = [] } = await client.send(new ListTablesCommand({}));

      expect(TableNames).toContain(findTable(created.resources, 'Orders').tableName);
      expect(findTable(again.resources, 'Orders').created).toBe(false);
      expect(second.dynamoEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      client.destroy();
    } finally {
      await second.stop();
    }
  });

  it('leaves no DynamoDB Local process behind after stop()', async () => {
    const aws = await startLocalAws();
    const pid = aws.dynamoPid;
    await aws.stop();

    expect(pid).toBeTypeOf('number');
    expect(isRunning(pid)).toBe(false);
  });

  it('explains that Java is missing instead of timing out', async () => {
    const previous = process.env.JAVA_HOME;
    process.env.JAVA_HOME = join(persistDir, 'no-such-jdk');
    try {
      await expect(startLocalAws()).rejects.toThrow(/needs Java 17 or later/);
    } finally {
      if (previous === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = previous;
    }
  });
});

/** Whether something accepts TCP connections at host:port. */
const accepts = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

describe('local services bind the loopback address only', () => {
  it('runs DynamoDB Local and SQS on 127.0.0.1, refusing connections on the machine’s other addresses', async () => {
    const aws = await startLocalAws();
    try {
      expect(aws.dynamoBinding).toBe('loopback');
      const dynamoPort = Number(new URL(aws.dynamoEndpoint).port);
      const jvmPort = aws.dynamoProcessPort ?? 0;
      const sqsPort = Number(new URL(aws.sqsEndpoint).port);
      expect(await accepts('127.0.0.1', dynamoPort)).toBe(true);
      expect(await accepts('127.0.0.1', jvmPort)).toBe(true);
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((address) => address !== undefined && address.family === 'IPv4' && !address.internal)
        .map((address) => address?.address ?? '');
      for (const address of external) {
        expect(await accepts(address, dynamoPort), `DynamoDB Local's endpoint on ${address}`).toBe(false);
        expect(await accepts(address, jvmPort), `DynamoDB Local's JVM on ${address}`).toBe(false);
        expect(await accepts(address, sqsPort), `SQS on ${address}`).toBe(false);
      }
    } finally {
      await aws.stop();
    }
  });
});

/**
 * Runs `work` against a DynamoDB Local persisted in a fresh folder, through a client that does not
 * retry, with `tables` (key `k`, string) created first; stops and removes everything after.
 */
const withPersistedDynamo = async (
  tables: string[],
  work: (aws: Awaited<ReturnType<typeof startLocalAws>>, client: DynamoDBClient) => Promise<void>,
) => {
  const dir = await mkdtemp(join(tmpdir(), 'minwon365-crash-'));
  const aws = await startLocalAws({ persistDir: dir });
  const client = new DynamoDBClient({
    endpoint: aws.dynamoEndpoint,
    region: aws.region,
    credentials: aws.credentials,
    maxAttempts: 1,
  });
  try {
    for (const TableName of tables)
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }],
        }),
      );
    await work(aws, client);
  } finally {
    client.destroy();
    await aws.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

describe('a DynamoDB Local that crashes', () => {
  it('comes back behind the same endpoint with the same data after a SIGKILL', () =>
    withPersistedDynamo(['crash-test'], async (aws, client) => {
      await client.send(new PutItemCommand({ TableName: 'crash-test', Item: { k: { S: 'kept' } } }));
      const before = aws.dynamoPid;

      await aws.stopDynamo('SIGKILL');
      expect(isRunning(before)).toBe(false);
      await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();

      await aws.restartDynamo();
      expect(aws.dynamoPid).not.toBe(before);
      const { Item } = await client.send(
        new GetItemCommand({ TableName: 'crash-test', Key: { k: { S: 'kept' } } }),
      );
      expect(Item).toEqual({ k: { S: 'kept' } });
    }));
});

describe('a crash keeps what DynamoDB acknowledged, as DynamoDB does', () => {
  it('loses no acknowledged transaction when DynamoDB Local is SIGKILLed in the middle of a burst of them', () =>
    withPersistedDynamo(['acked-items', 'acked-counts'], async (aws, client) => {
      // 16 writers; the crash right after the 200th answer (DynamoDB Local alone loses the last
      // answered transaction here nearly every time: tools/local-aws/tcp-gate.ts).
      const acknowledged: string[] = [];
      let next = 0;
      let crash: Promise<void> | undefined;
      const writer = async () => {
        while (crash === undefined) {
          const k = `item-${next++}`;
          try {
            await client.send(
              new TransactWriteItemsCommand({
                TransactItems: [
                  { Put: { TableName: 'acked-items', Item: { k: { S: k } } } },
                  {
                    Update: {
                      TableName: 'acked-counts',
                      Key: { k: { S: k } },
                      UpdateExpression: 'SET n = :one',
                      ExpressionAttributeValues: { ':one': { N: '1' } },
                    },
                  },
                ],
              }),
            );
            acknowledged.push(k);
            if (acknowledged.length === 200) crash = aws.stopDynamo('SIGKILL');
          } catch {
            // cut off: no answer, the write may or may not have happened
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, writer));
      await crash;
      await aws.restartDynamo();

      const kept = async (TableName: string) => {
        const keys = new Set<string>();
        let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
        do {
          const page = await client.send(
            new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }),
          );
          for (const item of page.Items ?? []) keys.add(item.k?.S ?? '');
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey !== undefined);
        return keys;
      };
      const items = await kept('acked-items');
      const counts = await kept('acked-counts');
      expect(acknowledged.length).toBeGreaterThanOrEqual(200);
      expect(acknowledged.filter((k) => !items.has(k))).toEqual([]);
      expect(acknowledged.filter((k) => !counts.has(k))).toEqual([]);
      // All or nothing: no transaction half there.
      expect([...items].filter((k) => !counts.has(k))).toEqual([]);
    }));
});

describe('durable local SQS', () => {
  it('keeps the unread messages, with their ids and bodies, across a restart; deleted ones stay deleted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'minwon365-sqs-'));
    const run = async <T>(work: (sqs: SQSClient, queueUrl: string) => Promise<T>): Promise<T> => {
      const aws = await startLocalAws({ sqsPersistDir: dir });
      const sqs = new SQSClient({
        endpoint: aws.sqsEndpoint,
        region: aws.region,
        credentials: aws.credentials,
      });
      try {
        const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'dept-roads' }));
        return await work(sqs, QueueUrl);
      } finally {
        sqs.destroy();
        await aws.stop();
      }
    };
    const sent = await run(async (sqs, QueueUrl) => {
      const ids: string[] = [];
      for (const body of ['첫째', '둘째', '셋째']) {
        ids.push((await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }))).MessageId ?? '');
      }
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
      );
      const first = Messages.find((m) => m.Body === '첫째');
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first?.ReceiptHandle }));
      return ids;
    });
    const after = await run(async (sqs, QueueUrl) => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
      );
      return Messages.map((m) => [m.MessageId, m.Body]).sort();
    });
    expect(after).toEqual(
      [
        [sent[1], '둘째'],
        [sent[2], '셋째'],
      ].sort(),
    );
    await rm(dir, { recursive: true, force: true });
  });
});
