import {
  Aws,
  type CfnElement,
  CustomResource,
  Duration,
  type RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ProjectFunction } from '#infra/constructs/project-function';

/** CloudFormation type of the association custom resource. */
export const PHONE_ASSOCIATION_TYPE = 'Custom::ConnectPhoneNumberFlowAssociation';

export interface PhoneNumberAssociationsProps {
  readonly instanceArn: string;
  /** ARN of the flow every number is associated with (the inbound flow). */
  readonly contactFlowArn: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Associates Connect phone numbers with a contact flow. CloudFormation has no resource for
 * AssociatePhoneNumberContactFlow, so each number is a custom resource served by one Provider whose
 * onEvent handler is `functions/connect-phone-association/handler.ts` (idempotent create, update and
 * delete). The handler may associate and disassociate this account's numbers in this region with
 * the given flow only.
 */
export class PhoneNumberAssociations extends Construct {
  readonly onEvent: ProjectFunction['function'];
  readonly provider: Provider;
  private readonly props: PhoneNumberAssociationsProps;

  constructor(scope: Construct, id: string, props: PhoneNumberAssociationsProps) {
    super(scope, id);
    this.props = props;

    this.onEvent = new ProjectFunction(this, 'OnEvent', {
      name: 'connect-phone-association',
      description: 'Custom resource: associates Connect phone numbers with the inbound flow',
      timeout: Duration.seconds(30),
      memorySize: 256,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    }).function;
    const phoneNumbers = `arn:${Aws.PARTITION}:connect:${Aws.REGION}:${Aws.ACCOUNT_ID}:phone-number/*`;
    this.onEvent.addToRolePolicy(
      new PolicyStatement({
        actions: ['connect:AssociatePhoneNumberContactFlow'],
        resources: [phoneNumbers, props.contactFlowArn],
      }),
    );
    this.onEvent.addToRolePolicy(
      new PolicyStatement({
        actions: ['connect:DisassociatePhoneNumberContactFlow'],
        resources: [phoneNumbers],
      }),
    );
    const role = this.onEvent.role;
    if (role) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:<AWS::Region>:<AWS::AccountId>:phone-number/*]',
        reason:
          'Phone-number ARNs do not contain the instance, and a number removed from the config must still ' +
          'be disassociated after the policy no longer names it: the actions are limited to this ' +
          'account’s numbers in this region and to the inbound flow.',
      });
    }

    this.provider = new Provider(this, 'Provider', {
      onEventHandler: this.onEvent,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }),
    });
    acknowledgeProviderFramework(this.provider, this.onEvent.node.defaultChild as CfnElement);
  }

  /** Associates one number (an ARN, possibly a token) with the flow. */
  associate(id: string, phoneNumberArn: string): CustomResource {
    return new CustomResource(this, id, {
      serviceToken: this.provider.serviceToken,
      resourceType: PHONE_ASSOCIATION_TYPE,
      properties: {
        InstanceId: this.props.instanceArn,
        PhoneNumberId: phoneNumberArn,
        ContactFlowId: this.props.contactFlowArn,
      },
    });
  }
}

/** The Provider framework's own function is CDK's code: its findings are CDK's design. */
const acknowledgeProviderFramework = (provider: Provider, onEvent: CfnElement): void => {
  const onEventId = Stack.of(provider).getLogicalId(onEvent);
  const framework = provider.node.tryFindChild('framework-onEvent');
  if (!framework) return;
  Validations.of(framework).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The Provider framework function uses AWSLambdaBasicExecutionRole (CloudWatch Logs only).',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${onEventId}.Arn>:*]`,
      reason: 'The Provider framework may invoke every version of its own onEvent function only.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'The Provider framework function’s runtime is chosen by aws-cdk-lib.',
    },
  );
};
