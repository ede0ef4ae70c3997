import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Fn, type RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import {
  DynamoEventSource,
  KinesisEventSource,
  SqsDlq,
  SqsEventSource,
} from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfig } from '#infra/config/schema';
import { ProjectFunction } from '#infra/constructs/project-function';
import { ScheduledInvoke } from '#infra/constructs/scheduled-invoke';
import { flowInvocationLimits } from '#infra/flow-limits';
import { COUNSELOR_QUEUE_NAME } from '#infra/stacks/contact-flows-stack';
import type { DataStack } from '#infra/stacks/data-stack';
import type { MessagingStack } from '#infra/stacks/messaging-stack';

const FLOWS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'contact-flows');

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
  /** Chooses the stage's SMS mode (`config.sms.modes`). */
  readonly stageName?: string;
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
  /** Folds the 상담DB's published changes into a new index snapshot, on a schedule. */
  readonly kbIndexer: ProjectFunction['function'];
  /** Contact trace records → Contacts table; absent when the stack does not manage the CTR storage. */
  readonly ctrConsumer?: ProjectFunction['function'];
  /** Department queues (desk-read departments) → DepartmentInbox table. */
  readonly inboxConsumer: ProjectFunction['function'];
  /** Scheduled SLA job: overdue and due-soon notices, metrics. */
  readonly slaCheck: ProjectFunction['function'];
  /** Tickets stream → citizen SMS; absent when the city config has no `sms`. */
  readonly citizenNotifier?: ProjectFunction['function'];
  /** Fires when a run of the SLA job finds newly overdue tickets. */
  readonly overdueAlarm: Alarm;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const { data, messaging, logRetention, removalPolicy } = props;

    // The runtime slice of the city config is compiled into every bundle (its JSON alone is over
    // half of Lambda's 4 KB of environment variables: ProjectFunction `buildConstants`).
    const buildConstants = { CITY_CONFIG: JSON.stringify(toRuntimeConfig(props.config)) };
    const common = {
      TICKETS_TABLE: data.tickets.tableName,
      COUNTERS_TABLE: data.counters.tableName,
      IDEMPOTENCY_TABLE: data.idempotency.tableName,
      CALLER_HASH_SECRET_ARN: data.callerHashSecret.secretArn,
      TICKET_RETENTION_DAYS: String(props.ticketRetentionDays),
    };
    // Functions that contact flows invoke: the Lambda timeout and the time budget the handler keeps
    // to (FLOW_TIME_LIMIT_SECONDS, functions/commons/aws/time-budget.ts) are the tightest
    // InvocationTimeLimitSeconds of the blocks invoking them, read from the flow files themselves.
    const flowLimits = flowInvocationLimits(FLOWS_DIR);
    const fn = (
      name: string,
      description: string,
      environment: Record<string, string>,
      timeoutSeconds = 30,
    ) => {
      // Folder under functions/: `CtrConsumer` → `ctr-consumer`.
      const folder = name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      const flowLimit = flowLimits.get(folder)?.minSeconds;
      return new ProjectFunction(this, name, {
        name: folder,
        description,
        buildConstants,
        environment: {
          ...common,
          ...environment,
          ...(flowLimit !== undefined && { FLOW_TIME_LIMIT_SECONDS: String(flowLimit) }),
        },
        timeout: Duration.seconds(flowLimit ?? timeoutSeconds),
        logRetention,
        removalPolicy,
      }).function;
    };

    this.lookup = fn('Lookup', 'Caller context, ticket status and 상담DB search for flows and the desk', {
      KB_TABLE: data.knowledgeBase.tableName,
      KB_REFRESH_SECONDS: String(props.config.kb.refreshSeconds),
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
        CONNECT_DEPARTMENT_QUEUES: connectQueueIds(connect?.departmentQueueArns),
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
    // BatchGetItem: the published changes since the loaded snapshot (KbSearchService).
    allow(
      this.lookup,
      ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Scan'],
      [data.knowledgeBase.tableArn],
    );
    allow(this.lookup, ['kms:Decrypt', 'kms:DescribeKey'], [data.key.keyArn]);
    for (const f of [this.intake, this.escalation]) {
      allow(f, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [tickets]);
      // The filing transaction (functions/adapters/ticket-filing.ts) reads and moves the counter and
      // reads and puts the request record.
      allow(f, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [data.counters.tableArn]);
      allow(f, ['dynamodb:GetItem', 'dynamodb:PutItem'], [data.idempotency.tableArn]);
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

    // The 상담DB indexer: every few minutes, when entries were published or retired since the index
    // snapshot, a new snapshot (functions/kb-indexer). Readers do not wait for it: they apply the
    // published changes themselves; it only keeps their delta segments small. A scheduled
    // EventBridge rule (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html).
    this.kbIndexer = fn(
      'KbIndexer',
      'Folds published 상담DB changes into a new search index snapshot',
      { KB_TABLE: data.knowledgeBase.tableName },
      120,
    );
    allow(
      this.kbIndexer,
      [
        'dynamodb:GetItem',
        'dynamodb:Scan',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
      ],
      [data.knowledgeBase.tableArn],
    );
    allow(this.kbIndexer, keyUse, [data.key.keyArn]);
    new ScheduledInvoke(this, 'KbIndexerSchedule', {
      target: this.kbIndexer,
      description: 'KB indexer: compacts the change log into a new index snapshot',
      schedule: ScheduleExpression.rate(Duration.minutes(props.config.kb.compactEveryMinutes)),
      maxEventAge: Duration.minutes(props.config.kb.compactEveryMinutes),
      key: messaging.key,
      alarmTopic: messaging.alarmTopic,
      removalPolicy,
    });

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
      // BatchGetItem: a batch's contacts read at once (ContactRecords.updateMany).
      allow(
        consumer,
        ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
        [data.contacts.tableArn],
      );
      // The day's counters (stats#<day> items) move in the same transaction as the record.
      allow(consumer, ['dynamodb:UpdateItem'], [data.counters.tableArn]);
      allow(consumer, keyUse, [data.key.keyArn]);
      acknowledgeQueueKeyGrant(consumer);
    }

    // ---- department inboxes: queues feed, DynamoDB holds ---------------------------------------
    // One SQS event source per department whose staff work on the desk; a department with its own
    // system (`inbox: 'external'`) receives from its queue itself (README, "Department systems").
    this.inboxConsumer = fn(
      'InboxConsumer',
      'Department queues → the DepartmentInbox table (the desk’s 부서 inbox)',
      {
        DEPARTMENT_QUEUES: JSON.stringify(departmentQueueUrls),
        INBOX_TABLE: data.inbox.tableName,
        INBOX_RETENTION_DAYS: '30',
      },
      30,
    );
    for (const department of props.config.departments) {
      if (department.inbox !== 'desk') continue;
      const queue = messaging.departmentQueues.get(department.id);
      if (!queue) continue;
      this.inboxConsumer.addEventSource(
        new SqsEventSource(queue, {
          batchSize: 10,
          maxBatchingWindow: Duration.seconds(1),
          reportBatchItemFailures: true,
        }),
      );
    }
    allow(this.inboxConsumer, ['dynamodb:PutItem'], [data.inbox.tableArn]);
    allow(this.inboxConsumer, keyUse, [data.key.keyArn]);
    acknowledgeQueueKeyGrant(this.inboxConsumer);
    if (this.inboxConsumer.role) {
      Validations.of(this.inboxConsumer.role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:Decrypt]',
        reason:
          'CDK’s standard SQS event-source grant names the one messaging key the queues are encrypted with.',
      });
    }

    // ---- SLA job -----------------------------------------------------------------------------
    const sla = props.config.sla;
    this.slaCheck = fn(
      'SlaCheck',
      'Overdue and due-soon tickets → department queues, the managers’ SLA topic, metrics',
      {
        DEPARTMENT_QUEUES: JSON.stringify(departmentQueueUrls),
        SLA_TOPIC_ARN: messaging.slaTopic.topicArn,
        SLA_WARN_HOURS: String(sla.warnHours),
      },
      120,
    );
    const byDue = `${tickets}/index/byDepartmentStatusDue`;
    allow(this.slaCheck, ['dynamodb:Query'], [byDue]);
    allow(this.slaCheck, ['dynamodb:UpdateItem'], [tickets]);
    allow(
      this.slaCheck,
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      [data.key.keyArn],
    );
    for (const queue of messaging.departmentQueues.values()) queue.grantSendMessages(this.slaCheck);
    messaging.slaTopic.grantPublish(this.slaCheck);
    acknowledgeQueueKeyGrant(this.slaCheck);
    new ScheduledInvoke(this, 'SlaCheckSchedule', {
      target: this.slaCheck,
      description: 'SLA check: overdue and due-soon tickets',
      schedule: ScheduleExpression.rate(Duration.minutes(sla.checkEveryMinutes)),
      maxEventAge: Duration.minutes(sla.checkEveryMinutes),
      key: messaging.key,
      alarmTopic: messaging.alarmTopic,
      removalPolicy,
    });
    // Powertools' EMF metric: namespace Minwon365, default dimension service=minwon365.
    this.overdueAlarm = new Alarm(this, 'TicketsOverdueAlarm', {
      alarmDescription: 'Tickets went past their due time (SLA); the SLA topic names them',
      metric: new Metric({
        namespace: 'Minwon365',
        metricName: 'TicketsOverdue',
        dimensionsMap: { service: 'minwon365' },
        statistic: 'Sum',
        period: Duration.minutes(sla.checkEveryMinutes),
      }),
      threshold: sla.overdueAlarmThreshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.overdueAlarm.addAlarmAction(new SnsAction(messaging.alarmTopic));

    // ---- citizen SMS --------------------------------------------------------------------------
    const sms = props.config.sms;
    if (sms) {
      const mode = sms.modes[props.stageName ?? ''] ?? 'off';
      const notifier = fn(
        'CitizenNotifier',
        'Ticket results, reassignments and due-date changes → one SMS to the caller (End User Messaging)',
        {
          SMS_MODE: mode,
          SMS_ORIGINATION_IDENTITY: sms.originationIdentity,
          ...(sms.configurationSetName !== undefined && { SMS_CONFIGURATION_SET: sms.configurationSetName }),
        },
        30,
      );
      this.citizenNotifier = notifier;
      notifier.addEventSource(
        new DynamoEventSource(data.tickets, {
          ...streamSettings,
          // Only changes can be texted: creations and TTL removals never reach the function.
          filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('MODIFY') })],
          onFailure: failureQueue(
            'CitizenNotifierFailures',
            'Ticket changes whose citizen SMS could not be sent',
          ),
        }),
      );
      allow(
        notifier,
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        [data.idempotency.tableArn],
      );
      allow(notifier, keyUse, [data.key.keyArn]);
      if (mode !== 'off') {
        const configurationSet = sms.configurationSetName
          ? [
              `arn:${this.partition}:sms-voice:${this.region}:${this.account}:configuration-set/${sms.configurationSetName}`,
            ]
          : [];
        allow(notifier, ['sms-voice:SendTextMessage'], [sms.originationIdentity, ...configurationSet]);
      }
      acknowledgeQueueKeyGrant(notifier);
    }
  }
}

/**
 * `CONNECT_DEPARTMENT_QUEUES`: JSON `{"<departmentId>": "<queue id>"}`. Queue ids, not ARNs: twelve
 * queue ARNs take about 1.8 KB of the 4 KB Lambda allows for all environment variables
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html), their ids a third of
 * that; GetCurrentMetricData's queue filter takes either
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_Filters.html). The id is the last
 * part of `arn:…:instance/<instance id>/queue/<queue id>` (AWS::Connect::Queue returns only the ARN).
 */
export const connectQueueIds = (arns: ReadonlyMap<string, string> | undefined): string =>
  JSON.stringify(
    Object.fromEntries([...(arns ?? [])].map(([id, arn]) => [id, Fn.select(3, Fn.split('/', arn))])),
  );
