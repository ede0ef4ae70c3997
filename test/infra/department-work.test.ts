import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCached } from '#infra/build-app';

let data: Template;
let messaging: Template;
let functions: Template;
let prodFunctions: Template;

const templateOf = async (stage: string, concern: string) => {
  const { templates } = await synthCached({ stage });
  const template = templates[`Minwon365-cheongju-${stage}-${concern}`];
  if (!template) throw new Error(`no ${concern} stack for ${stage}`);
  return Template.fromJSON(template);
};

beforeAll(async () => {
  [data, messaging, functions, prodFunctions] = await Promise.all([
    templateOf('dev', 'Data'),
    templateOf('dev', 'Messaging'),
    templateOf('dev', 'Functions'),
    templateOf('prod', 'Functions'),
  ]);
});

const functionEnv = (template: Template, prefix: string): Record<string, string> => {
  const [, fn] =
    Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix)) ??
    [];
  if (!fn) throw new Error(`no function ${prefix}`);
  return (fn.Properties as { Environment: { Variables: Record<string, string> } }).Environment.Variables;
};

describe('department work infrastructure', () => {
  it('keeps department inboxes in a KMS-encrypted table keyed by department and entry, with a TTL', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'departmentId', KeyType: 'HASH' },
        { AttributeName: 'entryKey', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
    });
  });

  it('indexes tickets by department status and due time', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byDepartmentStatusDue',
          KeySchema: [
            { AttributeName: 'departmentStatus', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('feeds every desk department’s queue to the inbox consumer with partial batch responses', () => {
    const mappings = Object.values(functions.findResources('AWS::Lambda::EventSourceMapping')).filter((m) =>
      JSON.stringify(m.Properties?.FunctionName).includes('InboxConsumer'),
    );
    expect(mappings).toHaveLength(12);
    for (const mapping of mappings)
      expect(mapping.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
      });
  });

  it('runs the SLA check on an EventBridge Scheduler schedule with retries and a dead-letter queue', () => {
    functions.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
      }),
    });
    expect(functionEnv(functions, 'SlaCheck')).toMatchObject({ SLA_WARN_HOURS: '24' });
  });

  it('alarms on newly overdue tickets (the SLA check’s EMF metric)', () => {
    functions.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Minwon365',
      MetricName: 'TicketsOverdue',
      Dimensions: [{ Name: 'service', Value: 'minwon365' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('gives managers an encrypted SLA topic', () => {
    messaging.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'minwon365 overdue tickets',
      KmsMasterKeyId: Match.anyValue(),
    });
  });

  it('texts citizens only from prod, from the configured identity, on MODIFY records only', () => {
    expect(functionEnv(functions, 'CitizenNotifier')).toMatchObject({ SMS_MODE: 'off' });
    expect(functionEnv(prodFunctions, 'CitizenNotifier')).toMatchObject({
      SMS_MODE: 'send',
      SMS_ORIGINATION_IDENTITY: expect.stringMatching(/^arn:aws:sms-voice:/),
    });
    prodFunctions.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['MODIFY'] }) }] },
    });
    const sendsSms = (template: Template) =>
      JSON.stringify(template.findResources('AWS::IAM::Policy')).includes('sms-voice:SendTextMessage');
    expect(sendsSms(functions)).toBe(false);
    expect(sendsSms(prodFunctions)).toBe(true);
  });
});
