import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type {
  Context,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda';
import { createContactRecords, StaleContactRecordError } from '#adapters/contact-records';
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
 * - Records are handled one after another in stream order (several versions of one contact may
 *   be in a batch). A record that fails to be written (DynamoDB error) is reported in
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

const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
  } catch {
    // The parser's message may quote the payload (the caller's number): say only what failed.
    reject(record, 'not JSON');
    return;
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
    return;
  }
  const decision = decide(parsed.data, config, counselorQueueName);
  if (decision.kind === 'skip') {
    logger.debug('Contact trace record ignored', {
      contactId: parsed.data.ContactId,
      reason: decision.reason,
    });
    return;
  }
  let saved: Awaited<ReturnType<typeof contacts.update>>;
  try {
    saved = await contacts.update(
      decision.contactId,
      (stored) => keepDeskDecisions(decision.patch, stored),
      decision.defaults,
      decision.updatedAt !== undefined ? { ctrUpdatedAt: decision.updatedAt } : undefined,
    );
  } catch (error) {
    if (!(error instanceof StaleContactRecordError)) throw error;
    staleRecord(decision.contactId);
    return;
  }
  logger.info('Contact record updated from the contact trace record', {
    contactId: decision.contactId,
    outcome: saved.outcome,
    entryPoint: saved.entryPoint,
  });
};

export const handler = withPowertools(
  async (event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context, processInParallel: false }),
);
