import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { toE164 } from '#domain/phone';

/**
 * Keyed hash of a caller number (GSI `byCaller`): HMAC-SHA256 over the normalised E.164 number,
 * lowercase hex. Keyed so the table's index cannot be reversed by hashing all ~10^10 Korean numbers.
 * The key lives in Secrets Manager (`CALLER_HASH_SECRET_ARN`), read once per container; locally
 * `CALLER_HASH_KEY` holds the key itself.
 */

export interface HashKeyProvider {
  getKey(): Promise<Uint8Array>;
}

/** The key is too short or missing (configuration error). */
export class HashKeyError extends Error {
  override readonly name = 'HashKeyError';
}

/** At least 32 bytes of key (the HMAC-SHA256 block-size guidance is ≥ the 32-byte output). */
export const MIN_KEY_BYTES = 32;

const checkedKey = (key: Uint8Array, source: string): Uint8Array => {
  if (key.byteLength < MIN_KEY_BYTES) {
    throw new HashKeyError(`Caller hash key from ${source} is shorter than ${MIN_KEY_BYTES} bytes`);
  }
  return key;
};

/** A fixed key (local runs and tests). */
export const staticHashKeyProvider = (
  key: string | Uint8Array,
  source = 'CALLER_HASH_KEY',
): HashKeyProvider => {
  const bytes = checkedKey(typeof key === 'string' ? new TextEncoder().encode(key) : key, source);
  return { getKey: async () => bytes };
};

/**
 * Reads the key from Secrets Manager once and caches it for the container's life. SecretString is
 * used as UTF-8 text; SecretBinary as bytes. A failed read is not cached, so the next call retries.
 */
export const secretsManagerHashKeyProvider = (
  client: SecretsManagerClient,
  secretArn: string,
): HashKeyProvider => {
  let pending: Promise<Uint8Array> | undefined;
  const load = async (): Promise<Uint8Array> => {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const bytes =
      secret.SecretString !== undefined
        ? new TextEncoder().encode(secret.SecretString)
        : secret.SecretBinary !== undefined
          ? new Uint8Array(secret.SecretBinary)
          : undefined;
    if (bytes === undefined) throw new HashKeyError('Caller hash secret has no value');
    return checkedKey(bytes, 'Secrets Manager');
  };
  return {
    getKey: () => {
      pending ??= load().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
  };
};

/**
 * Chooses the provider from the environment: `CALLER_HASH_SECRET_ARN` (deployed) wins over
 * `CALLER_HASH_KEY` (local). `secretsClient` is only called when the ARN is set.
 */
export const hashKeyProviderFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  secretsClient: () => SecretsManagerClient,
): HashKeyProvider => {
  const arn = env.CALLER_HASH_SECRET_ARN;
  if (arn !== undefined && arn !== '') return secretsManagerHashKeyProvider(secretsClient(), arn);
  const key = env.CALLER_HASH_KEY;
  if (key !== undefined && key !== '') return staticHashKeyProvider(key);
  throw new HashKeyError('Neither CALLER_HASH_SECRET_ARN nor CALLER_HASH_KEY is set');
};

/** A caller number that is not a phone number (hashing it would silently never match). */
export class InvalidCallerNumberError extends Error {
  override readonly name = 'InvalidCallerNumberError';
  constructor() {
    super('Caller number is not a phone number'); // never the number itself
  }
}

export type CallerHasher = (phoneNumber: string) => Promise<string>;

/** `hash('+821012345678')` and `hash('010-1234-5678')` give the same hex string. */
export const createCallerHasher =
  (provider: HashKeyProvider): CallerHasher =>
  async (phoneNumber) => {
    const e164 = toE164(phoneNumber);
    if (e164 === undefined) throw new InvalidCallerNumberError();
    const key = await provider.getKey();
    return createHmac('sha256', key).update(e164, 'utf8').digest('hex');
  };
