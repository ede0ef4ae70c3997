import { createHash } from 'node:crypto';
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  ResourceInUseException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  type CfnResource,
  type CfnTemplates,
  cdkPath,
  isRecord,
  QUEUE_TYPE,
  TABLE_TYPES,
} from '#tools/local-aws/cfn';
import {
  type LocalQueue,
  LocalResources,
  type LocalTable,
  UnresolvedReferenceError,
} from '#tools/local-aws/resources';
import type { LocalAwsEndpoints } from '#tools/local-aws/services';

/*
 * Creates the local tables and queues from the synthesized templates, so the local schema is the
 * deployed schema. Deliberately ignored because they have no local meaning: SSE/KMS keys,
 * point-in-time recovery, deletion protection, contributor insights, Kinesis stream destinations,
 * table class, global-table replicas, tags on tables, queue encryption (KmsMasterKeyId,
 * SqsManagedSseEnabled), queue policies (enforceSSL), DeletionPolicy/UpdateReplacePolicy.
 */

export interface ProvisionOptions {
  /** Prepended to generated table and queue names (e.g. to isolate a test run). */
  prefix?: string;
}

export interface ProvisionResult {
  resources: LocalResources;
  /** Milliseconds spent creating tables and queues. */
  ms: number;
}

type Endpoints = Pick<
  LocalAwsEndpoints,
  'dynamoEndpoint' | 'sqsEndpoint' | 'region' | 'accountId' | 'credentials'
>;

interface Pending {
  stackName: string;
  logicalId: string;
  resource: CfnResource;
}

export async function provisionFromTemplates(
  templates: CfnTemplates,
  endpoints: Endpoints,
  options: ProvisionOptions = {},
): Promise<ProvisionResult> {
  const started = performance.now();
  const exports: Record<string, string> = {};
  const local = new LocalResources({
    region: endpoints.region,
    accountId: endpoints.accountId,
    resources: {},
    exports,
  });
  const clientConfig = { region: endpoints.region, credentials: endpoints.credentials };
  const dynamo = new DynamoDBClient({ ...clientConfig, endpoint: endpoints.dynamoEndpoint });
  const sqs = new SQSClient({ ...clientConfig, endpoint: endpoints.sqsEndpoint });
  try {
    const tables = resourcesOfType(templates, TABLE_TYPES);
    await Promise.all(
      tables.map(async (pending) => {
        const table = await provisionTable(dynamo, pending, options.prefix ?? '');
        local.resources[`${pending.stackName}/${pending.logicalId}`] = table;
      }),
    );
    collectExports(templates, local, exports);

    // Queues in waves: a queue whose redrive policy names a queue not created yet waits for it.
    let waiting = resourcesOfType(templates, [QUEUE_TYPE]);
    while (waiting.length > 0) {
      const ready = waiting.filter((pending) => canResolve(local, pending));
      if (ready.length === 0) {
        const names = waiting.map((pending) => `${pending.stackName}/${pending.logicalId}`).join(', ');
        throw new Error(`Cannot provision queues ${names}: their RedrivePolicy refers to unknown queues`);
      }
      await Promise.all(
        ready.map(async (pending) => {
          const queue = await provisionQueue(sqs, local, pending, options.prefix ?? '');
          local.resources[`${pending.stackName}/${pending.logicalId}`] = queue;
        }),
      );
      collectExports(templates, local, exports);
      waiting = waiting.filter((pending) => !ready.includes(pending));
    }
    return { resources: local, ms: Math.round(performance.now() - started) };
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
}

function resourcesOfType(templates: CfnTemplates, types: readonly string[]): Pending[] {
  return Object.entries(templates).flatMap(([stackName, template]) =>
    Object.entries(template.Resources ?? {})
      .filter(([, resource]) => types.includes(resource.Type))
      .map(([logicalId, resource]) => ({ stackName, logicalId, resource })),
  );
}

function collectExports(
  templates: CfnTemplates,
  local: LocalResources,
  exports: Record<string, string>,
): void {
  for (const [stackName, template] of Object.entries(templates)) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (!output.Export) continue;
      try {
        exports[local.resolveRef(stackName, output.Export.Name)] = local.resolveRef(stackName, output.Value);
      } catch (error) {
        if (!(error instanceof UnresolvedReferenceError)) throw error;
      }
    }
  }
}

/** A local name: the template's own name when it sets one, else `<prefix><stack>-<logicalId>`. */
function localName(
  pending: Pending,
  nameProperty: string,
  prefix: string,
  maxLength: number,
  suffix = '',
): string {
  const given = pending.resource.Properties?.[nameProperty];
  const base =
    typeof given === 'string' ? given.replace(/\.fifo$/, '') : `${pending.stackName}-${pending.logicalId}`;
  const name = `${prefix}${base}`.replace(/[^a-zA-Z0-9_-]/g, '-');
  if (name.length + suffix.length <= maxLength) return `${name}${suffix}`;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - suffix.length - 9)}-${hash}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// DynamoDB

async function provisionTable(dynamo: DynamoDBClient, pending: Pending, prefix: string): Promise<LocalTable> {
  const props = pending.resource.Properties ?? {};
  const tableName = localName(pending, 'TableName', prefix, 255);
  let description: TableDescription | undefined;
  let created = false;
  try {
    description = (await dynamo.send(new CreateTableCommand(createTableInput(tableName, props))))
      .TableDescription;
    created = true;
  } catch (error) {
    // Idempotent: a persisted database (the sandbox) already has the table; keep it as it is.
    if (!(error instanceof ResourceInUseException)) throw error;
    description = (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  }
  await applyTimeToLive(dynamo, tableName, props.TimeToLiveSpecification);
  const path = cdkPath(pending.resource);
  return {
    type: 'table',
    stackName: pending.stackName,
    logicalId: pending.logicalId,
    ...(path ? { cdkPath: path } : {}),
    created,
    tableName,
    tableArn: description?.TableArn ?? `arn:aws:dynamodb:ddblocal:000000000000:table/${tableName}`,
    ...(description?.LatestStreamArn ? { streamArn: description.LatestStreamArn } : {}),
  };
}

function createTableInput(tableName: string, props: Record<string, unknown>): CreateTableCommandInput {
  const provisioned = props.BillingMode === 'PROVISIONED';
  const throughput = provisioned ? { ProvisionedThroughput: provisionedThroughput(props) } : {};
  const gsis = (props.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? [];
  const lsis = (props.LocalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? [];
  const stream = props.StreamSpecification as
    | { StreamViewType?: string; StreamEnabled?: boolean }
    | undefined;
  return {
    TableName: tableName,
    KeySchema: props.KeySchema as KeySchemaElement[],
    AttributeDefinitions: props.AttributeDefinitions as AttributeDefinition[],
    BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...throughput,
    ...(gsis.length > 0
      ? {
          GlobalSecondaryIndexes: gsis.map(
            (index): GlobalSecondaryIndex => ({
              IndexName: index.IndexName as string,
              KeySchema: index.KeySchema as KeySchemaElement[],
              Projection: index.Projection as Projection,
              ...(provisioned ? { ProvisionedThroughput: provisionedThroughput(index) } : {}),
            }),
          ),
        }
      : {}),
    ...(lsis.length > 0
      ? {
          LocalSecondaryIndexes: lsis.map(
            (index): LocalSecondaryIndex => ({
              IndexName: index.IndexName as string,
              KeySchema: index.KeySchema as KeySchemaElement[],
              Projection: index.Projection as Projection,
            }),
          ),
        }
      : {}),
    ...(stream?.StreamViewType && stream.StreamEnabled !== false
      ? {
          StreamSpecification: {
            StreamEnabled: true,
            StreamViewType: stream.StreamViewType as 'NEW_AND_OLD_IMAGES',
          },
        }
      : {}),
  };
}

/** Capacity is irrelevant locally; keep the template's numbers when they are plain numbers. */
function provisionedThroughput(props: Record<string, unknown>): {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
} {
  const given = isRecord(props.ProvisionedThroughput) ? props.ProvisionedThroughput : {};
  const read = Number(given.ReadCapacityUnits);
  const write = Number(given.WriteCapacityUnits);
  return { ReadCapacityUnits: read > 0 ? read : 5, WriteCapacityUnits: write > 0 ? write : 5 };
}

async function applyTimeToLive(dynamo: DynamoDBClient, tableName: string, spec: unknown): Promise<void> {
  if (!isRecord(spec) || spec.Enabled === false || typeof spec.AttributeName !== 'string') return;
  const current = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: true },
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// SQS

const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

function canResolve(local: LocalResources, pending: Pending): boolean {
  try {
    queueAttributes(local, pending);
    return true;
  } catch (error) {
    if (error instanceof UnresolvedReferenceError) return false;
    throw error;
  }
}

function queueAttributes(local: LocalResources, pending: Pending): Record<string, string> {
  const props = pending.resource.Properties ?? {};
  const attributes: Record<string, string> = {};
  for (const name of QUEUE_ATTRIBUTES) {
    if (props[name] !== undefined) attributes[name] = local.resolveRef(pending.stackName, props[name]);
  }
  for (const name of ['RedrivePolicy', 'RedriveAllowPolicy']) {
    const policy = props[name];
    if (policy === undefined) continue;
    const parsed = typeof policy === 'string' ? (JSON.parse(policy) as unknown) : policy;
    attributes[name] = JSON.stringify(resolveDeep(local, pending.stackName, parsed));
  }
  return attributes;
}

/** Resolves intrinsic functions anywhere inside a JSON policy document. */
function resolveDeep(local: LocalResources, stackName: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveDeep(local, stackName, item));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::'))) {
    return local.resolveRef(stackName, value);
  }
  return Object.fromEntries(keys.map((key) => [key, resolveDeep(local, stackName, value[key])]));
}

async function provisionQueue(
  sqs: SQSClient,
  local: LocalResources,
  pending: Pending,
  prefix: string,
): Promise<LocalQueue> {
  const props = pending.resource.Properties ?? {};
  const fifo = props.FifoQueue === true || props.FifoQueue === 'true';
  const queueName = localName(pending, 'QueueName', prefix, 80, fifo ? '.fifo' : '');
  const attributes = queueAttributes(local, pending);
  let queueUrl: string | undefined;
  let created = true;
  try {
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes })))
      .QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueNameExists)) throw error;
    created = false;
    queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: attributes }));
  }
  if (!queueUrl) throw new Error(`CreateQueue returned no URL for ${queueName}`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const redrive = attributes.RedrivePolicy
    ? (JSON.parse(attributes.RedrivePolicy) as {
        deadLetterTargetArn: string;
        maxReceiveCount: number | string;
      })
    : undefined;
  const deadLetterQueue = redrive
    ? local.queues().find((queue) => queue.queueArn === redrive.deadLetterTargetArn)
    : undefined;
  const path = cdkPath(pending.resource);
  return {
    type: 'queue',
    stackName: pending.stackName,
    logicalId: pending.logicalId,
    ...(path ? { cdkPath: path } : {}),
    created,
    queueName,
    queueUrl,
    queueArn: Attributes?.QueueArn ?? '',
    ...(deadLetterQueue
      ? { deadLetterQueueKey: `${deadLetterQueue.stackName}/${deadLetterQueue.logicalId}` }
      : {}),
    ...(redrive ? { maxReceiveCount: Number(redrive.maxReceiveCount) } : {}),
    tags: tagsOf(props.Tags),
  };
}

function tagsOf(tags: unknown): Record<string, string> {
  if (!Array.isArray(tags)) return {};
  return Object.fromEntries(
    tags
      .filter((tag): tag is { Key: string; Value: string } => isRecord(tag) && typeof tag.Value === 'string')
      .map((tag) => [tag.Key, tag.Value]),
  );
}
