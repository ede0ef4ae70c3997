import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { findDepartmentDeadLetterQueue, findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import { LocalResources } from '#tools/local-aws/resources';
import { localAwsEnvironment } from '#tools/local-aws/services';
import {
  createStreamPoller,
  type StreamPoller,
  type StreamPollerOptions,
} from '#tools/local-aws/stream-poller';

/**
 * Helpers for tests in the `integration` and `flows` projects, reading what
 * test/support/global-setup.ts provided: clients on the local services, and the local names of
 * the template's tables and queues by purpose.
 */

export function localAws() {
  return inject('localAws');
}

let resources: LocalResources | undefined;

export function localResources(): LocalResources {
  resources ??= new LocalResources(inject('localResources'));
  return resources;
}

export interface LocalClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
}

let clients: LocalClients | undefined;

/** Clients on the local services, shared within a test file's worker. */
export function localClients(): LocalClients {
  if (!clients) {
    const aws = localAws();
    const common = { region: aws.region, credentials: aws.credentials };
    const dynamo = new DynamoDBClient({ ...common, endpoint: aws.dynamoEndpoint });
    clients = {
      dynamo,
      doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
      sqs: new SQSClient({ ...common, endpoint: aws.sqsEndpoint }),
    };
  }
  return clients;
}

/** Local table name for a purpose: `Tickets`, `Counters`, `KnowledgeBase`, `Idempotency`. */
export function tableName(purpose: string): string {
  return findTable(localResources(), purpose).tableName;
}

export function streamArn(purpose: string): string {
  const table = findTable(localResources(), purpose);
  if (!table.streamArn) throw new Error(`Table ${table.logicalId} has no stream`);
  return table.streamArn;
}

/** URL of a department's work queue, e.g. `queueUrl('roads')`. */
export function queueUrl(departmentId: string): string {
  return findDepartmentQueue(localResources(), departmentId).queueUrl;
}

export function deadLetterQueueUrl(departmentId: string): string {
  return findDepartmentDeadLetterQueue(localResources(), departmentId).queueUrl;
}

/**
 * Sets the AWS SDK environment (region, dummy credentials, endpoint URLs) so handler code that
 * builds its own clients talks to the locals. Returns a function restoring the previous values.
 */
export function useLocalAwsEnvironment(extra: Record<string, string> = {}): () => void {
  const values = { ...localAwsEnvironment(localAws()), ...extra };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** A stream poller on a table's stream with the local endpoint filled in; started. */
export async function startStreamPoller(
  purpose: string,
  options: Omit<StreamPollerOptions, 'endpoint' | 'region' | 'credentials' | 'streamArn'>,
): Promise<StreamPoller> {
  const aws = localAws();
  const poller = createStreamPoller({
    endpoint: aws.dynamoEndpoint,
    region: aws.region,
    credentials: aws.credentials,
    streamArn: streamArn(purpose),
    ...options,
  });
  await poller.start();
  return poller;
}

/**
 * Empties every table and queue of the app. The locals are shared by all test files of the
 * project, which run in parallel: use it only in files that own the data they wipe, and prefer
 * unique keys (and receiving only your own messages) in tests that can run side by side.
 */
export async function resetData(): Promise<void> {
  const { dynamo, sqs } = localClients();
  const local = localResources();
  await Promise.all([
    ...local.tables().map((table) => emptyTable(dynamo, table.tableName)),
    ...local.queues().map((queue) => sqs.send(new PurgeQueueCommand({ QueueUrl: queue.queueUrl }))),
  ]);
}

async function emptyTable(dynamo: DynamoDBClient, name: string): Promise<void> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
  const keyNames = (Table?.KeySchema ?? []).map((key) => key.AttributeName ?? '');
  let startKey: ScanCommand['input']['ExclusiveStartKey'];
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: name,
        ProjectionExpression: keyNames.map((_, index) => `#k${index}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(keyNames.map((key, index) => [`#k${index}`, key])),
        ExclusiveStartKey: startKey,
      }),
    );
    const keys = page.Items ?? [];
    for (let offset = 0; offset < keys.length; offset += 25) {
      const chunk = keys.slice(offset, offset + 25);
      await dynamo.send(
        new BatchWriteItemCommand({
          RequestItems: { [name]: chunk.map((key) => ({ DeleteRequest: { Key: key } })) },
        }),
      );
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
