import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { commitCounted, type DayStats, type TransactItem } from '#adapters/day-stats';
import { batchGetAll } from '#commons/aws/batch';
import { contactCounters, countersDelta, type DayCounters, sumCounters } from '#domain/day-counters';
import { isIsoInstant } from '#domain/time';

/**
 * The Contacts table (docs/contracts.md, "Contact records"): one item per call, key `contactId`,
 * GSI `byDay` (`day` = `YYYY-MM-DD` in city time, `initiatedAt`). Written by the desk's API
 * (disposition, abuse warnings) and, in the sandbox, by the simulated phone (call fields); read by
 * `/api/stats/today`. No caller number is ever stored here.
 *
 * `ticketNumbers` is stored as a DynamoDB string set (so adding the same ticket twice, e.g. on a
 * retried request, is harmless) and read back as a sorted array. Items expire through the TTL
 * attribute `expiresAt` (epoch seconds), set when the item is first written.
 */

export const BY_DAY_INDEX = 'byDay';

export const CONTACT_OUTCOMES = ['queued', 'answered', 'abandoned', 'self-service', 'transferred'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** The counselor's wrap-up: answered directly (first-contact resolution), transferred, or a ticket filed. */
export const CONTACT_DISPOSITIONS = ['answered', 'transferred', 'ticket'] as const;
export type ContactDisposition = (typeof CONTACT_DISPOSITIONS)[number];

/** Default lifetime of a record when the caller does not say (two years: year-over-year figures). */
export const DEFAULT_CONTACT_RETENTION_DAYS = 730;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const instant = z.string().refine(isIsoInstant, 'must be ISO 8601 with offset');

export const contactRecordSchema = z.object({
  contactId: z.string().min(1).max(256),
  /** `YYYY-MM-DD` in the city's time zone. */
  day: z.string().regex(DAY, 'must be YYYY-MM-DD'),
  initiatedAt: instant,
  /** Entry-point id (`unified`, `barocall`, …) or `unknown`. */
  entryPoint: z.string().min(1).max(64),
  dialedUnified: z.boolean(),
  category: z.string().min(1).max(64).optional(),
  queuedAt: instant.optional(),
  answeredAt: instant.optional(),
  endedAt: instant.optional(),
  outcome: z.enum(CONTACT_OUTCOMES),
  disposition: z.enum(CONTACT_DISPOSITIONS).optional(),
  ticketNumbers: z
    .union([z.array(z.string()), z.set(z.string())])
    .transform((value) => [...value].sort())
    .optional(),
  abuseWarnings: z.number().int().min(0).optional(),
  /** `LastUpdateTimestamp` (UTC ISO) of the newest contact trace record applied to the record. */
  ctrUpdatedAt: instant.optional(),
  expiresAt: z.number().int().optional(),
});

export type ContactRecord = z.infer<typeof contactRecordSchema>;

/** Fields `update` may set; `ticketNumbers` are added to the stored ones, never replace them. */
export type ContactRecordPatch = Partial<Omit<ContactRecord, 'contactId' | 'expiresAt'>>;

/** Required fields written only when the record does not exist yet (`if_not_exists`). */
export type ContactRecordDefaults = Pick<
  ContactRecord,
  'day' | 'initiatedAt' | 'entryPoint' | 'dialedUnified' | 'outcome'
>;

/**
 * A contact trace record older than the one the record already holds (`ctrUpdatedAt`): nothing
 * was written. Connect delivers contact records at least once and re-sends them when they change;
 * "use the LastUpdateTimestamp attribute to determine whether a copy has newer data than previous
 * copies" (https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html).
 */
export class StaleContactRecordError extends Error {
  override readonly name = 'StaleContactRecordError';
  constructor(
    readonly contactId: string,
    readonly updatedAt: string,
  ) {
    super(`Contact ${contactId}: a newer contact trace record than ${updatedAt} is already applied`);
  }
}

/** A stored item that is not a valid contact record. */
export class CorruptContactRecordError extends Error {
  override readonly name = 'CorruptContactRecordError';
  constructor(
    readonly contactId: string,
    readonly issues: string[],
  ) {
    super(`Stored contact record ${contactId} is invalid: ${issues.join('; ')}`);
  }
}

export interface ContactRecords {
  /** Writes the whole record (overwrites): the call's start, from the sandbox phone or a CTR consumer. */
  put(record: ContactRecord): Promise<void>;
  /**
   * Sets the patch's fields, adding `ticketNumbers` to the stored set; creates the record when it
   * is absent, taking the missing required fields from `defaults` (or, without defaults, from
   * `patch` — then `day`, `initiatedAt`, `entryPoint`, `dialedUnified` and `outcome` must be in it).
   * `patch` may be a function of the stored record (read strongly consistently just before the
   * write, and again when another writer changed the record first). Returns the record as stored
   * afterwards.
   */
  update(
    contactId: string,
    patch: ContactRecordPatch | ((stored: ContactRecord | undefined) => ContactRecordPatch),
    defaults?: ContactRecordDefaults,
    /**
     * `ctrUpdatedAt`: the patch comes from a contact trace record with this LastUpdateTimestamp
     * (UTC ISO); it is written only if no newer one was (conditional write), else
     * {@link StaleContactRecordError}. A record with the same timestamp (a redelivery) is written again.
     */
    options?: { ctrUpdatedAt?: string },
  ): Promise<ContactRecord>;
  /**
   * Several `update`s with contact trace records, in order, written together (needs `dayStats`):
   * strongly consistent BatchGetItem reads (functions/commons/aws/batch.ts), then one transaction
   * per {@link UPDATE_MANY_CHUNK} contacts holding each contact's write (several versions of one
   * contact folded into one) and the day's counters moved by their sum. Answers each update's outcome, in order: `written` with the record after
   * it, or `stale` (a newer contact trace record was already applied; nothing written for it).
   * Throws {@link ContactRecordsChangedError} when another writer changed one of the records
   * between the read and the write (the caller then goes one by one: `update` reads again), and
   * whatever DynamoDB throws; chunks committed before a failure stay written (each is a complete
   * set of writes with its own counters, and replaying them changes nothing).
   */
  updateMany(changes: readonly ContactRecordChange[]): Promise<ContactRecordChangeOutcome[]>;
  /** Strongly consistent read; undefined when absent. */
  get(contactId: string): Promise<ContactRecord | undefined>;
  /** Every record of a city day, oldest first (all pages). */
  listByDay(day: string): Promise<ContactRecord[]>;
}

/** One `update` of {@link ContactRecords.updateMany}. */
export interface ContactRecordChange {
  contactId: string;
  patch: ContactRecordPatch | ((stored: ContactRecord | undefined) => ContactRecordPatch);
  defaults?: ContactRecordDefaults;
  /** The contact trace record's LastUpdateTimestamp (UTC ISO), as `update`'s option. */
  ctrUpdatedAt?: string;
}

export type ContactRecordChangeOutcome = { status: 'written'; record: ContactRecord } | { status: 'stale' };

/** `updateMany`: another writer changed a record between the read and the write; nothing of that chunk was written. */
export class ContactRecordsChangedError extends Error {
  override readonly name = 'ContactRecordsChangedError';
  constructor(readonly contactId: string | undefined) {
    super(`Contact record ${contactId ?? '?'} changed while a batch of updates was being written`);
  }
}

/**
 * Contacts per `updateMany` transaction. TransactWriteItems takes up to 100 actions, none two on
 * one item (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html);
 * the rest is left for the counters' items (one per day the chunk's records move).
 */
export const UPDATE_MANY_CHUNK = 90;

export interface ContactRecordsOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Lifetime of a record from its first write; default {@link DEFAULT_CONTACT_RETENTION_DAYS}. */
  retentionDays?: number;
  now?: () => Date;
  /**
   * The day's counters (functions/adapters/day-stats.ts). Every writer of the table in the app (the
   * desk API, the ctr-consumer) passes them: each write then moves the counters of its record's day
   * by the difference it makes, in the same transaction, on the condition that the record is still
   * the revision it read (attribute `rev`, +1 per write). A writer without them would leave the
   * day's figures short.
   */
  dayStats?: DayStats;
}

const toRecord = (item: Record<string, unknown>): ContactRecord => {
  const result = contactRecordSchema.safeParse(item);
  if (!result.success) {
    throw new CorruptContactRecordError(
      String(item.contactId ?? '?'),
      result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return result.data;
};

const DEFAULT_FIELDS = ['day', 'initiatedAt', 'entryPoint', 'dialedUnified', 'outcome'] as const;

/** The revision attribute counted writes condition on (not part of the record). */
const REVISION = 'rev';
/** Counted writes that lost the race to another writer are retried from a fresh read this often. */
const REVISION_ATTEMPTS = 8;

/** An update expression: SET for the patch, if_not_exists for defaults and expiry, ADD for ticket numbers. */
const updateExpression = (
  patch: ContactRecordPatch,
  defaults: ContactRecordDefaults | undefined,
  expiresAt: number,
  ctrUpdatedAt?: string,
) => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const adds: string[] = [];
  let n = 0;
  const placeholder = (field: string, value: unknown) => {
    n += 1;
    names[`#f${n}`] = field;
    values[`:v${n}`] = value;
    return [`#f${n}`, `:v${n}`] as const;
  };
  const { ticketNumbers, ...fields } = patch;
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined || field === 'contactId' || field === 'expiresAt' || field === 'ctrUpdatedAt')
      continue;
    const [name, val] = placeholder(field, value);
    sets.push(`${name} = ${val}`);
  }
  let condition: string | undefined;
  if (ctrUpdatedAt !== undefined) {
    const [name, val] = placeholder('ctrUpdatedAt', ctrUpdatedAt);
    sets.push(`${name} = ${val}`);
    condition = `attribute_not_exists(${name}) OR ${name} <= ${val}`;
  }
  for (const field of DEFAULT_FIELDS) {
    if (fields[field] !== undefined) continue;
    const value = defaults?.[field];
    if (value === undefined) continue;
    const [name, val] = placeholder(field, value);
    sets.push(`${name} = if_not_exists(${name}, ${val})`);
  }
  const [expiresName, expiresValue] = placeholder('expiresAt', expiresAt);
  sets.push(`${expiresName} = if_not_exists(${expiresName}, ${expiresValue})`);
  if (ticketNumbers !== undefined && ticketNumbers.length > 0) {
    const [name, val] = placeholder('ticketNumbers', new Set(ticketNumbers));
    adds.push(`${name} ${val}`);
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    /** Only with `ctrUpdatedAt`: no newer contact trace record was applied (the uncounted write). */
    condition,
  };
};

/** The record `updateExpression` leaves behind, computed from the stored one (for the counters). */
const merged = (
  contactId: string,
  stored: Record<string, unknown> | undefined,
  patch: ContactRecordPatch,
  defaults: ContactRecordDefaults | undefined,
  expiresAt: number,
  ctrUpdatedAt?: string,
): ContactRecord => {
  const next: Record<string, unknown> = { ...stored, contactId };
  if (ctrUpdatedAt !== undefined) next.ctrUpdatedAt = ctrUpdatedAt;
  const { ticketNumbers, ...fields } = patch;
  for (const field of DEFAULT_FIELDS) {
    if (next[field] === undefined && defaults?.[field] !== undefined) next[field] = defaults[field];
  }
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) next[field] = value;
  next.expiresAt ??= expiresAt;
  if (ticketNumbers !== undefined && ticketNumbers.length > 0) {
    next.ticketNumbers = [
      ...new Set([...((next.ticketNumbers as Iterable<string> | undefined) ?? []), ...ticketNumbers]),
    ];
  }
  return toRecord(next);
};

export const createContactRecords = ({
  client,
  tableName,
  retentionDays = DEFAULT_CONTACT_RETENTION_DAYS,
  now = () => new Date(),
  dayStats,
}: ContactRecordsOptions): ContactRecords => {
  const expiry = () => Math.floor(now().getTime() / 1000) + retentionDays * 86_400;

  const readItem = async (contactId: string): Promise<Record<string, unknown> | undefined> => {
    const output = await client.send(
      new GetCommand({ TableName: tableName, Key: { contactId }, ConsistentRead: true }),
    );
    return output.Item;
  };

  /**
   * A write and the counters it moves, as one transaction conditioned on the record's revision:
   * read, build (`write` gets the stored item and answers the record afterwards and its
   * transaction item without condition), commit; again from a fresh read when another writer got
   * there first.
   */
  const countedWrite = async (
    counters: DayStats,
    contactId: string,
    write: (stored: Record<string, unknown> | undefined) => { next: ContactRecord; item: TransactItem },
  ): Promise<ContactRecord> => {
    for (let attempt = 1; ; attempt++) {
      const stored = await readItem(contactId);
      const { next, item } = write(stored);
      const revision = typeof stored?.[REVISION] === 'number' ? (stored[REVISION] as number) : undefined;
      const delta = countersDelta(
        contactCounters(stored === undefined ? undefined : toRecord(stored)),
        contactCounters(next),
      );
      const guarded = withRevision(item, stored === undefined, revision);
      const result = await commitCounted(client, [guarded, ...counters.updates(delta)]);
      if (result.committed) return next;
      if (result.conditionFailedAt !== 0 || attempt >= REVISION_ATTEMPTS)
        throw new Error(`Contact record ${contactId}: still changing after ${attempt} attempts`);
    }
  };

  /** Strongly consistent reads of several records, by id. */
  const readItems = async (contactIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> => {
    const items = await batchGetAll(
      contactIds.map((contactId) => ({ contactId })),
      { client, tableName },
    );
    return new Map(items.map((item) => [String(item.contactId), item]));
  };

  const records: ContactRecords = {
    async put(record) {
      const valid = contactRecordSchema.parse(record);
      const { ticketNumbers, ...rest } = valid;
      const item = {
        ...rest,
        ...(ticketNumbers !== undefined &&
          ticketNumbers.length > 0 && { ticketNumbers: new Set(ticketNumbers) }),
        expiresAt: valid.expiresAt ?? expiry(),
      };
      if (dayStats === undefined) {
        await client.send(new PutCommand({ TableName: tableName, Item: item }));
        return;
      }
      await countedWrite(dayStats, valid.contactId, () => ({
        next: valid,
        item: { Put: { TableName: tableName, Item: item } },
      }));
    },

    async update(contactId, patchOrFunction, defaults, options) {
      const patchOf = (stored: Record<string, unknown> | undefined): ContactRecordPatch =>
        typeof patchOrFunction === 'function'
          ? patchOrFunction(stored === undefined ? undefined : toRecord(stored))
          : patchOrFunction;
      const expiresAt = expiry();
      const ctrUpdatedAt = options?.ctrUpdatedAt;
      if (dayStats !== undefined) {
        return countedWrite(dayStats, contactId, (stored) => {
          // The counted write is conditioned on the revision read here: checking the stored
          // ctrUpdatedAt on that read is as good as a condition on it.
          if (
            ctrUpdatedAt !== undefined &&
            typeof stored?.ctrUpdatedAt === 'string' &&
            stored.ctrUpdatedAt > ctrUpdatedAt
          )
            throw new StaleContactRecordError(contactId, ctrUpdatedAt);
          const patch = patchOf(stored);
          const { condition: _unused, ...expression } = updateExpression(
            patch,
            defaults,
            expiresAt,
            ctrUpdatedAt,
          );
          return {
            next: merged(contactId, stored, patch, defaults, expiresAt, ctrUpdatedAt),
            item: { Update: { TableName: tableName, Key: { contactId }, ...expression } },
          };
        });
      }
      const patch = patchOf(typeof patchOrFunction === 'function' ? await readItem(contactId) : undefined);
      const { condition, ...expression } = updateExpression(patch, defaults, expiresAt, ctrUpdatedAt);
      try {
        const output = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { contactId },
            ...expression,
            ...(condition !== undefined && { ConditionExpression: condition }),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toRecord({ ...(output.Attributes ?? {}), contactId });
      } catch (error) {
        if (ctrUpdatedAt !== undefined && error instanceof ConditionalCheckFailedException)
          throw new StaleContactRecordError(contactId, ctrUpdatedAt);
        throw error;
      }
    },

    async updateMany(changes) {
      // Only the contact-trace-record consumer writes batches, and it always moves the counters.
      if (dayStats === undefined) throw new Error('updateMany needs the day counters (dayStats)');
      const expiresAt = expiry();
      const ids = [...new Set(changes.map((change) => change.contactId))];
      const storedItems = await readItems(ids);
      // Each contact's changes folded in order, as `update` would apply them one after another.
      interface Folded {
        stored: Record<string, unknown> | undefined;
        current: ContactRecord | undefined;
        patch: ContactRecordPatch;
        defaults: Partial<ContactRecordDefaults>;
        ctrUpdatedAt: string | undefined;
        written: boolean;
      }
      const folded = new Map<string, Folded>();
      const outcomes = changes.map((change): ContactRecordChangeOutcome => {
        let entry = folded.get(change.contactId);
        if (entry === undefined) {
          const stored = storedItems.get(change.contactId);
          entry = {
            stored,
            current: stored === undefined ? undefined : toRecord(stored),
            patch: {},
            defaults: {},
            ctrUpdatedAt: undefined,
            written: false,
          };
          folded.set(change.contactId, entry);
        }
        const { ctrUpdatedAt } = change;
        if (ctrUpdatedAt !== undefined && entry.current?.ctrUpdatedAt !== undefined) {
          if (entry.current.ctrUpdatedAt > ctrUpdatedAt) return { status: 'stale' };
        }
        const patch = typeof change.patch === 'function' ? change.patch(entry.current) : change.patch;
        const record = merged(
          change.contactId,
          entry.current,
          patch,
          change.defaults,
          expiresAt,
          ctrUpdatedAt,
        );
        // One update expression for the contact: later fields over earlier ones, ticket numbers
        // added up, the first defaults for fields still missing (if_not_exists), the newest version.
        const { ticketNumbers, ...fields } = patch;
        for (const [field, value] of Object.entries(fields))
          if (value !== undefined) (entry.patch as Record<string, unknown>)[field] = value;
        if (ticketNumbers !== undefined && ticketNumbers.length > 0)
          entry.patch.ticketNumbers = [...new Set([...(entry.patch.ticketNumbers ?? []), ...ticketNumbers])];
        entry.defaults = { ...change.defaults, ...entry.defaults };
        if (ctrUpdatedAt !== undefined) entry.ctrUpdatedAt = ctrUpdatedAt;
        entry.current = record;
        entry.written = true;
        return { status: 'written', record };
      });
      const writes = [...folded].filter(([, entry]) => entry.written);
      for (let start = 0; start < writes.length; start += UPDATE_MANY_CHUNK) {
        const chunk = writes.slice(start, start + UPDATE_MANY_CHUNK);
        const items: TransactItem[] = [];
        const before: DayCounters[] = [];
        const after: DayCounters[] = [];
        for (const [contactId, entry] of chunk) {
          // `updateExpression` writes each default present with if_not_exists, skipping the rest.
          const { condition: _unused, ...expression } = updateExpression(
            entry.patch,
            entry.defaults as ContactRecordDefaults,
            expiresAt,
            entry.ctrUpdatedAt,
          );
          const revision =
            typeof entry.stored?.[REVISION] === 'number' ? (entry.stored[REVISION] as number) : undefined;
          items.push(
            withRevision(
              { Update: { TableName: tableName, Key: { contactId }, ...expression } },
              entry.stored === undefined,
              revision,
            ),
          );
          before.push(contactCounters(entry.stored === undefined ? undefined : toRecord(entry.stored)));
          after.push(contactCounters(entry.current));
        }
        items.push(...dayStats.updates(countersDelta(sumCounters(before), sumCounters(after))));
        const result = await commitCounted(client, items);
        if (!result.committed) throw new ContactRecordsChangedError(chunk[result.conditionFailedAt]?.[0]);
      }
      return outcomes;
    },

    async get(contactId) {
      const item = await readItem(contactId);
      return item === undefined ? undefined : toRecord(item);
    },

    async listByDay(day) {
      if (!DAY.test(day)) throw new RangeError('day must be YYYY-MM-DD');
      const found: ContactRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: BY_DAY_INDEX,
            KeyConditionExpression: '#day = :day',
            ExpressionAttributeNames: { '#day': 'day' },
            ExpressionAttributeValues: { ':day': day },
            ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of page.Items ?? []) found.push(toRecord(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return found;
    },
  };
  return records;
};

/** The record's write, bumping its revision, on the condition that it is still the one read. */
const withRevision = (item: TransactItem, absent: boolean, revision: number | undefined): TransactItem => {
  const condition = absent
    ? { ConditionExpression: 'attribute_not_exists(contactId)' }
    : revision === undefined
      ? {
          ConditionExpression: 'attribute_exists(contactId) AND attribute_not_exists(#rev)',
          names: { '#rev': REVISION },
        }
      : { ConditionExpression: '#rev = :rev', names: { '#rev': REVISION }, values: { ':rev': revision } };
  const nextRevision = (revision ?? 0) + 1;
  if (item.Put) {
    return {
      Put: {
        ...item.Put,
        Item: { ...item.Put.Item, [REVISION]: nextRevision },
        ConditionExpression: condition.ConditionExpression,
        ...(condition.names && { ExpressionAttributeNames: condition.names }),
        ...(condition.values && { ExpressionAttributeValues: condition.values }),
      },
    };
  }
  const update = item.Update;
  if (!update) throw new RangeError('withRevision: a Put or an Update');
  return {
    Update: {
      ...update,
      UpdateExpression: update.UpdateExpression?.replace(/^SET /, 'SET #rev = :nextRev, '),
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#rev': REVISION },
      ExpressionAttributeValues: {
        ...update.ExpressionAttributeValues,
        ':nextRev': nextRevision,
        ...(condition.values ?? {}),
      },
    },
  };
};
