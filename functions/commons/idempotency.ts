import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';

/**
 * Powertools idempotency for operations keyed by the caller (not by the whole payload): the
 * operation's input carries an `idempotencyKey`; the first call with a key runs and its JSON
 * result is stored in the Idempotency table (`id`, TTL `expiration`); later calls with the same
 * key get the stored result. Input without a key runs unguarded (there is nothing to recognise a
 * retry by — hashing a missing key would make every keyless call share one record).
 *
 * Keys are namespaced by `keyPrefix` rather than by the Lambda function name, so two functions
 * that create the same kind of thing (intake and escalation both create call-back tickets) share
 * one record per key.
 */

/** Long enough for any retry of a flow (seconds) or a desk double submit (minutes). */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface Keyed {
  idempotencyKey?: string;
}

export interface IdempotentOperation<I extends Keyed, O> {
  run(input: I): Promise<O>;
  /** Lets Powertools bound the in-progress lock by the invocation's remaining time. */
  registerLambdaContext(context: Context): void;
}

export const createDynamoDbPersistenceStore = (options: {
  client: DynamoDBClient;
  tableName: string;
}): BasePersistenceLayer =>
  new DynamoDBPersistenceLayer({ tableName: options.tableName, awsSdkV3Client: options.client });

export const idempotentOperation = <I extends Keyed, O>(
  operation: (input: I) => Promise<O>,
  options: { persistenceStore: BasePersistenceLayer; keyPrefix: string; expiresAfterSeconds?: number },
): IdempotentOperation<I, O> => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'idempotencyKey',
    expiresAfterSeconds: options.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const guarded = makeIdempotent(operation, {
    persistenceStore: options.persistenceStore,
    config,
    keyPrefix: options.keyPrefix,
  });
  return {
    run: (input) =>
      input.idempotencyKey === undefined || input.idempotencyKey === '' ? operation(input) : guarded(input),
    registerLambdaContext: (context) => config.registerLambdaContext(context),
  };
};
