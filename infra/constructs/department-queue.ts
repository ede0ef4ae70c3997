import { Duration, type RemovalPolicy, Tags } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives before a message moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
export const DLQ_RETENTION = Duration.days(14);

export interface DepartmentQueueProps {
  readonly departmentId: string;
  readonly encryptionKey: IKey;
  /** Notified when the dead-letter queue holds any message. */
  readonly alarmTopic: ITopic;
  /** From the stage: queued work is retained in prod. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A department's work queue with its own dead-letter queue and an alarm on the DLQ. Both queues are
 * KMS-encrypted and refuse non-TLS requests; the DLQ keeps messages 14 days, twice the queue's.
 */
export class DepartmentQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dlqAlarm: Alarm;

  constructor(scope: Construct, id: string, props: DepartmentQueueProps) {
    super(scope, id);
    const encryption = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      dataKeyReuse: Duration.minutes(15),
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
    };
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...encryption,
      retentionPeriod: DLQ_RETENTION,
    });
    this.queue = new Queue(this, 'Queue', {
      ...encryption,
      retentionPeriod: Duration.days(7),
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    // Consumers (and the local harness) find a department's queue by this tag, not by logical id.
    Tags.of(this.queue).add('minwon365:department', props.departmentId);
    this.dlqAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmDescription: `Department "${props.departmentId}": messages in the dead-letter queue`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.dlqAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
