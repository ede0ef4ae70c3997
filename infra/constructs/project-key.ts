import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export interface ProjectKeyProps {
  readonly description: string;
  readonly removalPolicy: RemovalPolicy;
}

/** A customer-managed KMS key with yearly rotation and a 30-day deletion window. */
export class ProjectKey extends Key {
  constructor(scope: Construct, id: string, props: ProjectKeyProps) {
    super(scope, id, {
      description: props.description,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });
  }
}
