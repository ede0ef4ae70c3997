import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#commons/powertools';

/**
 * AWS clients, created once per container at module scope and traced.
 *
 * Local endpoints need no code: SDK v3 reads `AWS_ENDPOINT_URL_<SERVICE_ID>` natively
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_CONNECT`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, or `AWS_ENDPOINT_URL` for all) — verified against the
 * installed @smithy/core and in test/unit/commons/clients.test.ts.
 */

export const dynamoDbClient = tracer.captureAWSv3Client(new DynamoDBClient({}));

/** Document client: plain JS values in and out; `undefined` attributes are dropped. */
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const sqsClient = tracer.captureAWSv3Client(new SQSClient({}));
export const connectClient = tracer.captureAWSv3Client(new ConnectClient({}));
export const secretsManagerClient = tracer.captureAWSv3Client(new SecretsManagerClient({}));
