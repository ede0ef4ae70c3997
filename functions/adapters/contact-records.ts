import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
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
   * Returns the record as stored afterwards.
   */
  update(
    contactId: string,
    patch: ContactRecordPatch,
    defaults?: ContactRecordDefaults,
    /**
     * `ctrUpdatedAt`: the patch comes from a contact trace record with this LastUpdateTimestamp
     * (UTC ISO); it is written only if no newer one was (conditional write), else
     * {@link StaleContactRecordError}. A record with the same timestamp (a redelivery) is written again.
     */
    options?: { ctrUpdatedAt?: string },
  ): Promise<ContactRecord>;
  /** Strongly consistent read; undefined when absent. */
  get(contactId: string): Promise<ContactRecord | undefined>;
  /** Every record of a city day, oldest first (all pages). */
  listByDay(day: string): Promise<ContactRecord[]>;
}

export interface ContactRecordsOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Lifetime of a record from its first write; default {@link DEFAULT_CONTACT_RETENTION_DAYS}. */
  retentionDays?: number;
  now?: () => Date;
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

export const createContactRecords = ({
  client,
  tableName,
  retentionDays = DEFAULT_CONTACT_RETENTION_DAYS,
  now = () => new Date(),
}: ContactRecordsOptions): ContactRecords => {
  const expiry = () => Math.floor(now().getTime() / 1000) + retentionDays * 86_400;

  return {
    async put(record) {
      const valid = contactRecordSchema.parse(record);
      const { ticketNumbers, ...rest } = valid;
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...rest,
            ...(ticketNumbers !== undefined &&
              ticketNumbers.length > 0 && { ticketNumbers: new Set(ticketNumbers) }),
            expiresAt: valid.expiresAt ?? expiry(),
          },
        }),
      );
    },

    async update(contactId, patch, defaults, options) {
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
      for (const field of DEFAULT_FIELDS) {
        if (fields[field] !== undefined) continue;
        const value = defaults?.[field];
        if (value === undefined) continue;
        const [name, val] = placeholder(field, value);
        sets.push(`${name} = if_not_exists(${name}, ${val})`);
      }
      const [expiresName, expiresValue] = placeholder('expiresAt', expiry());
      sets.push(`${expiresName} = if_not_exists(${expiresName}, ${expiresValue})`);
      if (ticketNumbers !== undefined && ticketNumbers.length > 0) {
        const [name, val] = placeholder('ticketNumbers', new Set(ticketNumbers));
        adds.push(`${name} ${val}`);
      }
      let condition: string | undefined;
      const ctrUpdatedAt = options?.ctrUpdatedAt;
      if (ctrUpdatedAt !== undefined) {
        const [name, val] = placeholder('ctrUpdatedAt', ctrUpdatedAt);
        sets.push(`${name} = ${val}`);
        condition = `attribute_not_exists(${name}) OR ${name} <= ${val}`;
      }
      const expression = `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`;
      try {
        const output = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { contactId },
            UpdateExpression: expression,
            ...(condition !== undefined && { ConditionExpression: condition }),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
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

    async get(contactId) {
      const output = await client.send(
        new GetCommand({ TableName: tableName, Key: { contactId }, ConsistentRead: true }),
      );
      return output.Item === undefined ? undefined : toRecord(output.Item);
    },

    async listByDay(day) {
      if (!DAY.test(day)) throw new RangeError('day must be YYYY-MM-DD');
      const records: ContactRecord[] = [];
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
        for (const item of page.Items ?? []) records.push(toRecord(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return records;
    },
  };
};
