import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DayStats } from '#adapters/day-stats';
import { counterKey, createTicketCounter } from '#adapters/ticket-counter';
import { requireTimeForCommit } from '#commons/aws/time-budget';
import { ticketRequestRecordId } from '#commons/idempotency';
import { countersDelta, ticketCounters } from '#domain/day-counters';
import type { Ticket } from '#domain/ticket';

/**
 * Filing a new ticket: ONE DynamoDB transaction (TransactWriteItems,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html) that
 *
 * 1. moves the year's counter from the value read before to the ticket's sequence number
 *    (condition: the counter still holds the value read — optimistic concurrency), so a number is
 *    taken exactly when its ticket is stored (no gaps, functions/adapters/ticket-counter.ts);
 * 2. puts the ticket (condition: no ticket has that number);
 * 3. puts the request record in the Idempotency table (condition: no live record for the request
 *    key), when the request has a key (functions/commons/idempotency.ts).
 *
 * "Either all of them succeed or none of them succeeds" (same page): a ticket never exists
 * without its request record, or a taken number without its ticket. A retry after any failure —
 * including a timeout after the transaction committed — finds the record and its ticket number.
 *
 * When the transaction is cancelled, DynamoDB says why per item (`CancellationReasons`, in the
 * order of the items): the request record's `ConditionalCheckFailed` comes with the stored record
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so a concurrent or earlier attempt of the same
 * request is answered without another read. `TransactionConflict` (another transaction on the same
 * counter item at the same moment) and throttling are contention: the caller retries.
 *
 * ClientRequestToken: "Providing a ClientRequestToken makes the call to TransactWriteItems
 * idempotent … A client request token is valid for 10 minutes" (API reference). The token here is
 * a hash of the whole transaction, so a resend of exactly this transaction (the SDK's own retry
 * after a lost response) is applied once and answered with success instead of a cancellation; a
 * different transaction never shares a token (no IdempotentParameterMismatch). Correctness does
 * not depend on it: after 10 minutes, or for a new attempt, the conditions and the request record
 * decide.
 */

export interface StoredTicketRequest {
  key: string;
  ticketNumber: string;
  fingerprint: string;
  /** What the first attempt answered (JSON), returned again to every retry. */
  result: Record<string, unknown>;
}

export interface FilingInput {
  ticket: Ticket;
  /** The counter of `year` read as `previous`, moved to `next` (the ticket's sequence number). */
  counter: { year: number; previous: number; next: number };
  request?: {
    key: string;
    fingerprint: string;
    result: Record<string, unknown>;
    /** Epoch seconds (the table's TTL attribute `expiration`). */
    expiresAt: number;
  };
  /** Epoch seconds now: a request record whose `expiration` has passed counts as absent. */
  nowSeconds: number;
}

export type FilingOutcome =
  | { kind: 'filed' }
  /** The request key already has a live record (an earlier or concurrent attempt committed). */
  | { kind: 'request-exists'; request: StoredTicketRequest }
  /** The counter moved since it was read: read again and retry. */
  | { kind: 'counter-moved' }
  /** The counter is behind (restored from a backup): a ticket already has this number. */
  | { kind: 'number-taken' }
  /** Another transaction on the same items, or throttling: back off and retry. */
  | { kind: 'contention'; reason: string };

export interface TicketFiling {
  /** The live request record of `key`, if any (strongly consistent). */
  findRequest(key: string, nowSeconds: number): Promise<StoredTicketRequest | undefined>;
  /** The year's counter value (0 before its first ticket). */
  currentSequence(year: number): Promise<number>;
  /** Whether a ticket with this number exists (strongly consistent). */
  isNumberTaken(ticketNumber: string): Promise<boolean>;
  file(input: FilingInput): Promise<FilingOutcome>;
}

export interface TicketFilingOptions {
  client: DynamoDBDocumentClient;
  ticketsTable: string;
  countersTable: string;
  /** The Idempotency table (key `id`, TTL `expiration`). */
  requestsTable: string;
  /**
   * The day's counters (functions/adapters/day-stats.ts): a report moves `reportsOpened` in the
   * same transaction, after the three items above (their cancellation reasons keep their places).
   */
  dayStats?: DayStats;
}

const toStoredRequest = (key: string, item: Record<string, unknown>): StoredTicketRequest | undefined => {
  const { ticketNumber, fingerprint, result } = item;
  if (typeof ticketNumber !== 'string' || typeof fingerprint !== 'string') return undefined;
  return {
    key,
    ticketNumber,
    fingerprint,
    result: result !== null && typeof result === 'object' ? (result as Record<string, unknown>) : {},
  };
};

const isLive = (item: Record<string, unknown>, nowSeconds: number): boolean =>
  typeof item.expiration !== 'number' || item.expiration >= nowSeconds;

/** ClientRequestToken (1–36 characters): a digest of the transaction itself. */
const tokenOf = (input: TransactWriteCommandInput): string =>
  createHash('sha256')
    .update(JSON.stringify(input.TransactItems, (_key, value) => (value instanceof Set ? [...value] : value)))
    .digest('hex')
    .slice(0, 36);

export const createTicketFiling = (options: TicketFilingOptions): TicketFiling => {
  const { client, ticketsTable, countersTable, requestsTable, dayStats } = options;
  const counter = createTicketCounter({ client, tableName: countersTable });

  const findRequest: TicketFiling['findRequest'] = async (key, nowSeconds) => {
    const output = await client.send(
      new GetCommand({
        TableName: requestsTable,
        Key: { id: ticketRequestRecordId(key) },
        ConsistentRead: true,
      }),
    );
    if (output.Item === undefined || !isLive(output.Item, nowSeconds)) return undefined;
    return toStoredRequest(key, output.Item);
  };

  return {
    findRequest,
    currentSequence: (year) => counter.current(year),

    async isNumberTaken(ticketNumber) {
      const output = await client.send(
        new GetCommand({
          TableName: ticketsTable,
          Key: { ticketNumber },
          ConsistentRead: true,
          ProjectionExpression: 'ticketNumber',
        }),
      );
      return output.Item !== undefined;
    },

    async file({ ticket, counter: move, request, nowSeconds }) {
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
        {
          Update: {
            TableName: countersTable,
            Key: { counter: counterKey(move.year) },
            UpdateExpression: 'SET #value = :next',
            ConditionExpression: move.previous === 0 ? 'attribute_not_exists(#value)' : '#value = :previous',
            ExpressionAttributeNames: { '#value': 'value' },
            ExpressionAttributeValues: {
              ':next': move.next,
              ...(move.previous !== 0 && { ':previous': move.previous }),
            },
          },
        },
        {
          Put: {
            TableName: ticketsTable,
            Item: ticket,
            ConditionExpression: 'attribute_not_exists(ticketNumber)',
          },
        },
      ];
      if (request !== undefined) {
        items.push({
          Put: {
            TableName: requestsTable,
            Item: {
              id: ticketRequestRecordId(request.key),
              ticketNumber: ticket.ticketNumber,
              fingerprint: request.fingerprint,
              result: request.result,
              createdAt: ticket.createdAt,
              expiration: request.expiresAt,
            },
            // An expired record not yet removed by TTL counts as absent (TTL deletes lazily).
            ConditionExpression: 'attribute_not_exists(id) OR #expiration < :now',
            ExpressionAttributeNames: { '#expiration': 'expiration' },
            ExpressionAttributeValues: { ':now': nowSeconds },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
      }
      if (dayStats !== undefined)
        items.push(...dayStats.updates(countersDelta(ticketCounters(undefined), ticketCounters(ticket))));
      const input: TransactWriteCommandInput = { TransactItems: items };
      input.ClientRequestToken = tokenOf(input);
      // In a flow invocation: not started unless it fits before the flow's deadline (a ticket the
      // caller is never told about is never begun; #commons/aws/time-budget). The check allows for
      // two round trips though the request record commits in this one: a margin, not a need.
      requireTimeForCommit(`Ticket ${ticket.ticketNumber} filing`);
      try {
        await client.send(new TransactWriteCommand(input));
        return { kind: 'filed' };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        return cancelled(error, request?.key, nowSeconds);
      }
    },
  };

  async function cancelled(
    error: TransactionCanceledException,
    key: string | undefined,
    nowSeconds: number,
  ): Promise<FilingOutcome> {
    const [counterReason, ticketReason, requestReason] = error.CancellationReasons ?? [];
    if (key !== undefined && requestReason?.Code === 'ConditionalCheckFailed') {
      const old =
        requestReason.Item !== undefined
          ? toStoredRequest(key, unmarshall(requestReason.Item))
          : await findRequest(key, nowSeconds);
      // Without the old item (an emulator that does not return it) read it; gone again (expired
      // between the check and the read) means the next attempt can file.
      if (old !== undefined) return { kind: 'request-exists', request: old };
      return { kind: 'contention', reason: 'request record vanished' };
    }
    // Every item's reason, the day's counters included: a conflict on the day's hot counter item is
    // contention like any other.
    const codes = (error.CancellationReasons ?? []).map((reason) => reason?.Code ?? 'None');
    const busy = codes.find((code) =>
      ['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'].includes(code),
    );
    if (busy !== undefined) return { kind: 'contention', reason: busy };
    if (counterReason?.Code === 'ConditionalCheckFailed') return { kind: 'counter-moved' };
    if (ticketReason?.Code === 'ConditionalCheckFailed') return { kind: 'number-taken' };
    throw error;
  }
};
