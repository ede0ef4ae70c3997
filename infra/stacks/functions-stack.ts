import { Duration, type RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfig } from '#infra/config/schema';
import { ProjectFunction } from '#infra/constructs/project-function';
import { COUNSELOR_QUEUE_NAME } from '#infra/stacks/contact-flows-stack';
import type { DataStack } from '#infra/stacks/data-stack';
import type { MessagingStack } from '#infra/stacks/messaging-stack';

/** What the escalation function needs of the contact center (ContactCenter stack). */
export interface ContactCenterTargets {
  readonly instanceArn: string;
  readonly instanceId: string;
  /** departmentId → Connect queue ARN, for the department queues that agents staff. */
  readonly departmentQueueArns: ReadonlyMap<string, string>;
  /**
   * The instance storage (ContactCenter stack). The contact-trace-record consumer exists only when
   * the stream is registered as the instance's CTR storage (`contactTraceRecordsConfig`): otherwise
   * nothing writes to the stream.
   */
  readonly storage?: {
    readonly contactTraceRecords: IStream;
    readonly contactTraceRecordsConfig?: unknown;
  };
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
  /** Contact trace records → Contacts table; absent when the stack does not manage the CTR storage. */
  readonly ctrConsumer?: ProjectFunction['function'];

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
        // Folder under functions/: `CtrConsumer` → `ctr-consumer`.
        name: name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(),
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

    // Stream consumers: bisect-on-error, bounded retries, batch item failures, and a KMS-encrypted
    // failure queue with an alarm.
    const failureQueue = (id: string, alarmDescription: string): SqsDlq => {
      const queue = new Queue(this, id, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: messaging.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy,
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a stream event source’s on-failure destination (a DLQ).',
      });
      new Alarm(this, `${id}Alarm`, {
        alarmDescription,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(messaging.alarmTopic));
      return new SqsDlq(queue);
    };
    const streamSettings = {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(24),
      reportBatchItemFailures: true,
    } as const;
    // The on-failure grant is CDK's standard one for a queue encrypted with the messaging key.
    const acknowledgeQueueKeyGrant = (f: IFunction) => {
      if (!f.role) return;
      const reason =
        'CDK’s standard grant for SQS queues encrypted with the project’s own messaging key; the statement ' +
        'names that one key.';
      Validations.of(f.role).acknowledge(
        { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
        { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
      );
    };

    // Dispatcher: the tickets stream → department queues.
    this.dispatcher.addEventSource(
      new DynamoEventSource(data.tickets, {
        ...streamSettings,
        onFailure: failureQueue(
          'DispatcherFailures',
          'Ticket changes that could not be dispatched to a department queue',
        ),
      }),
    );
    for (const queue of messaging.departmentQueues.values()) queue.grantSendMessages(this.dispatcher);
    acknowledgeQueueKeyGrant(this.dispatcher);

    // CTR consumer: the contact center's contact-trace-record stream → the Contacts table's call
    // fields. Only when the stream is the instance's CTR storage (else nothing writes to it).
    const ctrStream = connect?.storage?.contactTraceRecordsConfig
      ? connect.storage.contactTraceRecords
      : undefined;
    if (ctrStream) {
      const consumer = fn(
        'CtrConsumer',
        'Contact trace records → the Contacts table (calls, answered, abandoned, entry points)',
        {
          CONTACTS_TABLE: data.contacts.tableName,
          COUNTERS_TABLE: data.counters.tableName,
          CONTACT_RETENTION_DAYS: String(props.ticketRetentionDays),
          COUNSELOR_QUEUE_NAME,
        },
        30,
      );
      this.ctrConsumer = consumer;
      consumer.addEventSource(
        new KinesisEventSource(ctrStream, {
          ...streamSettings,
          batchSize: 100,
          onFailure: failureQueue(
            'CtrConsumerFailures',
            'Contact trace records that could not be written to the Contacts table',
          ),
        }),
      );
      // The event source grants the stream read (and kms:Decrypt on the stream's key); the table
      // statements are explicit, like the other functions'.
      allow(consumer, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [data.contacts.tableArn]);
      // The day's counters (stats#<day> items) move in the same transaction as the record.
      allow(consumer, ['dynamodb:UpdateItem'], [data.counters.tableArn]);
      allow(consumer, keyUse, [data.key.keyArn]);
      acknowledgeQueueKeyGrant(consumer);
    }
  }
}
