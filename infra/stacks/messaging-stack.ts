import { type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Department } from '#infra/config/schema';
import { DepartmentQueue } from '#infra/constructs/department-queue';
import { ProjectKey } from '#infra/constructs/project-key';

export interface MessagingStackProps extends StackProps {
  readonly departments: readonly Department[];
  readonly alarmEmail: string;
  /** Subscribed to the SLA topic when given. */
  readonly managersEmail?: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One SQS queue (and DLQ) per department, the alarm topic e-mailing the stage's operators, and the
 * SLA topic for managers.
 */
export class MessagingStack extends Stack {
  readonly key: ProjectKey;
  readonly alarmTopic: Topic;
  /** Overdue tickets for the managers (sla-check function); e-mail or the managers' tools subscribe. */
  readonly slaTopic: Topic;
  /** departmentId → the department's work queue. */
  readonly departmentQueues: ReadonlyMap<string, Queue>;
  /** departmentId → the queue, its DLQ and the DLQ alarm. */
  readonly departments: ReadonlyMap<string, DepartmentQueue>;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.key = new ProjectKey(this, 'MessagingKey', {
      description: 'minwon365 messaging: department queues and the alarm topic',
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch alarms publish to the encrypted topic.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'minwon365 alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.slaTopic = new Topic(this, 'SlaTopic', {
      displayName: 'minwon365 overdue tickets',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.managersEmail !== undefined)
      this.slaTopic.addSubscription(new EmailSubscription(props.managersEmail));

    const departments = new Map<string, DepartmentQueue>();
    for (const department of props.departments) {
      departments.set(
        department.id,
        new DepartmentQueue(this, `Department-${department.id}`, {
          departmentId: department.id,
          encryptionKey: this.key,
          alarmTopic: this.alarmTopic,
          removalPolicy: props.removalPolicy,
        }),
      );
    }
    this.departments = departments;
    this.departmentQueues = new Map([...departments].map(([id, d]) => [id, d.queue]));
  }
}
