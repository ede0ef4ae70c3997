import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { budgetedClientConfig } from '#commons/aws/time-budget';
import { tracer } from '#commons/powertools';

/**
 * Secrets Manager client (the caller-hash key, read once per container), traced. Its first read
 * happens during a flow invocation, so it keeps to the flow's time budget like DynamoDB
 * (time-budget.ts).
 */
export const secretsManagerClient = tracer.captureAWSv3Client(
  new SecretsManagerClient(
    budgetedClientConfig({
      share: 0.5,
      maxAttempts: 4,
      unbudgeted: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
    }),
  ),
);
