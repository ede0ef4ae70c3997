import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnInstanceStorageConfig } from 'aws-cdk-lib/aws-connect';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Key prefix of call recordings in the bucket (Connect adds `<yyyy>/<mm>/<dd>/`). */
export const CALL_RECORDINGS_PREFIX = 'connect/call-recordings';

export interface ConnectStorageProps {
  readonly instanceArn: string;
  /** Encrypts recordings and contact trace records. */
  readonly encryptionKey: IKey;
  /** Days a call recording is kept (the stage's record retention). */
  readonly recordingRetentionDays: number;
  /** Days the bucket's server access logs are kept (the stage's log retention). */
  readonly accessLogRetentionDays: number;
  readonly contactTraceRecordRetention: Duration;
  /** From the stage: recordings and their logs are retained in production. */
  readonly removalPolicy: RemovalPolicy;
  /** Register the bucket and stream as the instance's storage (false: create them only). */
  readonly associate: boolean;
}

/**
 * Where the instance keeps its data: call recordings in a KMS-encrypted, TLS-only, private S3
 * bucket (server access logs to a second bucket, lifecycle from the stage's retention), and
 * contact trace records in a KMS-encrypted Kinesis stream for the KPI pipeline.
 */
export class ConnectStorage extends Construct {
  readonly recordings: Bucket;
  readonly accessLogs: Bucket;
  readonly contactTraceRecords: Stream;
  readonly recordingsConfig?: CfnInstanceStorageConfig;
  readonly contactTraceRecordsConfig?: CfnInstanceStorageConfig;

  constructor(scope: Construct, id: string, props: ConnectStorageProps) {
    super(scope, id);
    const { removalPolicy } = props;

    // S3 server access logs can only be delivered to an SSE-S3 bucket.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays) }],
      removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the recordings bucket’s server access logs; logging it would recurse.',
    });

    this.recordings = new Bucket(this, 'CallRecordings', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'call-recordings/',
      lifecycleRules: [
        {
          expiration: Duration.days(props.recordingRetentionDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });

    this.contactTraceRecords = new Stream(this, 'ContactTraceRecords', {
      encryption: StreamEncryption.KMS,
      encryptionKey: props.encryptionKey,
      streamMode: StreamMode.ON_DEMAND,
      retentionPeriod: props.contactTraceRecordRetention,
      removalPolicy,
    });
    Validations.of(this.contactTraceRecords).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        'Contact trace records carry caller numbers: they are encrypted with the contact center’s own ' +
        'CMK (access controlled by its key policy, rotated yearly) rather than aws/kinesis.',
    });

    if (props.associate) {
      // Connect creates KMS grants for its service-linked role when the storage is associated.
      this.recordingsConfig = new CfnInstanceStorageConfig(this, 'CallRecordingsConfig', {
        instanceArn: props.instanceArn,
        resourceType: 'CALL_RECORDINGS',
        storageType: 'S3',
        s3Config: {
          bucketName: this.recordings.bucketName,
          bucketPrefix: CALL_RECORDINGS_PREFIX,
          encryptionConfig: { encryptionType: 'KMS', keyId: props.encryptionKey.keyArn },
        },
      });
      this.contactTraceRecordsConfig = new CfnInstanceStorageConfig(this, 'ContactTraceRecordsConfig', {
        instanceArn: props.instanceArn,
        resourceType: 'CONTACT_TRACE_RECORDS',
        storageType: 'KINESIS_STREAM',
        kinesisStreamConfig: { streamArn: this.contactTraceRecords.streamArn },
      });
    }
  }
}
