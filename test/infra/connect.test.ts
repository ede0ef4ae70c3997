import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type CfnTemplate, synthCached } from '#infra/build-app';
import cheongju from '#infra/config/cheongju';
import { CityConfigError, loadCityConfig, parseCityConfig } from '#infra/config/load';
import { assertNoSampleNumbers, SampleNumbersError, sampleNumbersOf } from '#infra/config/sample-numbers';
import type { CityConfig, CityConfigInput } from '#infra/config/schema';
import { FLOW_TYPES, type FlowName } from '#infra/connect/flow-catalog';
import { loadFlowFiles, placeholdersIn, UnknownPlaceholderError } from '#infra/connect/flow-content';
import { connectOverrides, weekdayOf } from '#infra/constructs/connect-hours';
import { PHONE_ASSOCIATION_TYPE } from '#infra/constructs/connect-phone-association';
import { QUEUE_QUICK_CONNECTS_TYPE } from '#infra/constructs/connect-queue-quick-connects';
import { ContactCenterStack } from '#infra/stacks/contact-center-stack';
import {
  ContactFlowsStack,
  FLOWS_DIR,
  FlowCycleError,
  flowCreationOrder,
} from '#infra/stacks/contact-flows-stack';
import { existingCenterProps } from '#test/contact-center';
import { formatMessage, lintSynthesizedFlow } from '#tools/flows/lint';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};

let config: CityConfig;
let dev: Record<string, CfnTemplate>;
let prod: Record<string, CfnTemplate>;

beforeAll(async () => {
  config = await loadCityConfig('cheongju');
  const [d, p] = await Promise.all([synthCached({ stage: 'dev' }), synthCached({ stage: 'prod' })]);
  dev = d.templates;
  prod = p.templates;
});

const templateOf = (templates: Record<string, CfnTemplate>, concern: string): CfnTemplate => {
  const entry = Object.entries(templates).find(([name]) => name.endsWith(`-${concern}`));
  if (!entry) throw new Error(`no ${concern} stack in ${Object.keys(templates).join(', ')}`);
  return entry[1];
};
const assert = (templates: Record<string, CfnTemplate>, concern: string) =>
  Template.fromJSON(templateOf(templates, concern));
const resources = (template: CfnTemplate, type: string): Record<string, Resource> =>
  Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type)) as Record<
    string,
    Resource
  >;
const only = <T>(record: Record<string, T>, what: string): [string, T] => {
  const entries = Object.entries(record);
  if (entries.length !== 1) throw new Error(`expected one ${what}, found ${entries.length}`);
  return entries[0] as [string, T];
};

const flowFiles = loadFlowFiles(FLOWS_DIR);
const functionsOf = (name: string): string[] => {
  const file = flowFiles.find((f) => f.name === name);
  return (file ? placeholdersIn(file.content) : []).filter((r) => r.startsWith('fn:')).map((r) => r.slice(3));
};
const invokedFunctions = [...new Set(flowFiles.flatMap((f) => functionsOf(f.name)))].sort();

/** The flows stack's flows by file name (from their Connect names `minwon365-<file>`). */
const flowsByName = (template: CfnTemplate): Map<string, [string, Resource]> =>
  new Map(
    Object.entries(resources(template, 'AWS::Connect::ContactFlow')).map(([id, r]) => [
      String(r.Properties.Name).replace(/^minwon365-/, ''),
      [id, r],
    ]),
  );
/** Integration associations by the function they associate (matched by the export name). */
const associationsByFunction = (template: CfnTemplate): Map<string, [string, Resource]> =>
  new Map(
    Object.entries(resources(template, 'AWS::Connect::IntegrationAssociation')).map(([id, r]) => [
      id
        .replace(/^LambdaAssociation/, '')
        .replace(/[A-F0-9]{8}$/, '')
        .toLowerCase(),
      [id, r],
    ]),
  );

describe('ContactCenter stack', () => {
  it('creates a CONNECT_MANAGED instance with inbound and outbound calls, flow logs and Contact Lens', () => {
    assert(dev, 'ContactCenter').hasResourceProperties('AWS::Connect::Instance', {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: 'minwon365-cheongju-dev',
      Attributes: Match.objectLike({
        InboundCalls: true,
        OutboundCalls: true,
        ContactflowLogs: true,
        ContactLens: true,
      }),
    });
  });

  it('opens the configured weekly hours in the city time zone', () => {
    const [, hours] = only(
      resources(templateOf(dev, 'ContactCenter'), 'AWS::Connect::HoursOfOperation'),
      'hours',
    );
    expect(hours.Properties.TimeZone).toBe('Asia/Seoul');
    expect(hours.Properties.Config).toHaveLength(7);
    expect(hours.Properties.Config).toContainEqual({
      Day: 'WEDNESDAY',
      StartTime: { Hours: 8, Minutes: 0 },
      EndTime: { Hours: 20, Minutes: 0 },
    });
    expect(hours.Properties.Config).toContainEqual({
      Day: 'SUNDAY',
      StartTime: { Hours: 9, Minutes: 0 },
      EndTime: { Hours: 18, Minutes: 0 },
    });
  });

  it('deploys the generated holiday overrides of the rolling window, each inside Connect’s 50', () => {
    const [, hours] = only(
      resources(templateOf(dev, 'ContactCenter'), 'AWS::Connect::HoursOfOperation'),
      'hours',
    );
    const overrides = hours.Properties.HoursOfOperationOverrides as Record<string, unknown>[];
    expect(overrides.length).toBeGreaterThan(10);
    expect(overrides.length).toBeLessThanOrEqual(50);
    expect(overrides.every((o) => String(o.EffectiveFrom) <= String(o.EffectiveTill))).toBe(true);
  });

  it('creates a queue named dept-<id> on the main hours for every department', () => {
    const template = templateOf(dev, 'ContactCenter');
    const [hoursId] = only(resources(template, 'AWS::Connect::HoursOfOperation'), 'hours');
    const queues = Object.values(resources(template, 'AWS::Connect::Queue'));
    expect(queues.map((q) => q.Properties.Name).sort()).toEqual(
      config.departments.map((d) => `dept-${d.id}`).sort(),
    );
    for (const queue of queues) {
      expect(queue.Properties.HoursOfOperationArn).toEqual({
        'Fn::GetAtt': [hoursId, 'HoursOfOperationArn'],
      });
      expect(queue.Properties.MaxContacts).toBe(config.connect.departmentQueueMaxContacts);
    }
  });

  it('stores call recordings in a KMS-encrypted, TLS-only, private bucket expiring with the stage retention', () => {
    const template = templateOf(dev, 'ContactCenter');
    const [keyId] = only(resources(template, 'AWS::KMS::Key'), 'key');
    const [bucketId, bucket] = Object.entries(resources(template, 'AWS::S3::Bucket')).find(([, b]) =>
      JSON.stringify(b.Properties.BucketEncryption).includes('aws:kms'),
    ) as [string, Resource];
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
          },
        },
      ],
    });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'call-recordings/' });
    expect(JSON.stringify(bucket.Properties.LifecycleConfiguration)).toContain(
      `"ExpirationInDays":${config.stages.dev?.ticketRetentionDays}`,
    );
    assert(dev, 'ContactCenter').hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    assert(dev, 'ContactCenter').hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'CALL_RECORDINGS',
      StorageType: 'S3',
      S3Config: {
        BucketName: { Ref: bucketId },
        BucketPrefix: Match.anyValue(),
        EncryptionConfig: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      },
    });
  });

  it('streams contact trace records to a KMS-encrypted Kinesis stream', () => {
    const template = templateOf(dev, 'ContactCenter');
    const [keyId] = only(resources(template, 'AWS::KMS::Key'), 'key');
    const [streamId, stream] = only(resources(template, 'AWS::Kinesis::Stream'), 'stream');
    expect(stream.Properties.StreamEncryption).toEqual({
      EncryptionType: 'KMS',
      KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    assert(dev, 'ContactCenter').hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'CONTACT_TRACE_RECORDS',
      StorageType: 'KINESIS_STREAM',
      KinesisStreamConfig: { StreamArn: { 'Fn::GetAtt': [streamId, 'Arn'] } },
    });
  });

  it('retains the instance, key, recordings, stream and queues in prod and not in dev', () => {
    const retained = [
      'AWS::Connect::Instance',
      'AWS::KMS::Key',
      'AWS::S3::Bucket',
      'AWS::Kinesis::Stream',
      'AWS::Connect::Queue',
    ];
    for (const type of retained) {
      const prodResources = Object.values(resources(templateOf(prod, 'ContactCenter'), type));
      expect(prodResources.length, type).toBeGreaterThan(0);
      expect(
        prodResources.every((r) => r.DeletionPolicy === 'Retain'),
        type,
      ).toBe(true);
      const devResources = Object.values(resources(templateOf(dev, 'ContactCenter'), type));
      expect(
        devResources.some((r) => r.DeletionPolicy === 'Retain'),
        type,
      ).toBe(false);
    }
  });
});

describe('ContactFlows stack', () => {
  it('associates with the instance exactly the functions the flows invoke', () => {
    expect(invokedFunctions).toEqual(['escalation', 'intake', 'lookup']);
    const associations = resources(templateOf(dev, 'ContactFlows'), 'AWS::Connect::IntegrationAssociation');
    expect([...associationsByFunction(templateOf(dev, 'ContactFlows')).keys()].sort()).toEqual(
      invokedFunctions,
    );
    for (const association of Object.values(associations)) {
      expect(association.Properties.IntegrationType).toBe('LAMBDA_FUNCTION');
      expect(JSON.stringify(association.Properties.InstanceId)).toContain('InstanceArn');
    }
  });

  it('lets only the instance, in this account, invoke each associated function', () => {
    const template = templateOf(dev, 'ContactFlows');
    const permissions = Object.values(resources(template, 'AWS::Lambda::Permission')).filter(
      (p) => p.Properties.Principal === 'connect.amazonaws.com',
    );
    expect(permissions).toHaveLength(invokedFunctions.length);
    const associated = Object.values(resources(template, 'AWS::Connect::IntegrationAssociation')).map((a) =>
      JSON.stringify(a.Properties.IntegrationArn),
    );
    for (const permission of permissions) {
      expect(permission.Properties.Action).toBe('lambda:InvokeFunction');
      expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(
        /ContactCenter:ExportsOutputFnGetAttInstanceArn/,
      );
      expect(permission.Properties.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
      expect(associated).toContain(JSON.stringify(permission.Properties.FunctionName));
    }
  });

  it('creates every flow file with its catalog flow type', () => {
    const flows = flowsByName(templateOf(dev, 'ContactFlows'));
    expect([...flows.keys()].sort()).toEqual(flowFiles.map((f) => f.name).sort());
    for (const [name, [, flow]] of flows) {
      expect(flow.Properties.Type, name).toBe(FLOW_TYPES[name as FlowName]);
      expect(flow.Properties.State).toBe('ACTIVE');
    }
  });

  it('makes every flow depend on the integration associations of the functions it invokes', () => {
    const template = templateOf(dev, 'ContactFlows');
    const associations = associationsByFunction(template);
    for (const [name, [, flow]] of flowsByName(template)) {
      const needed = functionsOf(name).map((fn) => associations.get(fn)?.[0]);
      expect(flow.DependsOn ?? [], name).toEqual(expect.arrayContaining(needed));
    }
    expect(functionsOf('transfer-to-department')).toEqual(['escalation']);
  });

  it('leaves no placeholder in any flow content and points flow references at the created flows', () => {
    const template = templateOf(dev, 'ContactFlows');
    const flows = flowsByName(template);
    for (const [name, [, flow]] of flows) {
      const literal = JSON.stringify(flow.Properties.Content);
      expect(literal, name).not.toMatch(/\$\{[A-Za-z]+:[^}]*\}/);
    }
    const inbound = JSON.stringify(flows.get('inbound')?.[1].Properties.Content);
    for (const target of ['after-hours', 'customer-queue', 'agent-whisper', 'post-call-survey']) {
      expect(inbound).toContain(JSON.stringify({ 'Fn::GetAtt': [flows.get(target)?.[0], 'ContactFlowArn'] }));
    }
    expect(inbound).toContain('청주시');
  });

  it('sets the entry point from the dialed number in the inbound flow itself, for every entry number of the config', () => {
    const template = templateOf(dev, 'ContactFlows');
    const content = flowsByName(template).get('inbound')?.[1].Properties.Content;
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    for (const entryPoint of config.entryPoints) {
      expect(text).toContain(`entry-point-${entryPoint.id}`);
      expect(text).toContain(entryPoint.number);
    }
    expect(text).not.toContain('${gen:');
  });

  it('produces flow content that the flow linter accepts, every Lambda ARN an associated function', () => {
    const template = templateOf(dev, 'ContactFlows');
    const fakes = new Map<string, string>();
    const lambdaArns: string[] = [];
    for (const [fn, [, association]] of associationsByFunction(template)) {
      const arn = `arn:aws:lambda:ap-northeast-2:111122223333:function:${fn}`;
      fakes.set(JSON.stringify(association.Properties.IntegrationArn), arn);
      lambdaArns.push(arn);
    }
    const render = (part: unknown, index: number): string =>
      typeof part === 'string'
        ? part
        : (fakes.get(JSON.stringify(part)) ??
          `arn:aws:connect:ap-northeast-2:111122223333:instance/i/resource/r${index}`);
    for (const [name, [, flow]] of flowsByName(template)) {
      const content = flow.Properties.Content as string | { 'Fn::Join': [string, unknown[]] };
      const text =
        typeof content === 'string'
          ? content
          : content['Fn::Join'][1].map(render).join(content['Fn::Join'][0]);
      expect(lintSynthesizedFlow(name, text, lambdaArns).map(formatMessage), name).toEqual([]);
    }
  });

  it('gives the counselors a queue on the main hours and a one-voice-call routing profile', () => {
    const template = assert(dev, 'ContactFlows');
    template.hasResourceProperties('AWS::Connect::Queue', {
      Name: 'counselors',
      MaxContacts: config.connect.counselorQueueMaxContacts,
      HoursOfOperationArn: { 'Fn::ImportValue': Match.stringLikeRegexp('HoursOfOperationArn') },
    });
    const [queueId] = only(resources(templateOf(dev, 'ContactFlows'), 'AWS::Connect::Queue'), 'queue');
    template.hasResourceProperties('AWS::Connect::RoutingProfile', {
      MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
      DefaultOutboundQueueArn: { 'Fn::GetAtt': [queueId, 'QueueArn'] },
      QueueConfigs: [
        {
          Priority: 1,
          Delay: 0,
          QueueReference: { Channel: 'VOICE', QueueArn: { 'Fn::GetAtt': [queueId, 'QueueArn'] } },
        },
      ],
    });
  });

  it('has a queue quick connect per department running the transfer flow, and the two abuse-warning quick connects', () => {
    const template = templateOf(dev, 'ContactFlows');
    const flows = flowsByName(template);
    const transfer = { 'Fn::GetAtt': [flows.get('transfer-to-department')?.[0], 'ContactFlowArn'] };
    const quickConnects = Object.values(resources(template, 'AWS::Connect::QuickConnect'));
    expect(quickConnects).toHaveLength(config.departments.length + 2);
    for (const department of config.departments) {
      const quickConnect = quickConnects.find((q) =>
        String(q.Properties.Name).endsWith(`[${department.id}]`),
      );
      expect(quickConnect?.Properties.QuickConnectConfig, department.id).toEqual({
        QuickConnectType: 'QUEUE',
        QueueConfig: {
          ContactFlowArn: transfer,
          QueueArn: {
            'Fn::ImportValue': expect.stringMatching(new RegExp(`DepartmentQueue${department.id}`, 'i')),
          },
        },
      });
    }
    const [counselorQueueId] = only(resources(template, 'AWS::Connect::Queue'), 'queue');
    const abuse = quickConnects.find((q) => String(q.Properties.Name).endsWith('[abuse-warning]'));
    expect(abuse?.Properties.QuickConnectConfig).toEqual({
      QuickConnectType: 'QUEUE',
      QueueConfig: {
        ContactFlowArn: { 'Fn::GetAtt': [flows.get('abuse-warning')?.[0], 'ContactFlowArn'] },
        QueueArn: { 'Fn::GetAtt': [counselorQueueId, 'QueueArn'] },
      },
    });
    const end = quickConnects.find((q) => String(q.Properties.Name).endsWith('[abuse-warning-end]'));
    expect(end?.Properties.QuickConnectConfig).toMatchObject({
      QuickConnectType: 'QUEUE',
      QueueConfig: {
        ContactFlowArn: { 'Fn::GetAtt': [flows.get('abuse-warning-end')?.[0], 'ContactFlowArn'] },
      },
    });
  });

  it('gives every queue that calls citizens the stage caller ID: the ported unified number in prod', () => {
    const unified = config.entryPoints.find((e) => e.id === 'unified')?.provisioning.prod;
    const arn = unified?.type === 'existing' ? unified.phoneNumberArn : '';
    const callerConfig = { OutboundCallerIdNumberArn: arn, OutboundCallerIdName: '청주시 365 민원콜센터' };
    const queues = [
      ...Object.values(resources(templateOf(prod, 'ContactCenter'), 'AWS::Connect::Queue')),
      ...Object.values(resources(templateOf(prod, 'ContactFlows'), 'AWS::Connect::Queue')),
    ];
    expect(queues).toHaveLength(config.departments.length + 1);
    for (const queue of queues)
      expect(queue.Properties.OutboundCallerConfig, String(queue.Properties.Name)).toEqual(callerConfig);
  });

  it('sets no caller ID in dev, whose only number is a US toll-free one that cannot call Korea', () => {
    const queues = [
      ...Object.values(resources(templateOf(dev, 'ContactCenter'), 'AWS::Connect::Queue')),
      ...Object.values(resources(templateOf(dev, 'ContactFlows'), 'AWS::Connect::Queue')),
    ];
    for (const queue of queues) expect(queue.Properties.OutboundCallerConfig).toBeUndefined();
  });

  it('lists all quick connects on the counselor queue through one custom resource', () => {
    const template = templateOf(dev, 'ContactFlows');
    const [, resource] = only(
      Object.fromEntries(
        Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === QUEUE_QUICK_CONNECTS_TYPE),
      ),
      'queue quick connects resource',
    );
    const create = JSON.stringify(resource.Properties?.Create);
    for (const id of Object.keys(resources(template, 'AWS::Connect::QuickConnect'))) {
      expect(create).toContain(`"${id}","QuickConnectArn"`);
    }
    expect(create).toContain('associateQueueQuickConnects');
  });

  it('claims the unified number in dev (US toll-free) in the ContactCenter stack and associates it with the inbound flow', () => {
    const center = templateOf(dev, 'ContactCenter');
    const [, number] = only(resources(center, 'AWS::Connect::PhoneNumber'), 'claimed number');
    expect(number.Properties).toMatchObject({
      CountryCode: 'US',
      Type: 'TOLL_FREE',
      TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^Instance/), 'Arn'] },
    });
    const template = templateOf(dev, 'ContactFlows');
    expect(resources(template, 'AWS::Connect::PhoneNumber')).toEqual({});
    const inboundId = flowsByName(template).get('inbound')?.[0];
    const associations = Object.values(template.Resources ?? {}).filter(
      (r) => r.Type === PHONE_ASSOCIATION_TYPE,
    );
    expect(associations).toHaveLength(1);
    expect(associations[0]?.Properties).toMatchObject({
      PhoneNumberId: { 'Fn::ImportValue': expect.stringMatching(/PhoneNumberunified/i) },
      ContactFlowId: { 'Fn::GetAtt': [inboundId, 'ContactFlowArn'] },
    });
  });

  it('associates one custom resource per provisioned number: all seven ported numbers in prod', () => {
    const template = templateOf(prod, 'ContactFlows');
    const associations = Object.values(template.Resources ?? {}).filter(
      (r) => r.Type === PHONE_ASSOCIATION_TYPE,
    );
    const expected = config.entryPoints.flatMap((e) => {
      const p = e.provisioning.prod;
      return p?.type === 'existing' ? [p.phoneNumberArn] : [];
    });
    expect(associations.map((a) => a.Properties?.PhoneNumberId).sort()).toEqual(expected.sort());
    expect(resources(template, 'AWS::Connect::PhoneNumber')).toEqual({});
  });

  it('lets the association handler only (dis)associate numbers with the inbound flow', () => {
    const template = templateOf(dev, 'ContactFlows');
    const inboundId = flowsByName(template).get('inbound')?.[0];
    const policies = Object.entries(resources(template, 'AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('PhoneNumberAssociationsOnEvent'),
    );
    const [, policy] = only(Object.fromEntries(policies), 'onEvent policy');
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    const connectStatements = statements.filter((s) => String(s.Action).startsWith('connect:'));
    expect(connectStatements.map((s) => s.Action).sort()).toEqual([
      'connect:AssociatePhoneNumberContactFlow',
      'connect:DisassociatePhoneNumberContactFlow',
    ]);
    const associate = connectStatements.find((s) => s.Action === 'connect:AssociatePhoneNumberContactFlow');
    expect(associate?.Resource).toContainEqual({ 'Fn::GetAtt': [inboundId, 'ContactFlowArn'] });
  });
});

describe('contact flow creation order', () => {
  const file = (name: string, ...refs: string[]) => ({
    name,
    path: `${name}.json`,
    content: JSON.stringify({ refs: refs.map((r) => `\${flow:${r}}`) }),
  });

  it('creates a flow after every flow it refers to', () => {
    const order = flowCreationOrder([
      file('inbound', 'after-hours', 'queue'),
      file('queue'),
      file('after-hours', 'queue'),
    ]);
    expect(order.map((f) => f.name)).toEqual(['queue', 'after-hours', 'inbound']);
    const shipped = flowCreationOrder(flowFiles).map((f) => f.name);
    expect(shipped.indexOf('customer-queue')).toBeLessThan(shipped.indexOf('transfer-to-department'));
    expect(shipped.indexOf('after-hours')).toBeLessThan(shipped.indexOf('inbound'));
  });

  it('fails naming the cycle when flows refer to each other', () => {
    const attempt = () => flowCreationOrder([file('a', 'b'), file('b', 'c'), file('c', 'a')]);
    expect(attempt).toThrow(FlowCycleError);
    expect(attempt).toThrow('contact flows refer to each other in a cycle: a → b → c → a');
  });
});

describe('ContactFlows stack construction', () => {
  const stubStacks = (flowsDir: string) => {
    const app = new App({ builtinCloudFormationValidation: false });
    const center = new ContactCenterStack(app, 'Center', existingCenterProps(config));
    const fnStack = new Stack(app, 'Fns');
    const fn = (name: string) =>
      LambdaFunction.fromFunctionArn(
        fnStack,
        name,
        `arn:aws:lambda:ap-northeast-2:111122223333:function:${name}`,
      );
    return () =>
      new ContactFlowsStack(app, 'Flows', {
        contactCenter: center,
        functions: { lookup: fn('lookup'), intake: fn('intake'), escalation: fn('escalation') },
        departments: config.departments,
        entryPoints: config.entryPoints,
        cityTexts: { ko: '청주시', hoursKo: '평일' },
        counselorQueueMaxContacts: 5,
        flowsDir,
        logRetention: RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      });
  };

  it('fails synth naming the file and the unknown placeholder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minwon365-flows-'));
    writeFileSync(join(dir, 'inbound.json'), JSON.stringify({ Actions: [{ QueueId: '${queue:nobody}' }] }));
    const error = (() => {
      try {
        stubStacks(dir)();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnknownPlaceholderError);
    expect((error as Error).message).toBe('contact-flows/inbound.json: unknown placeholder ${queue:nobody}');
  });

  it('leaves the storage of an existing instance alone unless asked to manage it', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const center = new ContactCenterStack(app, 'Center', existingCenterProps(config));
    const template = Template.fromStack(center);
    template.resourceCountIs('AWS::Connect::Instance', 0);
    template.resourceCountIs('AWS::Connect::InstanceStorageConfig', 0);
    expect(center.instanceId).toBe('abc');
    template.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      InstanceArn: 'arn:aws:connect:ap-northeast-2:111122223333:instance/abc',
    });
  });
});

describe('connect config', () => {
  const base = (): CityConfigInput => structuredClone(cheongju) as CityConfigInput;
  const issuesOf = (input: unknown): string[] => {
    try {
      parseCityConfig(input, 'test');
    } catch (error) {
      if (error instanceof CityConfigError) return error.issues;
      throw error;
    }
    throw new Error('config was accepted');
  };

  it('requires a Connect instance for every stage', () => {
    const config = base();
    delete config.connect.instance.prod;
    expect(issuesOf(config)).toContain('connect.instance: no Connect instance for stage "prod"');
  });

  it('rejects an existing instance in another region than its stage', () => {
    const config = base();
    config.connect.instance.prod = {
      type: 'existing',
      arn: 'arn:aws:connect:us-east-1:111122223333:instance/0000-1111',
    };
    expect(issuesOf(config)).toContain(
      'connect.instance.prod.arn: instance is in us-east-1, but stage "prod" deploys to ap-northeast-2',
    );
  });

  it('rejects an instance alias Connect would refuse', () => {
    const config = base();
    config.connect.instance.dev = { type: 'create', alias: 'd-minwon' };
    expect(issuesOf(config)).toContain(
      'connect.instance.dev.alias: must be letters, digits and dashes, not starting with "d-" nor ending with "-"',
    );
  });

  it('refuses a toll-free caller ID: Connect does not place international calls from toll-free numbers', () => {
    const config = base();
    config.connect.outboundCallerId = { dev: 'unified', prod: 'unified' };
    expect(issuesOf(config)).toContain(
      'connect.outboundCallerId.dev: entry point "unified" is a toll-free number in stage "dev": Amazon Connect does not support toll-free numbers for international calling, so it cannot call Korean numbers back (https://docs.aws.amazon.com/connect/latest/adminguide/outbound-calling-restrictions.html)',
    );
  });

  it('requires a caller ID for every stage, and a real one for a stage that retains its resources', () => {
    const missing = base();
    missing.connect.outboundCallerId = { dev: null };
    expect(issuesOf(missing)).toContain(
      'connect.outboundCallerId.prod: no outbound caller ID for stage "prod": name an entry point whose number can dial Korean numbers, or null',
    );
    const none = base();
    none.connect.outboundCallerId = { dev: null, prod: null };
    expect(issuesOf(none)).toContain(
      'connect.outboundCallerId.prod: stage "prod" retains its resources: it needs an outbound caller ID that can call citizens back',
    );
    const unprovisioned = base();
    unprovisioned.connect.outboundCallerId = { dev: 'cityhall', prod: 'unified' };
    expect(issuesOf(unprovisioned)).toContain(
      'connect.outboundCallerId.dev: entry point "cityhall" has no number in stage "dev"',
    );
  });

  it('derives each holiday override weekday from its date', () => {
    expect(weekdayOf('2027-03-01')).toBe('MONDAY');
    expect(weekdayOf('2027-10-03')).toBe('SUNDAY');
    const [override] = connectOverrides([
      {
        date: '2027-12-27',
        nameKo: '대체공휴일(기독탄신일)',
        substituteFor: '기독탄신일',
        hours: { start: '10:30', end: '15:00' },
        source: 'gazette',
        provisional: false,
      },
    ]);
    expect(override).toEqual({
      overrideName: '2027-12-27 대체공휴일(기독탄신일)',
      overrideDescription: '2027-12-27 대체공휴일(기독탄신일) 10:30–15:00 (gazette)',
      effectiveFrom: '2027-12-27',
      effectiveTill: '2027-12-27',
      overrideConfig: [
        { day: 'MONDAY', startTime: { hours: 10, minutes: 30 }, endTime: { hours: 15, minutes: 0 } },
      ],
    });
  });
});

describe('sample numbers', () => {
  it('refuses to synthesize a stage that retains its resources with sample numbers, naming each one', async () => {
    const error = await buildApp({
      stage: 'prod',
      outdir: mkdtempSync(join(tmpdir(), 'minwon365-prod-')),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SampleNumbersError);
    const message = (error as Error).message;
    expect(message).toContain('Stage "prod" retains its resources');
    expect(message).toContain('entryPoints[1] (cityhall): number +82432012114 is a sample');
    expect(message).toContain('entryPoints[0].provisioning.prod (unified): phoneNumberArn');
    expect(message).toContain(
      'departments[8].transfer (water): external transfer number +82432013300 is a sample',
    );
    expect(message).toContain('-c allowSampleNumbers=true');
    expect(sampleNumbersOf(config, 'prod').length).toBeGreaterThan(7);
  });

  it('synthesizes it anyway for a dry run with allowSampleNumbers (the -c context flag)', async () => {
    const built = await buildApp({
      stage: 'prod',
      allowSampleNumbers: true,
      outdir: mkdtempSync(join(tmpdir(), 'minwon365-prod-')),
    });
    expect(built.stageName).toBe('prod');
  });

  it('never blocks a stage that destroys its resources', () => {
    expect(sampleNumbersOf(config, 'dev').length).toBeGreaterThan(0);
    expect(() => assertNoSampleNumbers(config, 'dev', false)).not.toThrow();
  });
});
