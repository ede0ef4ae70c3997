import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type {
  Context,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda';
import {
  type ContactRecord,
  type ContactRecordChange,
  createContactRecords,
  StaleContactRecordError,
} from '#adapters/contact-records';
import { createDayStats } from '#adapters/day-stats';
import { documentClient } from '#commons/aws/dynamodb';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { logger } from '#commons/powertools';
import { loadRuntimeConfig, optionalPositiveInt, requireEnv } from '#commons/runtime-config';
import {
  contactTraceRecordSchema,
  DEFAULT_COUNSELOR_QUEUE_NAME,
  decide,
  keepDeskDecisions,
} from './contact-trace-record';

/**
 * ctr-consumer — the Connect instance's contact-trace-record Kinesis stream → the Contacts table's
 * call fields (docs/contracts.md, "Contact records"; the mapping and its decisions are in
 * ./contact-trace-record.ts). In the sandbox the simulated phone writes the same fields.
 *
 * - Writes with `update` (merge): the desk's disposition, ticket numbers and abuse warnings are
 *   never touched, and the counselor's category / `transferred` outcome are kept (decided on the
 *   stored record, read consistently just before the write — again if the desk wrote in between).
 *   Re-delivery (Kinesis and Connect are both at-least-once; Connect also re-sends a record when it
 *   changes after the call, e.g. after-contact work) writes the same values again.
 * - The day's counters (functions/adapters/day-stats.ts) move in the same transaction by the
 *   difference the write makes to the record: a re-delivered record adds nothing.
 * - Newest version wins: Connect delivers contact records at least once and re-sends a record when
 *   it changes; "use the LastUpdateTimestamp attribute to determine whether a copy has newer data"
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html). The write is
 *   conditional on the stored `ctrUpdatedAt` not being newer than the record's LastUpdateTimestamp,
 *   so an older version arriving after a newer one (out-of-order shards, retries) changes nothing;
 *   it is logged and counted (`ContactTraceRecordStale`).
 * - A batch is written together (ContactRecords.updateMany): one strongly consistent BatchGetItem
 *   of its contacts, the records applied in stream order in memory (several versions of one
 *   contact in a batch fold into one write), then one transaction with every contact's write and
 *   the day's counters moved once by the batch's sum. 2 requests for a batch of 25 instead of 50,
 *   and one update of the day's hot counters item instead of 25 (fewer conflicts with the desk's
 *   writes). If that does not go through (the desk changed a record in between, a throttled or
 *   failed request, a record stored invalid), the batch is written record by record as before:
 *   each from a fresh read, and a record that fails to be written (DynamoDB error) is reported in
 *   `batchItemFailures`; the event source retries from it (bounded, bisecting), then sends it to
 *   the failure queue.
 * - A malformed record (not base64 JSON, or not a contact record) can never succeed: it is logged
 *   with the reason only (never the payload: it holds the caller's number), counted
 *   (`ContactTraceRecordRejected`) and skipped, so it does not block the shard until it expires.
 *
 * Environment: CITY_CONFIG, CONTACTS_TABLE, COUNTERS_TABLE, optional CONTACT_RETENTION_DAYS and
 * COUNSELOR_QUEUE_NAME (default `counselors`).
 */

const env = process.env;
const config = loadRuntimeConfig(env);
const counselorQueueName = env.COUNSELOR_QUEUE_NAME || DEFAULT_COUNSELOR_QUEUE_NAME;
const retentionDays = optionalPositiveInt(env, 'CONTACT_RETENTION_DAYS');
const contacts = createContactRecords({
  client: documentClient,
  tableName: requireEnv(env, 'CONTACTS_TABLE'),
  ...(retentionDays !== undefined && { retentionDays }),
  dayStats: createDayStats({ client: documentClient, tableName: requireEnv(env, 'COUNTERS_TABLE') }),
});
const processor = new BatchProcessor(EventType.KinesisDataStreams);

const reject = (record: KinesisStreamRecord, reason: string): void => {
  logger.warn('Contact trace record skipped: malformed', {
    reason,
    sequenceNumber: record.kinesis.sequenceNumber,
  });
  countMetric('ContactTraceRecordRejected', { function: 'ctr-consumer' });
};

const staleRecord = (contactId: string): void => {
  logger.info('Contact trace record skipped: a newer version is already applied', { contactId });
  countMetric('ContactTraceRecordStale', { function: 'ctr-consumer' });
};

/** What a record asks for: a write to the contact's record, or nothing (logged and counted here). */
const interpret = (record: KinesisStreamRecord): ContactRecordChange | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
  } catch {
    // The parser's message may quote the payload (the caller's number): say only what failed.
    reject(record, 'not JSON');
    return undefined;
  }
  const parsed = contactTraceRecordSchema.safeParse(json);
  if (!parsed.success) {
    reject(
      record,
      `not a contact record: ${parsed.error.issues
        .slice(0, 5)
        .map((issue) => issue.path.join('.') || '(root)')
        .join(', ')}`,
    );
    return undefined;
  }
  const decision = decide(parsed.data, config, counselorQueueName);
  if (decision.kind === 'skip') {
    logger.debug('Contact trace record ignored', {
      contactId: parsed.data.ContactId,
      reason: decision.reason,
    });
    return undefined;
  }
  return {
    contactId: decision.contactId,
    patch: (stored) => keepDeskDecisions(decision.patch, stored),
    defaults: decision.defaults,
    ...(decision.updatedAt !== undefined && { ctrUpdatedAt: decision.updatedAt }),
  };
};

const updated = (contactId: string, saved: ContactRecord): void => {
  logger.info('Contact record updated from the contact trace record', {
    contactId,
    outcome: saved.outcome,
    entryPoint: saved.entryPoint,
  });
};

/** One record's write on its own (the fallback): a fresh read, a retry when the desk wrote in between. */
const writeOne = async (change: ContactRecordChange): Promise<void> => {
  let saved: ContactRecord;
  try {
    saved = await contacts.update(change.contactId, change.patch, change.defaults, {
      ...(change.ctrUpdatedAt !== undefined && { ctrUpdatedAt: change.ctrUpdatedAt }),
    });
  } catch (error) {
    if (!(error instanceof StaleContactRecordError)) throw error;
    staleRecord(change.contactId);
    return;
  }
  updated(change.contactId, saved);
};

export const handler = withPowertools(
  async (event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> => {
    const changes = new Map<KinesisStreamRecord, ContactRecordChange>();
    for (const record of event.Records) {
      const change = interpret(record);
      if (change !== undefined) changes.set(record, change);
    }
    if (changes.size === 0) return { batchItemFailures: [] };
    try {
      const outcomes = await contacts.updateMany([...changes.values()]);
      [...changes.values()].forEach((change, i) => {
        const outcome = outcomes[i];
        if (outcome?.status === 'written') updated(change.contactId, outcome.record);
        else staleRecord(change.contactId);
      });
      return { batchItemFailures: [] };
    } catch (error) {
      // Record by record instead: each reads afresh, and only the records that still fail are
      // reported (the event source retries from the first of them).
      logger.info('Contact trace records written one by one: the batch write did not go through', {
        reason: error instanceof Error ? error.name : 'unknown',
        records: changes.size,
      });
      countMetric('ContactTraceRecordBatchFallback', { function: 'ctr-consumer' });
      return processPartialResponse(
        { Records: [...changes.keys()] },
        async (record: KinesisStreamRecord) => {
          const change = changes.get(record);
          if (change !== undefined) await writeOne(change);
        },
        processor,
        { context, processInParallel: false },
      );
    }
  },
);
