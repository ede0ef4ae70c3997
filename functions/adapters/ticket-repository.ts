import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { commitCounted, type DayStats } from '#adapters/day-stats';
import { countersDelta, ticketCounters } from '#domain/day-counters';
import {
  departmentStatusKey,
  OPEN_STATUSES,
  type Ticket,
  type TicketStatus,
  ticketSchema,
} from '#domain/ticket';

/**
 * The Tickets table (docs/contracts.md): key `ticketNumber`, GSIs `byCaller` (callerHash,
 * createdAt), `byDepartmentStatus` (departmentStatus, createdAt) and `byDepartmentStatusDue`
 * (departmentStatus, dueAt). Items are the {@link Ticket} itself plus attributes other parts own
 * (the SLA job's `slaAlerts`); `version` guards every change, and changes are UpdateItems that
 * name only the attributes that changed, so nothing the ticket schema does not know is dropped. New tickets are written by the
 * filing transaction (functions/adapters/ticket-filing.ts), never here.
 */

export const BY_CALLER_INDEX = 'byCaller';
export const BY_DEPARTMENT_STATUS_INDEX = 'byDepartmentStatus';
export const BY_DEPARTMENT_STATUS_DUE_INDEX = 'byDepartmentStatusDue';
/** Set attribute of SLA marks already notified (`overdue@<dueAt>`, `due-soon@<dueAt>`). */
export const SLA_ALERTS_ATTRIBUTE = 'slaAlerts';

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

/** Where one status's stream of a department list stands: after this ticket, or finished. */
export type StreamPosition = { ticketNumber: string; dueAt: string } | 'done';
/** A position in a department list merged over several statuses (absent status: from the start). */
export type ListPosition = Partial<Record<TicketStatus, StreamPosition>>;

export interface DueListQuery {
  departmentId: string;
  statuses: readonly TicketStatus[];
  /** Only tickets assigned to this username. */
  assignee?: string;
  limit: number;
  after?: ListPosition;
}

export interface DueListPage {
  tickets: Ticket[];
  /** Absent on the last page. */
  next?: ListPosition;
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
   * One department's tickets in the given statuses, earliest `dueAt` first (ties by ticket
   * number), paged: each status is a query of GSI `byDepartmentStatusDue`, merged in order.
   */
  listByDepartmentDue(query: DueListQuery): Promise<DueListPage>;
  /** How many tickets of a department are in a status (only those due at or before `dueBy`, when given). */
  countByDepartmentStatus(departmentId: string, status: TicketStatus, dueBy?: string): Promise<number>;
  /** A department's tickets in one status created at or after `since` (ISO, city offset). */
  listCreatedSince(departmentId: string, status: TicketStatus, since: string): Promise<Ticket[]>;
  /** Every ticket of a department in one status whose `dueAt` is at or before `dueBy` (ISO, city offset). */
  listDueBy(departmentId: string, status: TicketStatus, dueBy: string): Promise<Ticket[]>;
  /**
   * Writes the change from `previous` (as read) to `ticket` if the stored version is
   * `expectedVersion` (and `ticket.version` is `expectedVersion + 1`, as lifecycle changes
   * produce); else {@link ConcurrentModificationError}. One UpdateItem naming only the changed
   * attributes (history entries are appended); without `previous` every ticket attribute is set.
   * Attributes the ticket schema does not know are never touched.
   */
  save(ticket: Ticket, expectedVersion: number, previous?: Ticket): Promise<void>;
  /**
   * Records that the SLA `mark` of the ticket at this `dueAt` was notified; false when it already
   * was, or the ticket's due time has moved since it was read (the claim makes the notice once).
   */
  claimSlaAlert(ticketNumber: string, mark: string, dueAt: string): Promise<boolean>;
  /** Takes a claim back (the notice could not be sent; the next run tries again). */
  releaseSlaAlert(ticketNumber: string, mark: string): Promise<void>;
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

/** Attributes of a ticket, as the domain defines them (ticketNumber is the key). */
const TICKET_FIELDS = [
  'kind',
  'category',
  'departmentId',
  'location',
  'description',
  'callerNumber',
  'callerHash',
  'callerMasked',
  'contactId',
  'createdAt',
  'updatedAt',
  'dueAt',
  'status',
  'assignee',
  'history',
  'version',
  'departmentStatus',
  'expiresAt',
] as const satisfies readonly (keyof Ticket)[];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The update expression turning `previous` into `next` (every field when there is no previous). */
export const changeExpression = (
  next: Ticket,
  previous: Ticket | undefined,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  TICKET_FIELDS.forEach((field, index) => {
    const value = next[field];
    const before = previous?.[field];
    if (previous !== undefined && same(value, before)) return;
    const name = `#a${index}`;
    if (value === undefined) {
      if (previous !== undefined) {
        names[name] = field;
        removes.push(name);
      }
      return;
    }
    names[name] = field;
    if (
      field === 'history' &&
      previous !== undefined &&
      next.history.length > previous.history.length &&
      same(next.history.slice(0, previous.history.length), previous.history)
    ) {
      values[`:v${index}`] = next.history.slice(previous.history.length);
      sets.push(`${name} = list_append(${name}, :v${index})`);
      return;
    }
    values[`:v${index}`] = value;
    sets.push(`${name} = :v${index}`);
  });
  const expression = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  return { expression, names, values };
};

const byDue = (a: Ticket, b: Ticket): number =>
  a.dueAt === b.dueAt ? a.ticketNumber.localeCompare(b.ticketNumber) : a.dueAt.localeCompare(b.dueAt);

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

  /** Every ticket a query matches, page after page (the SDK's paginator). */
  const queryAll = async (input: QueryCommandInput): Promise<Ticket[]> => {
    const tickets: Ticket[] = [];
    for await (const page of paginateQuery({ client }, input))
      tickets.push(...(page.Items ?? []).map(toTicket));
    return tickets;
  };

  return {
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

    async listByDepartmentDue({ departmentId, statuses, assignee, limit, after }) {
      const size = clampLimit(limit, limit);
      interface Stream {
        status: TicketStatus;
        start: Record<string, unknown> | undefined;
        done: boolean;
        buffer: Ticket[];
        last: Ticket | undefined;
        initial: StreamPosition | undefined;
      }
      const streams: Stream[] = [...new Set(statuses)].map((status) => {
        const position = after?.[status];
        return {
          status,
          start:
            position === undefined || position === 'done'
              ? undefined
              : {
                  ticketNumber: position.ticketNumber,
                  dueAt: position.dueAt,
                  departmentStatus: departmentStatusKey(departmentId, status),
                },
          done: position === 'done',
          buffer: [],
          last: undefined,
          initial: position,
        };
      });
      const fetch = async (stream: Stream) => {
        const output = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: BY_DEPARTMENT_STATUS_DUE_INDEX,
            KeyConditionExpression: 'departmentStatus = :departmentStatus',
            ExpressionAttributeValues: {
              ':departmentStatus': departmentStatusKey(departmentId, stream.status),
              ...(assignee !== undefined && { ':assignee': assignee }),
            },
            ...(assignee !== undefined && {
              FilterExpression: '#assignee = :assignee',
              ExpressionAttributeNames: { '#assignee': 'assignee' },
            }),
            ScanIndexForward: true,
            Limit: size,
            ...(stream.start !== undefined && { ExclusiveStartKey: stream.start }),
          }),
        );
        // Within one stream the index order is dueAt, then the table key (ticketNumber).
        stream.buffer.push(...(output.Items ?? []).map(toTicket));
        stream.start = output.LastEvaluatedKey;
        stream.done = output.LastEvaluatedKey === undefined;
      };
      const tickets: Ticket[] = [];
      while (tickets.length < size) {
        for (const stream of streams) {
          while (stream.buffer.length === 0 && !stream.done) await fetch(stream);
        }
        let best: Stream | undefined;
        for (const stream of streams) {
          const head = stream.buffer[0];
          const bestHead = best?.buffer[0];
          if (head !== undefined && (bestHead === undefined || byDue(head, bestHead) < 0)) best = stream;
        }
        const taken = best?.buffer.shift();
        if (best === undefined || taken === undefined) break;
        best.last = taken;
        tickets.push(taken);
      }
      const finished = streams.every((stream) => stream.done && stream.buffer.length === 0);
      if (finished) return { tickets };
      const next: ListPosition = {};
      for (const stream of streams) {
        next[stream.status] =
          stream.done && stream.buffer.length === 0
            ? 'done'
            : stream.last !== undefined
              ? { ticketNumber: stream.last.ticketNumber, dueAt: stream.last.dueAt }
              : (stream.initial ?? undefined);
        if (next[stream.status] === undefined) delete next[stream.status];
      }
      return { tickets, next };
    },

    async countByDepartmentStatus(departmentId, status, dueBy) {
      let count = 0;
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          IndexName: BY_DEPARTMENT_STATUS_DUE_INDEX,
          KeyConditionExpression:
            dueBy === undefined
              ? 'departmentStatus = :departmentStatus'
              : 'departmentStatus = :departmentStatus AND dueAt <= :dueBy',
          ExpressionAttributeValues: {
            ':departmentStatus': departmentStatusKey(departmentId, status),
            ...(dueBy !== undefined && { ':dueBy': dueBy }),
          },
          Select: 'COUNT',
        },
      );
      for await (const page of pages) count += page.Count ?? 0;
      return count;
    },

    listCreatedSince: (departmentId, status, since) =>
      queryAll({
        TableName: tableName,
        IndexName: BY_DEPARTMENT_STATUS_INDEX,
        KeyConditionExpression: 'departmentStatus = :departmentStatus AND createdAt >= :since',
        ExpressionAttributeValues: {
          ':departmentStatus': departmentStatusKey(departmentId, status),
          ':since': since,
        },
      }),

    listDueBy: (departmentId, status, dueBy) =>
      queryAll({
        TableName: tableName,
        IndexName: BY_DEPARTMENT_STATUS_DUE_INDEX,
        KeyConditionExpression: 'departmentStatus = :departmentStatus AND dueAt <= :dueBy',
        ExpressionAttributeValues: {
          ':departmentStatus': departmentStatusKey(departmentId, status),
          ':dueBy': dueBy,
        },
      }),

    async save(ticket, expectedVersion, previous) {
      if (ticket.version !== expectedVersion + 1) {
        throw new RangeError(
          `save: ticket ${ticket.ticketNumber} has version ${ticket.version}, expected ${expectedVersion + 1}`,
        );
      }
      const change = changeExpression(ticket, previous);
      const update = {
        TableName: tableName,
        Key: { ticketNumber: ticket.ticketNumber },
        UpdateExpression: change.expression,
        ConditionExpression: 'attribute_exists(ticketNumber) AND #version = :expectedVersion',
        ExpressionAttributeNames: { ...change.names, '#version': 'version' },
        ExpressionAttributeValues: { ...change.values, ':expectedVersion': expectedVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      };
      if (dayStats !== undefined) {
        const before = previous?.version === expectedVersion ? previous : await get(ticket.ticketNumber);
        const counters = counterUpdates(before, ticket);
        if (counters.length > 0) {
          const result = await commitCounted(client, [{ Update: update }, ...counters]);
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
        await client.send(new UpdateCommand(update));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ConcurrentModificationError(ticket.ticketNumber, expectedVersion, storedVersion(error));
        }
        throw error;
      }
    },

    async claimSlaAlert(ticketNumber, mark, dueAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { ticketNumber },
            UpdateExpression: 'ADD #alerts :mark',
            ConditionExpression:
              'attribute_exists(ticketNumber) AND #dueAt = :dueAt AND NOT contains(#alerts, :markValue)',
            ExpressionAttributeNames: { '#alerts': SLA_ALERTS_ATTRIBUTE, '#dueAt': 'dueAt' },
            ExpressionAttributeValues: { ':mark': new Set([mark]), ':markValue': mark, ':dueAt': dueAt },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async releaseSlaAlert(ticketNumber, mark) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { ticketNumber },
          UpdateExpression: 'DELETE #alerts :mark',
          ConditionExpression: 'attribute_exists(ticketNumber)',
          ExpressionAttributeNames: { '#alerts': SLA_ALERTS_ATTRIBUTE },
          ExpressionAttributeValues: { ':mark': new Set([mark]) },
        }),
      );
    },
  };
};
