import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#commons/powertools';

/**
 * DynamoDB clients, created once per container and traced. One module per AWS service, so each
 * function's bundle (and cold start) carries only the SDK clients it uses.
 *
 * Local endpoints need no code: SDK v3 reads `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`)
 * natively — verified in test/unit/commons/clients.test.ts.
 *
 * Flow-facing functions have a few seconds in all: fail a stuck request fast and retry once more,
 * rather than wait out the SDK's defaults.
 */
export const dynamoDbClient = tracer.captureAWSv3Client(
  new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } }),
);

/** Document client: plain JS values in and out; `undefined` attributes are dropped. */
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
