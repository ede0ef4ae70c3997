import { Duration, type RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfig } from '#infra/config/schema';
import { ProjectFunction } from '#infra/constructs/project-function';
import type { DataStack } from '#infra/stacks/data-stack';
import type { MessagingStack } from '#infra/stacks/messaging-stack';

/** What the escalation function needs of the contact center (ContactCenter stack). */
export interface ContactCenterTargets {
  readonly instanceArn: string;
  readonly instanceId: string;
  /** departmentId → Connect queue ARN, for the department queues that agents staff. */
  readonly departmentQueueArns: ReadonlyMap<string, string>;
}

export interface FunctionsStackProps extends StackProps {
  readonly config: CityConfig;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  /** Absent when the app is built without a contact center: escalation then always offers call-back. */
  readonly contactCenter?: ContactCenterTargets;
  readonly logRetention: RetentionDays;
  readonly ticketRetentionDays: number;
  readonly removalPolicy: RemovalPolicy;
}

/** The call-handling Lambdas: lookup, intake, escalation (flows and desk) and the ticket dispatcher. */
export class FunctionsStack extends Stack {
  readonly lookup: ProjectFunction['function'];
  readonly intake: ProjectFunction['function'];
  readonly escalation: ProjectFunction['function'];
  readonly dispatcher: ProjectFunction['function'];

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const { data, messaging, logRetention, removalPolicy } = props;

    const common = {
      CITY_CONFIG: JSON.stringify(toRuntimeConfig(props.config)),
      TICKETS_TABLE: data.tickets.tableName,
      COUNTERS_TABLE: data.counters.tableName,
      IDEMPOTENCY_TABLE: data.idempotency.tableName,
      CALLER_HASH_SECRET_ARN: data.callerHashSecret.secretArn,
      TICKET_RETENTION_DAYS: String(props.ticketRetentionDays),
    };
    const fn = (name: string, description: string, environment: Record<string, string>, timeoutSeconds = 6) =>
      new ProjectFunction(this, name, {
        name: name.toLowerCase(),
        description,
        environment: { ...common, ...environment },
        timeout: Duration.seconds(timeoutSeconds),
        logRetention,
        removalPolicy,
      }).function;

    this.lookup = fn('Lookup', 'Caller context, ticket status and 상담DB search for flows and the desk', {
      KB_TABLE: data.knowledgeBase.tableName,
    });
    this.intake = fn(
      'Intake',
      'Creates tickets from flows and the counselor desk (idempotent per contact)',
      {},
    );

    const connect = props.contactCenter;
    this.escalation = fn(
      'Escalation',
      'Routes deep questions: transfer to a department or a call-back ticket',
      {
        CONNECT_INSTANCE_ID: connect?.instanceId ?? '',
        CONNECT_DEPARTMENT_QUEUES: JSON.stringify(Object.fromEntries(connect?.departmentQueueArns ?? [])),
      },
    );

    const departmentQueueUrls = Object.fromEntries(
      [...messaging.departmentQueues].map(([departmentId, queue]) => [departmentId, queue.queueUrl]),
    );
    this.dispatcher = fn(
      'Dispatcher',
      'Tickets stream → the owning department’s SQS queue',
      { DEPARTMENT_QUEUES: JSON.stringify(departmentQueueUrls) },
      30,
    );

    // Flow-facing functions read and write tickets; the caller-hash key is read once per cold start.
    // Granted on the functions' side: Secret.grantRead would write the roles into the Data stack's
    // key policy, making Data depend on Functions (a cycle). The key policy trusts the account's IAM.
    for (const f of [this.lookup, this.intake, this.escalation]) {
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [data.callerHashSecret.secretArn],
        }),
      );
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [data.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
        }),
      );
    }
    // Explicit least-privilege statements: the tables' grant helpers would add index/* and KMS
    // action wildcards.
    const allow = (f: IFunction, actions: string[], resources: string[]) =>
      f.addToRolePolicy(new PolicyStatement({ actions, resources }));
    const tickets = data.tickets.tableArn;
    const byCaller = `${tickets}/index/byCaller`;
    const keyUse = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
    allow(this.lookup, ['dynamodb:GetItem', 'dynamodb:Query'], [tickets, byCaller]);
    allow(this.lookup, ['dynamodb:GetItem', 'dynamodb:Scan'], [data.knowledgeBase.tableArn]);
    allow(this.lookup, ['kms:Decrypt', 'kms:DescribeKey'], [data.key.keyArn]);
    for (const f of [this.intake, this.escalation]) {
      allow(f, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [tickets]);
      allow(f, ['dynamodb:UpdateItem'], [data.counters.tableArn]);
      allow(
        f,
        ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        [data.idempotency.tableArn],
      );
      allow(f, keyUse, [data.key.keyArn]);
    }
    if (connect) {
      this.escalation.addToRolePolicy(
        new PolicyStatement({
          actions: ['connect:GetCurrentMetricData'],
          resources: [connect.instanceArn, ...connect.departmentQueueArns.values()],
        }),
      );
    }

    // Dispatcher: the tickets stream with bisect-on-error, bounded retries and a failure queue.
    const failures = new Queue(this, 'DispatcherFailures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: messaging.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dispatcher stream’s on-failure destination (a DLQ).',
    });
    new Alarm(this, 'DispatcherFailuresAlarm', {
      alarmDescription: 'Ticket changes that could not be dispatched to a department queue',
      metric: failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(messaging.alarmTopic));

    this.dispatcher.addEventSource(
      new DynamoEventSource(data.tickets, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(failures),
      }),
    );
    for (const queue of messaging.departmentQueues.values()) queue.grantSendMessages(this.dispatcher);
    const dispatcherRole = this.dispatcher.role;
    if (dispatcherRole) {
      const reason =
        'CDK’s standard grant for SQS queues encrypted with the project’s own messaging key; the statement ' +
        'names that one key.';
      Validations.of(dispatcherRole).acknowledge(
        { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
        { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
      );
    }
  }
}
