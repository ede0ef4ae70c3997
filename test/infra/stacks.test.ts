import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCached } from '#infra/build-app';

let dev: Record<string, Template>;
let prod: Record<string, Template>;

const templatesOf = async (stage: string) => {
  const result = await synthCached({ stage });
  return Object.fromEntries(
    Object.entries(result.templates).map(([name, t]) => [name, Template.fromJSON(t)]),
  );
};

beforeAll(async () => {
  [dev, prod] = await Promise.all([templatesOf('dev'), templatesOf('prod')]);
});

const stack = (templates: Record<string, Template>, name: string): Template => {
  const template = templates[name];
  if (!template) throw new Error(`no stack ${name} in ${Object.keys(templates).join(', ')}`);
  return template;
};
const devData = () => stack(dev, 'Minwon365-cheongju-dev-Data');
const devMessaging = () => stack(dev, 'Minwon365-cheongju-dev-Messaging');
const prodData = () => stack(prod, 'Minwon365-cheongju-prod-Data');
const prodMessaging = () => stack(prod, 'Minwon365-cheongju-prod-Messaging');

const tableWithKey = (template: Template, key: string, extra: Record<string, unknown> = {}) =>
  template.findResources('AWS::DynamoDB::Table', {
    Properties: { KeySchema: [{ AttributeName: key, KeyType: 'HASH' }], ...extra },
  });

describe('stack names', () => {
  it('carry the city and the stage', () => {
    expect(Object.keys(dev).sort()).toEqual([
      'Minwon365-cheongju-dev-Api',
      'Minwon365-cheongju-dev-ContactCenter',
      'Minwon365-cheongju-dev-ContactFlows',
      'Minwon365-cheongju-dev-Data',
      'Minwon365-cheongju-dev-Functions',
      'Minwon365-cheongju-dev-Messaging',
      'Minwon365-cheongju-dev-Web',
    ]);
    expect(Object.keys(prod).sort()).toEqual([
      'Minwon365-cheongju-prod-Api',
      'Minwon365-cheongju-prod-ContactCenter',
      'Minwon365-cheongju-prod-ContactFlows',
      'Minwon365-cheongju-prod-Data',
      'Minwon365-cheongju-prod-Functions',
      'Minwon365-cheongju-prod-Messaging',
      'Minwon365-cheongju-prod-Web',
    ]);
  });
});

describe('data stack', () => {
  it('has a customer-managed KMS key with rotation', () => {
    devData().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('encrypts every table with the stack CMK, bills on demand and enables PITR', () => {
    const tables = Object.values(devData().findResources('AWS::DynamoDB::Table'));
    // Tickets, Counters, KnowledgeBase, KbEntries, KbSearchLog, Idempotency, Contacts, DepartmentInbox.
    expect(tables).toHaveLength(8);
    const keyId = Object.keys(devData().findResources('AWS::KMS::Key'))[0];
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('keys tickets by ticket number with a new-and-old-image stream and TTL on expiresAt', () => {
    const tickets = tableWithKey(devData(), 'ticketNumber', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(Object.keys(tickets)).toHaveLength(1);
  });

  it('indexes tickets by caller hash, by department status (createdAt) and by department status and due time', () => {
    const [tickets] = Object.values(tableWithKey(devData(), 'ticketNumber'));
    expect(tickets?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byCaller',
        KeySchema: [
          { AttributeName: 'callerHash', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'byDepartmentStatus',
        KeySchema: [
          { AttributeName: 'departmentStatus', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'byDepartmentStatusDue',
        KeySchema: [
          { AttributeName: 'departmentStatus', KeyType: 'HASH' },
          { AttributeName: 'dueAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(tickets?.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'callerHash', AttributeType: 'S' },
        { AttributeName: 'departmentStatus', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ]),
    );
  });

  it('has counters, knowledge-base and idempotency tables with their contract keys', () => {
    expect(Object.keys(tableWithKey(devData(), 'counter'))).toHaveLength(1);
    const idempotency = tableWithKey(devData(), 'id', {
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
    expect(Object.keys(idempotency)).toHaveLength(1);
    expect(Object.keys(tableWithKey(devData(), 'id'))).toHaveLength(2);
  });

  it('keeps the caller-hash key in a generated secret encrypted with the CMK', () => {
    const keyId = Object.keys(devData().findResources('AWS::KMS::Key'))[0];
    devData().hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });

  it('retains tables, key and secret with deletion protection in prod', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret']) {
      for (const resource of Object.values(prodData().findResources(type))) {
        expect(resource.DeletionPolicy, type).toBe('Retain');
        expect(resource.UpdateReplacePolicy, type).toBe('Retain');
      }
    }
    for (const table of Object.values(prodData().findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('destroys tables, key and secret in dev', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret']) {
      for (const resource of Object.values(devData().findResources(type))) {
        expect(resource.DeletionPolicy, type).toBe('Delete');
      }
    }
  });
});

describe('messaging stack', () => {
  const DEPARTMENTS = 12;

  const queues = (template: Template) => template.findResources('AWS::SQS::Queue');
  const deadLetterQueueIds = (template: Template) =>
    Object.entries(queues(template))
      .filter(([, q]) => q.Properties.RedrivePolicy === undefined)
      .map(([id]) => id);

  it('creates one queue and one dead-letter queue per department', () => {
    expect(Object.keys(queues(devMessaging()))).toHaveLength(DEPARTMENTS * 2);
    expect(deadLetterQueueIds(devMessaging())).toHaveLength(DEPARTMENTS);
  });

  it('redrives each department queue to its own DLQ after 5 receives', () => {
    const redriven = Object.values(queues(devMessaging())).filter((q) => q.Properties.RedrivePolicy);
    const targets = redriven.map((q) => {
      expect(q.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      return q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    });
    expect(new Set(targets).size).toBe(DEPARTMENTS);
    expect(targets.sort()).toEqual(deadLetterQueueIds(devMessaging()).sort());
  });

  it('keeps dead letters for 14 days', () => {
    for (const id of deadLetterQueueIds(devMessaging())) {
      expect(queues(devMessaging())[id]?.Properties.MessageRetentionPeriod).toBe(1_209_600);
    }
  });

  it('encrypts every queue with the messaging CMK', () => {
    const keyId = Object.keys(devMessaging().findResources('AWS::KMS::Key'))[0];
    for (const queue of Object.values(queues(devMessaging()))) {
      expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
  });

  it('denies non-TLS access to every queue', () => {
    const policies = Object.values(devMessaging().findResources('AWS::SQS::QueuePolicy'));
    const covered = policies.flatMap((policy) => {
      const denies = policy.Properties.PolicyDocument.Statement.some(
        (s: { Effect: string; Condition?: unknown }) =>
          s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      );
      return denies ? policy.Properties.Queues.map((q: { Ref: string }) => q.Ref) : [];
    });
    expect(covered.sort()).toEqual(Object.keys(queues(devMessaging())).sort());
  });

  it('alarms on visible messages in each DLQ and notifies the alarm topic', () => {
    const topicId = Object.keys(devMessaging().findResources('AWS::SNS::Topic'))[0];
    const alarms = Object.values(devMessaging().findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(DEPARTMENTS);
    const watched = alarms.map((alarm) => {
      expect(alarm.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
      return alarm.Properties.Dimensions[0].Value['Fn::GetAtt'][0];
    });
    expect(watched.sort()).toEqual(deadLetterQueueIds(devMessaging()).sort());
  });

  it('encrypts the alarm topic, enforces TLS on it and e-mails the stage address', () => {
    const keyId = Object.keys(devMessaging().findResources('AWS::KMS::Key'))[0];
    devMessaging().hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    devMessaging().hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    devMessaging().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'minwon365-dev-alarms@example.com',
    });
    prodMessaging().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'minwon365-alarms@example.com',
    });
  });

  it('lets CloudWatch use the messaging key to publish alarms', () => {
    devMessaging().hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('retains queues and the key in prod and destroys them in dev', () => {
    for (const type of ['AWS::SQS::Queue', 'AWS::KMS::Key']) {
      for (const resource of Object.values(prodMessaging().findResources(type))) {
        expect(resource.DeletionPolicy, type).toBe('Retain');
      }
      for (const resource of Object.values(devMessaging().findResources(type))) {
        expect(resource.DeletionPolicy, type).toBe('Delete');
      }
    }
  });
});
