import { type CfnElement, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, type ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ScheduledInvokeProps {
  /** The function the schedule invokes (with an empty event). */
  readonly target: IFunction;
  readonly schedule: ScheduleExpression;
  /**
   * What the schedule does, for the console, the role and the alarm. ASCII/Latin-1 only: IAM role
   * descriptions refuse other characters (cfn-lint F3031).
   */
  readonly description: string;
  /** How long a failed invocation is worth retrying; defaults to Scheduler's 24 hours. */
  readonly maxEventAge?: Duration;
  /** Encrypts the dead-letter queue (the stage's key). */
  readonly key: IKey;
  /** The stage's alarm topic: dead-lettered invocations notify it. */
  readonly alarmTopic: ITopic;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The project's one way to run a Lambda function on a schedule: an EventBridge Scheduler schedule
 * with two retries, a KMS-encrypted dead-letter queue for the invocations it gives up on, an alarm
 * on that queue, and a role that may invoke only the target.
 *
 * EventBridge Scheduler, not a scheduled EventBridge rule: AWS calls scheduled rules a legacy
 * feature and recommends Scheduler, which adds a retry policy and a dead-letter queue per target
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html).
 * Retry policy and DLQ: https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 * Cron with a time zone: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export class ScheduledInvoke extends Construct {
  readonly schedule: Schedule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ScheduledInvokeProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'Failures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the schedule’s target.',
    });
    new Alarm(this, 'FailuresAlarm', {
      alarmDescription: `Invocations EventBridge Scheduler gave up on: ${props.description}`,
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(props.alarmTopic));
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `EventBridge Scheduler invokes: ${props.description}`,
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: `minwon365: ${props.description}`,
      schedule: props.schedule,
      target: new LambdaInvoke(props.target, {
        role,
        retryAttempts: 2,
        ...(props.maxEventAge !== undefined && { maxEventAge: props.maxEventAge }),
        deadLetterQueue: this.deadLetters,
      }),
    });
    const targetLogicalId = Stack.of(this).getLogicalId(props.target.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${targetLogicalId}.Arn>:*]`,
      reason: 'CDK’s LambdaInvoke grant: lambda:InvokeFunction on this one function and its versions (`:*`).',
    });
  }
}
