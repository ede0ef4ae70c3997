import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCallerHasher,
  HashKeyError,
  hashKeyProviderFromEnv,
  InvalidCallerNumberError,
  secretsManagerHashKeyProvider,
  staticHashKeyProvider,
} from '#commons/caller-hash';

const KEY = 'k'.repeat(32);
const ARN = 'arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:caller-hash-AbCdEf';
const secrets = mockClient(SecretsManagerClient);

afterEach(() => {
  secrets.reset();
});

describe('createCallerHasher', () => {
  const hash = createCallerHasher(staticHashKeyProvider(KEY));

  it('is HMAC-SHA256 hex of the E.164 number under the key', async () => {
    const expected = createHmac('sha256', KEY).update('+821012345678').digest('hex');
    await expect(hash('+821012345678')).resolves.toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('normalises the number first, so formats of one number hash alike', async () => {
    const e164 = await hash('+821012345678');
    await expect(hash('010-1234-5678')).resolves.toBe(e164);
    await expect(hash('+82 10 1234 5678')).resolves.toBe(e164);
  });

  it('gives different hashes for different numbers and different keys', async () => {
    const other = createCallerHasher(staticHashKeyProvider('z'.repeat(32)));
    expect(await hash('+821012345678')).not.toBe(await hash('+821012345679'));
    expect(await hash('+821012345678')).not.toBe(await other('+821012345678'));
  });

  it('refuses a value that is not a phone number, without echoing it', async () => {
    await expect(hash('anonymous')).rejects.toThrow(InvalidCallerNumberError);
    await expect(hash('anonymous')).rejects.not.toThrow(/anonymous/);
  });
});

describe('staticHashKeyProvider', () => {
  it('refuses keys shorter than 32 bytes', () => {
    expect(() => staticHashKeyProvider('short')).toThrow(HashKeyError);
  });
});

describe('secretsManagerHashKeyProvider', () => {
  it('fetches the secret once and caches it', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: KEY });
    const provider = secretsManagerHashKeyProvider(new SecretsManagerClient({}), ARN);
    const [a, b] = await Promise.all([provider.getKey(), provider.getKey()]);
    await provider.getKey();
    expect(new TextDecoder().decode(a)).toBe(KEY);
    expect(b).toBe(a);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('uses SecretBinary when there is no SecretString', async () => {
    const bytes = new Uint8Array(32).fill(7);
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: bytes });
    const provider = secretsManagerHashKeyProvider(new SecretsManagerClient({}), ARN);
    expect(Array.from(await provider.getKey())).toEqual(Array.from(bytes));
  });

  it('retries after a failed read instead of caching the failure', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: KEY });
    const provider = secretsManagerHashKeyProvider(new SecretsManagerClient({}), ARN);
    await expect(provider.getKey()).rejects.toThrow('throttled');
    await expect(provider.getKey()).resolves.toHaveLength(32);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses an empty or short secret', async () => {
    secrets.on(GetSecretValueCommand).resolvesOnce({}).resolves({ SecretString: 'short' });
    const provider = secretsManagerHashKeyProvider(new SecretsManagerClient({}), ARN);
    await expect(provider.getKey()).rejects.toThrow('has no value');
    await expect(provider.getKey()).rejects.toThrow('shorter than 32 bytes');
  });
});

describe('hashKeyProviderFromEnv', () => {
  it('prefers the secret ARN over the local key', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 's'.repeat(40) });
    let created = 0;
    const provider = hashKeyProviderFromEnv({ CALLER_HASH_SECRET_ARN: ARN, CALLER_HASH_KEY: KEY }, () => {
      created++;
      return new SecretsManagerClient({});
    });
    expect(new TextDecoder().decode(await provider.getKey())).toBe('s'.repeat(40));
    expect(created).toBe(1);
  });

  it('uses CALLER_HASH_KEY locally without creating a Secrets Manager client', async () => {
    const provider = hashKeyProviderFromEnv({ CALLER_HASH_KEY: KEY }, () => {
      throw new Error('must not be called');
    });
    expect(new TextDecoder().decode(await provider.getKey())).toBe(KEY);
  });

  it('fails clearly when neither is set', () => {
    expect(() => hashKeyProviderFromEnv({}, () => new SecretsManagerClient({}))).toThrow(
      'Neither CALLER_HASH_SECRET_ARN nor CALLER_HASH_KEY is set',
    );
  });
});
