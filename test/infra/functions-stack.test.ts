import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '#commons/runtime-config';
import { synthCached } from '#infra/build-app';
import { BUILD_CONSTANTS_METADATA } from '#infra/constructs/project-function';
import { flowInvocationLimits } from '#infra/flow-limits';

let dev: Template;
let prod: Template;

const functionsOf = async (stage: string) => {
  const { templates } = await synthCached({ stage });
  const template = templates[`Minwon365-cheongju-${stage}-Functions`];
  if (!template) throw new Error(`no Functions stack for ${stage}`);
  return Template.fromJSON(template);
};

beforeAll(async () => {
  [dev, prod] = await Promise.all([functionsOf('dev'), functionsOf('prod')]);
});

type Resource = { Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
const lambdas = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>);
const lambda = (template: Template, name: string): Resource => {
  const found = lambdas(template).find(([id]) => id.startsWith(name));
  if (!found) throw new Error(`no function ${name}`);
  return found[1];
};
const environment = (resource: Resource) =>
  (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('functions stack', () => {
  it('runs every call-handling function on Node.js 22, ARM64, with active tracing', () => {
    const names = ['Lookup', 'Intake', 'Escalation', 'Dispatcher', 'CtrConsumer'];
    for (const name of names) {
      expect(lambda(dev, name).Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('gives each flow-invoked function the tightest limit of the flow blocks invoking it, as timeout and time budget', () => {
    const limits = flowInvocationLimits(new URL('../../contact-flows', import.meta.url).pathname);
    for (const name of ['Lookup', 'Intake', 'Escalation']) {
      const limit = limits.get(name.toLowerCase())?.minSeconds;
      expect(limit).toBeGreaterThanOrEqual(1);
      expect(lambda(dev, name).Properties.Timeout).toBe(limit);
      expect(environment(lambda(dev, name)).FLOW_TIME_LIMIT_SECONDS).toBe(String(limit));
    }
    // The inbound flow's caller lookup waits 3 s: the tightest block of the lookup function.
    expect(lambda(dev, 'Lookup').Properties.Timeout).toBe(3);
    expect(environment(lambda(dev, 'Dispatcher')).FLOW_TIME_LIMIT_SECONDS).toBeUndefined();
  });

  it('keeps source maps off the cold start (no --enable-source-maps)', () => {
    for (const [, resource] of lambdas(dev)) {
      const variables = (
        resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      expect(String(variables?.NODE_OPTIONS ?? '')).not.toContain('--enable-source-maps');
    }
  });

  it('gives every function a log group with the stage retention, retained in prod', () => {
    dev.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    prod.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
    for (const group of Object.values(prod.findResources('AWS::Logs::LogGroup'))) {
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });

  it('compiles the runtime city config the functions validate at cold start into every bundle, not the environment', () => {
    for (const name of ['Lookup', 'Intake', 'Escalation', 'Dispatcher', 'CtrConsumer', 'SlaCheck'])
      expect(environment(lambda(dev, name)), name).not.toHaveProperty('CITY_CONFIG');
    // Recorded beside the function for the local runners (tools/local-aws/function-environment.ts).
    const raw = (lambda(dev, 'Lookup').Metadata?.[BUILD_CONSTANTS_METADATA] as Record<string, unknown>)
      ?.CITY_CONFIG;
    expect(typeof raw).toBe('string');
    const config = runtimeConfigSchema.parse(JSON.parse(raw as string));
    expect(config.entryPoints.map((e) => e.id)).toContain('barocall');
    expect(config.departments.find((d) => d.categories.includes('living-complaints'))?.id).toBe('living');
  });

  it('tells the dispatcher the queue URL of every department', () => {
    const queues = environment(lambda(dev, 'Dispatcher')).DEPARTMENT_QUEUES as { 'Fn::Join': unknown };
    const text = JSON.stringify(queues);
    for (const id of ['traffic', 'tax', 'living', 'water', 'parking']) expect(text).toContain(`\\"${id}\\"`);
  });

  it('reads the tickets stream with bisect-on-error, bounded retries, batch item failures and a failure queue', () => {
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    dev.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    // One failure queue and alarm per stream consumer (dispatcher, CTR consumer, citizen notifier),
    // the dead-letter alarms of the SLA and KB indexer schedules, and the overdue-tickets alarm.
    dev.resourceCountIs('AWS::CloudWatch::Alarm', 6);
  });

  it('reads the contact center’s CTR stream from the start, with bisect, 5 retries, a max age and a KMS-encrypted failure queue', () => {
    const mappings = Object.values(
      dev.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>,
    ).filter((m) => JSON.stringify(m.Properties.EventSourceArn).includes('ContactTraceRecords'));
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings as [Resource];
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86_400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FunctionName: { Ref: expect.stringMatching(/^CtrConsumer/) },
    });
    const destination = JSON.stringify(
      (mapping.Properties.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination,
    );
    expect(destination).toContain('CtrConsumerFailures');
    const queues = dev.findResources('AWS::SQS::Queue') as Record<string, Resource>;
    const failureQueue = Object.entries(queues).find(([id]) => id.startsWith('CtrConsumerFailures'));
    expect(failureQueue?.[1].Properties.KmsMasterKeyId).toBeDefined();
    const alarms = Object.values(dev.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>);
    expect(JSON.stringify(alarms)).toContain('CtrConsumerFailures');
    const env = environment(lambda(dev, 'CtrConsumer'));
    expect(env).toMatchObject({ COUNSELOR_QUEUE_NAME: 'counselors' });
    expect(env.CONTACTS_TABLE).toBeDefined();
  });

  it('lets the CTR consumer read the stream, batch-read and update contact records, and nothing on tickets', () => {
    const [, policy] = Object.entries(dev.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('CtrConsumer'),
    ) as [
      string,
      { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } },
    ];
    const statements = policy.Properties.PolicyDocument.Statement;
    const on = (fragment: string) =>
      statements
        .filter((s) => JSON.stringify(s.Resource).includes(fragment))
        .flatMap((s) => [s.Action].flat());
    expect(on('Contacts')).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:BatchGetItem']),
    );
    expect(on('Contacts')).not.toContain('dynamodb:Scan');
    expect(on('ContactTraceRecords')).toEqual(expect.arrayContaining(['kinesis:GetRecords']));
    expect(on('ContactCenterKey')).toEqual(['kms:Decrypt']);
    const text = JSON.stringify(statements);
    expect(text).not.toContain('Tickets');
    expect(text).not.toContain('dynamodb:Scan');
  });

  it('grants table access on named tables and indexes only, never on every index', () => {
    const text = JSON.stringify(dev.findResources('AWS::IAM::Policy'));
    expect(text).toContain('/index/byCaller');
    expect(text).not.toContain('/index/*');
    const statements = Object.values(dev.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) ?? [],
    );
    const dynamoOnStar = statements.filter(
      (s) =>
        [s.Action].flat().some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams') &&
        s.Resource === '*',
    );
    expect(dynamoOnStar).toEqual([]);
  });

  it('lets only the lookup function (reading) and the 상담DB indexer (compacting) use the knowledge base', () => {
    const policies = Object.entries(dev.findResources('AWS::IAM::Policy'));
    const users = policies.filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('KnowledgeBase'),
    );
    expect(users.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      expect.stringMatching(/^KbIndexer/),
      expect.stringMatching(/^Lookup/),
    ]);
    const lookupPolicy = JSON.stringify(users.find(([id]) => id.startsWith('Lookup'))?.[1]);
    expect(lookupPolicy).toContain('dynamodb:BatchGetItem');
    expect(lookupPolicy).not.toContain('dynamodb:PutItem');
  });
});
