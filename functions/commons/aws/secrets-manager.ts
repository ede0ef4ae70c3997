import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '#commons/powertools';

/** Secrets Manager client (the caller-hash key, read once per container), traced. */
export const secretsManagerClient = tracer.captureAWSv3Client(new SecretsManagerClient({}));
