import { Fn, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** CloudFormation type of the queue ↔ quick connects custom resource. */
export const QUEUE_QUICK_CONNECTS_TYPE = 'Custom::ConnectQueueQuickConnects';

/** `arn:…:instance/<instanceId>/<kind>/<id>` → `<id>` (a CloudFormation expression for tokens). */
const idOf = (arn: string): string => Fn.select(3, Fn.split('/', arn));

export interface QueueQuickConnectsProps {
  readonly instanceId: string;
  readonly queueArn: string;
  readonly quickConnectArns: readonly string[];
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Lists quick connects on a queue (AssociateQueueQuickConnects), which is what agents staffing the
 * queue see in their CCP. `AWS::Connect::Queue`'s own QuickConnectArns cannot be used for the
 * counselor queue: the quick connects run the transfer flow, which routes back to that queue, and
 * the abuse-warning quick connect targets the queue itself — both would be dependency cycles.
 */
export class QueueQuickConnects extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: QueueQuickConnectsProps) {
    super(scope, id);
    const target = { InstanceId: props.instanceId, QueueId: idOf(props.queueArn) };
    const quickConnectIds = props.quickConnectArns.map(idOf);
    const associate: AwsSdkCall = {
      service: 'Connect',
      action: 'associateQueueQuickConnects',
      parameters: { ...target, QuickConnectIds: quickConnectIds },
      physicalResourceId: PhysicalResourceId.of(`${props.instanceId}/${idOf(props.queueArn)}`),
    };
    this.resource = new AwsCustomResource(this, 'Resource', {
      resourceType: QUEUE_QUICK_CONNECTS_TYPE,
      onCreate: associate,
      onUpdate: associate,
      onDelete: {
        service: 'Connect',
        action: 'disassociateQueueQuickConnects',
        parameters: { ...target, QuickConnectIds: quickConnectIds },
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['connect:AssociateQueueQuickConnects', 'connect:DisassociateQueueQuickConnects'],
          resources: [props.queueArn, ...props.quickConnectArns],
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'Logs', {
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }),
    });

    const singleton = Stack.of(this).node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`,
    );
    if (singleton) {
      Validations.of(singleton).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The AwsCustomResource function uses AWSLambdaBasicExecutionRole (CloudWatch Logs only).',
        },
        {
          id: 'AwsSolutions-L1',
          reason: 'The AwsCustomResource function’s runtime is chosen by aws-cdk-lib.',
        },
      );
    }
  }
}
