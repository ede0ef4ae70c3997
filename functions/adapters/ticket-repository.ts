import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { OPEN_STATUSES, type Ticket, type TicketStatus, ticketSchema } from '#domain/ticket';

/**
 * The Tickets table (docs/contracts.md): key `ticketNumber`, GSIs `byCaller` (callerHash,
 * createdAt) and `byDepartmentStatus` (departmentStatus, createdAt). Items are the {@link Ticket}
 * itself; `version` guards every overwrite. New tickets are written by the filing transaction
 * (functions/adapters/ticket-filing.ts), never here.
 */

export const BY_CALLER_INDEX = 'byCaller';
export const BY_DEPARTMENT_STATUS_INDEX = 'byDepartmentStatus';

/** Most items read by one caller lookup: the IVR must answer fast, and 20 open tickets is already odd. */
export const CALLER_SCAN_LIMIT = 50;
export const MAX_PAGE_SIZE = 100;

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
   */
  save(ticket: Ticket, expectedVersion: number): Promise<void>;
}

export interface TicketRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
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

export const createTicketRepository = ({ client, tableName }: TicketRepositoryOptions): TicketRepository => {
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
    async get(ticketNumber) {
      const output = await client.send(
        new GetCommand({ TableName: tableName, Key: { ticketNumber }, ConsistentRead: true }),
      );
      return output.Item === undefined ? undefined : toTicket(output.Item);
    },

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

    async save(ticket, expectedVersion) {
      if (ticket.version !== expectedVersion + 1) {
        throw new RangeError(
          `save: ticket ${ticket.ticketNumber} has version ${ticket.version}, expected ${expectedVersion + 1}`,
        );
      }
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: ticket,
            ConditionExpression: 'attribute_exists(ticketNumber) AND #version = :expectedVersion',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ConcurrentModificationError(ticket.ticketNumber, expectedVersion, storedVersion(error));
        }
        throw error;
      }
    },
  };
};
