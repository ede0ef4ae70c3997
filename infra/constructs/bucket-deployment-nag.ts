import { DefaultStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag acknowledgements for the Lambda-backed custom resource behind `BucketDeployment` (a
 * singleton per stack, `Custom::CDKBucketDeployment…`): its runtime, managed policy and
 * wildcard grants are chosen by aws-cdk-lib, not by us, and it runs only during deployments.
 * cdk-nag matches finding ids exactly, so the resource findings are spelled out:
 * `destinationResource` is the destination bucket's objects as cdk-nag prints them
 * (`<LogicalId.Arn>/*` for a bucket of the same stack, `arn:<AWS::Partition>:s3:::name/*` for an
 * imported one).
 */
export const acknowledgeBucketDeployment = (scope: IConstruct, destinationResource: string): void => {
  const stack = Stack.of(scope);
  const reason =
    'aws-cdk-lib BucketDeployment custom resource (runs only at deploy time): its runtime, the ' +
    'AWSLambdaBasicExecutionRole and the object-level wildcard grants on the CDK asset bucket and the one ' +
    'destination bucket (and CloudFront invalidation, which has no resource-level permission) are fixed by aws-cdk-lib.';
  const findings = [
    'AwsSolutions-L1',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
      (action) => `AwsSolutions-IAM5[Action::${action}]`,
    ),
    'AwsSolutions-IAM5[Resource::*]',
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${stack.region}/*]`,
    `AwsSolutions-IAM5[Resource::${destinationResource}]`,
  ];
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    Validations.of(child).acknowledge(...findings.map((id) => ({ id, reason })));
  }
};
