import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { commitCounted, type DayStats } from '#adapters/day-stats';
import { countersDelta, ticketCounters } from '#domain/day-counters';
import { OPEN_STATUSES, type Ticket, type TicketStatus, ticketSchema } from '#domain/ticket';

/**
 * The Tickets table (docs/contracts.md): key `ticketNumber`, GSIs `byCaller` (callerHash,
 * createdAt) and `byDepartmentStatus` (departmentStatus, createdAt). Items are the {@link Ticket}
 * itself; `version` guards every overwrite.
 */

export const BY_CALLER_INDEX = 'byCaller';
export const BY_DEPARTMENT_STATUS_INDEX = 'byDepartmentStatus';

/** Most items read by one caller lookup: the IVR must answer fast, and 20 open tickets is already odd. */
export const CALLER_SCAN_LIMIT = 50;
export const MAX_PAGE_SIZE = 100;

export class TicketAlreadyExistsError extends Error {
  override readonly name = 'TicketAlreadyExistsError';
  constructor(readonly ticketNumber: string) {
    super(`Ticket ${ticketNumber} already exists`);
  }
}

/** Someone else changed (or deleted) the ticket since it was read. */
export class ConcurrentModificationError extends Error {
  override readonly name = 'ConcurrentModificationError';
  constructor(
    readonly ticketNumber: string,
    readonly expectedVersion: number,
    /** The stored version, or undefined when the ticket does not exist. */
    readonly actualVersion: number | undefined,
  ) {
    super(
      actualVersion === undefined
        ? `Ticket ${ticketNumber} does not exist (expected version ${expectedVersion})`
        : `Ticket ${ticketNumber} is at version ${actualVersion}, expected ${expectedVersion}`,
    );
  }
}

/** A stored item that is not a valid ticket (data corruption or a schema drift). */
export class CorruptTicketError extends Error {
  override readonly name = 'CorruptTicketError';
  constructor(
    readonly ticketNumber: string,
    readonly issues: string[],
  ) {
    super(`Stored ticket ${ticketNumber} is invalid: ${issues.join('; ')}`);
  }
}

export interface TicketPage {
  tickets: Ticket[];
  /** Opaque cursor for the next page, absent on the last page. */
  cursor?: string;
}

export interface TicketRepository {
  /** Stores a new ticket; {@link TicketAlreadyExistsError} if the number is taken. */
  create(ticket: Ticket): Promise<void>;
  /** Strongly consistent read; undefined when absent. */
  get(ticketNumber: string): Promise<Ticket | undefined>;
  /** The caller's tickets, newest first, reading at most `limit` (default {@link CALLER_SCAN_LIMIT}) items. */
  listByCallerHash(callerHash: string, options?: { limit?: number }): Promise<Ticket[]>;
  /** The open ones among the caller's newest `limit` tickets, newest first (one bounded query). */
  listOpenByCallerHash(callerHash: string, options?: { limit?: number }): Promise<Ticket[]>;
  /** One department's tickets in one status, newest first, paged. */
  listByDepartmentStatus(
    departmentId: string,
    status: TicketStatus,
    limit: number,
    cursor?: string,
  ): Promise<TicketPage>;
  /**
   * Overwrites the ticket if the stored version is `expectedVersion` (and `ticket.version` is
   * `expectedVersion + 1`, as lifecycle changes produce); else {@link ConcurrentModificationError}.
   * `previous` is the stored ticket the change was made from, when the caller has it (with day
   * counters, it saves a read).
   */
  save(ticket: Ticket, expectedVersion: number, previous?: Ticket): Promise<void>;
}

export interface TicketRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * The day's counters (functions/adapters/day-stats.ts): a report's creation and its resolution
   * move them in the same transaction as the ticket's write (the version condition makes each
   * change count once). Given by every composition root that writes tickets.
   */
  dayStats?: DayStats;
}

const toTicket = (item: Record<string, unknown>): Ticket => {
  const result = ticketSchema.safeParse(item);
  if (!result.success) {
    throw new CorruptTicketError(
      String(item.ticketNumber ?? '?'),
      result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return result.data;
};

const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key !== null && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new RangeError('Invalid page cursor');
};

const clampLimit = (limit: number | undefined, fallback: number): number => {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError('limit must be a positive integer');
  return Math.min(value, MAX_PAGE_SIZE);
};

const storedVersion = (error: ConditionalCheckFailedException): number | undefined => {
  const version = error.Item?.version;
  return version?.N === undefined ? undefined : Number(version.N);
};

export const createTicketRepository = ({
  client,
  tableName,
  dayStats,
}: TicketRepositoryOptions): TicketRepository => {
  const get = async (ticketNumber: string): Promise<Ticket | undefined> => {
    const output = await client.send(
      new GetCommand({ TableName: tableName, Key: { ticketNumber }, ConsistentRead: true }),
    );
    return output.Item === undefined ? undefined : toTicket(output.Item);
  };

  /** The counter updates a change from `before` to `after` makes (none without day counters). */
  const counterUpdates = (before: Ticket | undefined, after: Ticket) =>
    dayStats === undefined
      ? []
      : dayStats.updates(countersDelta(ticketCounters(before), ticketCounters(after)));

  const queryCaller = async (callerHash: string, limit: number, openOnly: boolean): Promise<Ticket[]> => {
    const input: QueryCommandInput = {
      TableName: tableName,
      IndexName: BY_CALLER_INDEX,
      KeyConditionExpression: 'callerHash = :callerHash',
      ExpressionAttributeValues: { ':callerHash': callerHash },
      ScanIndexForward: false,
      Limit: limit,
    };
    if (openOnly) {
      // Limit applies before the filter: at most `limit` items are read, whatever the caller's history.
      input.FilterExpression = `#status IN (${OPEN_STATUSES.map((_, i) => `:open${i}`).join(', ')})`;
      input.ExpressionAttributeNames = { '#status': 'status' };
      OPEN_STATUSES.forEach((status, i) => {
        (input.ExpressionAttributeValues as Record<string, unknown>)[`:open${i}`] = status;
      });
    }
    const output = await client.send(new QueryCommand(input));
    return (output.Items ?? []).map(toTicket);
  };

  return {
    async create(ticket) {
      const put = {
        TableName: tableName,
        Item: ticket,
        ConditionExpression: 'attribute_not_exists(ticketNumber)',
      };
      const counters = counterUpdates(undefined, ticket);
      if (counters.length > 0) {
        const result = await commitCounted(client, [{ Put: put }, ...counters]);
        if (!result.committed) throw new TicketAlreadyExistsError(ticket.ticketNumber);
        return;
      }
      try {
        await client.send(new PutCommand(put));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new TicketAlreadyExistsError(ticket.ticketNumber);
        throw error;
      }
    },

    get,

    async listByCallerHash(callerHash, options) {
      return queryCaller(callerHash, clampLimit(options?.limit, CALLER_SCAN_LIMIT), false);
    },

    async listOpenByCallerHash(callerHash, options) {
      return queryCaller(callerHash, clampLimit(options?.limit, CALLER_SCAN_LIMIT), true);
    },

    async listByDepartmentStatus(departmentId, status, limit, cursor) {
      const exclusiveStartKey = decodeCursor(cursor);
      const output = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: BY_DEPARTMENT_STATUS_INDEX,
          KeyConditionExpression: 'departmentStatus = :departmentStatus',
          ExpressionAttributeValues: { ':departmentStatus': `${departmentId}#${status}` },
          ScanIndexForward: false,
          Limit: clampLimit(limit, limit),
          ...(exclusiveStartKey !== undefined && { ExclusiveStartKey: exclusiveStartKey }),
        }),
      );
      const next = encodeCursor(output.LastEvaluatedKey);
      return { tickets: (output.Items ?? []).map(toTicket), ...(next !== undefined && { cursor: next }) };
    },

    async save(ticket, expectedVersion, previous) {
      if (ticket.version !== expectedVersion + 1) {
        throw new RangeError(
          `save: ticket ${ticket.ticketNumber} has version ${ticket.version}, expected ${expectedVersion + 1}`,
        );
      }
      const put = {
        TableName: tableName,
        Item: ticket,
        ConditionExpression: 'attribute_exists(ticketNumber) AND #version = :expectedVersion',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      };
      if (dayStats !== undefined) {
        const before = previous?.version === expectedVersion ? previous : await get(ticket.ticketNumber);
        const counters = counterUpdates(before, ticket);
        if (counters.length > 0) {
          const result = await commitCounted(client, [{ Put: put }, ...counters]);
          if (!result.committed) {
            const stored = Number(result.item?.version);
            throw new ConcurrentModificationError(
              ticket.ticketNumber,
              expectedVersion,
              Number.isFinite(stored) ? stored : before?.version,
            );
          }
          return;
        }
      }
      try {
        await client.send(new PutCommand(put));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ConcurrentModificationError(ticket.ticketNumber, expectedVersion, storedVersion(error));
        }
        throw error;
      }
    },
  };
};
