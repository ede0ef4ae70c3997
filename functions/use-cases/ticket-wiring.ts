import { createDayStats } from '#adapters/day-stats';
import { createTicketCounter } from '#adapters/ticket-counter';
import { createTicketRepository } from '#adapters/ticket-repository';
import { documentClient, dynamoDbClient } from '#commons/aws/dynamodb';
import { secretsManagerClient } from '#commons/aws/secrets-manager';
import { createCallerHasher, hashKeyProviderFromEnv } from '#commons/caller-hash';
import { countMetric } from '#commons/handler-kit';
import { createDynamoDbPersistenceStore, idempotentOperation } from '#commons/idempotency';
import { METRIC_NAMES } from '#commons/powertools';
import { optionalPositiveInt, type RuntimeConfig, requireEnv } from '#commons/runtime-config';
import {
  type CreatedTicket,
  createTicketService,
  type TicketRequest,
} from '#functions/use-cases/create-ticket';

/**
 * Composition root shared by intake and escalation (both create tickets): the repository (with the
 * day's counters: a report moves `reportsOpened`), the counter, the caller hasher and the
 * idempotency guard, from the environment, once per container.
 *
 * Environment: TICKETS_TABLE, COUNTERS_TABLE, IDEMPOTENCY_TABLE, CALLER_HASH_SECRET_ARN (or
 * CALLER_HASH_KEY locally), optional TICKET_RETENTION_DAYS (the stage's retention; default five
 * years).
 */

/** All ticket-creating functions share this prefix, so one contact's call-back ticket is one ticket. */
export const TICKET_IDEMPOTENCY_PREFIX = 'minwon365.ticket';

export type IdempotentTicketRequest = TicketRequest & { idempotencyKey?: string };

export const ticketCreationFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  config: RuntimeConfig,
) => {
  const days = optionalPositiveInt(env, 'TICKET_RETENTION_DAYS');
  const countersTable = requireEnv(env, 'COUNTERS_TABLE');
  const create = createTicketService({
    repository: createTicketRepository({
      client: documentClient,
      tableName: requireEnv(env, 'TICKETS_TABLE'),
      dayStats: createDayStats({ client: documentClient, tableName: countersTable }),
    }),
    counter: createTicketCounter({ client: documentClient, tableName: countersTable }),
    hasher: createCallerHasher(hashKeyProviderFromEnv(env, () => secretsManagerClient)),
    config,
    ...(days !== undefined && { retentionDays: days }),
  });
  // Counted inside the guarded operation: a replayed retry returns the stored result and is not counted again.
  const createAndCount = async ({
    idempotencyKey: _key,
    ...request
  }: IdempotentTicketRequest): Promise<CreatedTicket> => {
    const created = await create(request);
    countMetric(METRIC_NAMES.ticketCreated, { category: created.category, kind: created.kind });
    return created;
  };
  return idempotentOperation(createAndCount, {
    persistenceStore: createDynamoDbPersistenceStore({
      client: dynamoDbClient,
      tableName: requireEnv(env, 'IDEMPOTENCY_TABLE'),
    }),
    keyPrefix: TICKET_IDEMPOTENCY_PREFIX,
  });
};
