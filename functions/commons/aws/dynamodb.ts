import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { budgetedClientConfig } from '#commons/aws/time-budget';
import { tracer } from '#commons/powertools';

/**
 * DynamoDB clients, created once per container and traced. One module per AWS service, so each
 * function's bundle (and cold start) carries only the SDK clients it uses.
 *
 * Local endpoints need no code: SDK v3 reads `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`)
 * natively — verified in test/unit/commons/clients.test.ts.
 *
 * Timeouts and retries (time-budget.ts): inside a flow invocation a read's attempt may take half
 * of the time left before the flow's deadline and a write's all of it (a slow write has usually
 * been applied: no second attempt after a timeout), and retries go on while an attempt still
 * fits; outside one (desk API, stream consumers) as before: 1 s to connect, the SDK's warning
 * after 2 s, at most 3 attempts.
 */
const READS =
  /^DynamoDB_20120810\.(GetItem|BatchGetItem|Query|Scan|TransactGetItems|DescribeTable|ListTables)$/;

export const dynamoDbClient = tracer.captureAWSv3Client(
  new DynamoDBClient(
    budgetedClientConfig({
      share: 0.5,
      readTargets: READS,
      maxAttempts: 4,
      unbudgeted: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
    }),
  ),
);

/** Document client: plain JS values in and out; `undefined` attributes are dropped. */
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
