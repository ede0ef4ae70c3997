import { ConnectClient } from '@aws-sdk/client-connect';
import { budgetedClientConfig } from '#commons/aws/time-budget';
import { tracer } from '#commons/powertools';

/**
 * Connect client for calls made while a caller waits (escalation's agent-availability check): a
 * failed check falls back to a call-back ticket, so inside a flow invocation an attempt may take a
 * quarter of the time left (at most 1 s) and at most 2 attempts are made, leaving the ticket its
 * time (time-budget.ts); outside one as before: 500 ms to connect, the SDK's warning after 1 s,
 * 2 attempts.
 */
export const createFlowConnectClient = (): ConnectClient =>
  tracer.captureAWSv3Client(
    new ConnectClient(
      budgetedClientConfig({
        share: 0.25,
        maxAttemptMs: 1_000,
        maxAttempts: 2,
        unbudgeted: { connectionTimeout: 500, requestTimeout: 1_000, maxAttempts: 2 },
      }),
    ),
  );
