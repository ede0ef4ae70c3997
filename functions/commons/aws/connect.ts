import { ConnectClient } from '@aws-sdk/client-connect';
import { tracer } from '#commons/powertools';

/**
 * Connect client for calls made while a caller waits: short timeouts and one retry, so a slow
 * Connect API cannot eat a contact flow's invocation time.
 */
export const createFlowConnectClient = (): ConnectClient =>
  tracer.captureAWSv3Client(
    new ConnectClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 500, requestTimeout: 1_000 } }),
  );
