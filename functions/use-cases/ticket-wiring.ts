import type { Context } from 'aws-lambda';
import { createDayStats } from '#adapters/day-stats';
import { createTicketFiling } from '#adapters/ticket-filing';
import { documentClient } from '#commons/aws/dynamodb';
import { secretsManagerClient } from '#commons/aws/secrets-manager';
import { DeadlineExceededError, MIN_ATTEMPT_MS, remainingBudgetMs } from '#commons/aws/time-budget';
import { createCallerHasher, hashKeyProviderFromEnv } from '#commons/caller-hash';
import { countMetric } from '#commons/handler-kit';
import { METRIC_NAMES } from '#commons/powertools';
import { optionalPositiveInt, type RuntimeConfig, requireEnv } from '#commons/runtime-config';
import {
  type CreatedTicket,
  createTicketService,
  type TicketRequest,
} from '#functions/use-cases/create-ticket';

/**
 * Composition root shared by intake, escalation and the desk API (all create tickets): the
 * transactional filing adapter (Tickets, Counters and the Idempotency table's request records in
 * one transaction, with the day's counters: a report moves `reportsOpened`), the caller hasher and the clock, from the environment, once per container.
 *
 * Environment: TICKETS_TABLE, COUNTERS_TABLE, IDEMPOTENCY_TABLE, CALLER_HASH_SECRET_ARN (or
 * CALLER_HASH_KEY locally), optional TICKET_RETENTION_DAYS (the stage's retention; default five
 * years).
 */

/** A ticket request, idempotent when it carries an `idempotencyKey` (create-ticket.ts). */
export type IdempotentTicketRequest = TicketRequest;

export interface TicketCreator {
  /** Files the ticket, or answers the one filed before under the same key; throws on a conflict. */
  run(request: IdempotentTicketRequest): Promise<CreatedTicket>;
  /** Bounds retries under contention by the invocation's remaining time. */
  registerLambdaContext(context: Context): void;
}

export const ticketCreationFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  config: RuntimeConfig,
): TicketCreator => {
  const days = optionalPositiveInt(env, 'TICKET_RETENTION_DAYS');
  // One invocation at a time per Lambda container: the latest context is the running one.
  let context: Context | undefined;
  const countersTable = requireEnv(env, 'COUNTERS_TABLE');
  const create = createTicketService({
    filing: createTicketFiling({
      client: documentClient,
      ticketsTable: requireEnv(env, 'TICKETS_TABLE'),
      countersTable,
      requestsTable: requireEnv(env, 'IDEMPOTENCY_TABLE'),
      dayStats: createDayStats({ client: documentClient, tableName: countersTable }),
    }),
    hasher: createCallerHasher(hashKeyProviderFromEnv(env, () => secretsManagerClient)),
    config,
    // A flow invocation's budget (#commons/aws/time-budget) when there is one, else the Lambda's.
    remainingMs: () => remainingBudgetMs() ?? context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY,
    ...(days !== undefined && { retentionDays: days }),
  });
  return {
    async run(request) {
      const { ticket, replayed } = await create(request).catch((error: unknown) => {
        // A read cut off by the flow's deadline (a hung DynamoDB) is the deadline's failure: no
        // ticket was begun, and the flow has given up (#commons/aws/time-budget).
        const left = remainingBudgetMs();
        if (left !== undefined && left < 2 * MIN_ATTEMPT_MS && !(error instanceof DeadlineExceededError)) {
          throw new DeadlineExceededError(
            `Ticket filing not finished before the flow's deadline: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        throw error;
      });
      // A replayed request was counted when it was filed.
      if (!replayed)
        countMetric(METRIC_NAMES.ticketCreated, { category: ticket.category, kind: ticket.kind });
      return ticket;
    },
    registerLambdaContext(next) {
      context = next;
    },
  };
};
