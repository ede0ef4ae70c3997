import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createInboxStore } from '#adapters/inbox-store';
import { documentClient } from '#commons/aws/dynamodb';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { logger } from '#commons/powertools';
import { loadDepartmentQueues, RuntimeConfigError, requireEnv } from '#commons/runtime-config';
import { createInboxIntake } from '#functions/use-cases/inbox-intake';

/**
 * inbox-consumer — the department SQS queues → the DepartmentInbox table (docs/contracts.md,
 * "Department inbox"; functions/use-cases/inbox-intake.ts). One event source per department queue
 * whose department reads its work on the desk (`inbox: 'desk'` in the city config); a department
 * with its own system (`inbox: 'external'`) keeps its queue to itself.
 *
 * Records are stored one by one; a failed record is reported in `batchItemFailures`
 * (ReportBatchItemFailures), so SQS makes only it visible again and, after the queue's
 * maxReceiveCount, moves it to the department's DLQ (alarmed). Redeliveries write nothing twice.
 *
 * Environment: DEPARTMENT_QUEUES, INBOX_TABLE, optional INBOX_RETENTION_DAYS (default 30).
 */

const env = process.env;
const retentionDays = (() => {
  const raw = env.INBOX_RETENTION_DAYS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new RuntimeConfigError('INBOX_RETENTION_DAYS must be a positive integer');
  return value;
})();
const intake = createInboxIntake({
  store: createInboxStore({
    client: documentClient,
    tableName: requireEnv(env, 'INBOX_TABLE'),
    ...(retentionDays !== undefined && { retentionDays }),
  }),
  queues: loadDepartmentQueues(env),
});
const processor = new BatchProcessor(EventType.SQS);

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const { departmentId, stored, message } = await intake(record.eventSourceARN, record.body);
  if (stored) countMetric('InboxMessageStored', { type: message.type });
  logger.info(stored ? 'Inbox message stored' : 'Inbox message already stored', {
    messageId: message.messageId,
    type: message.type,
    departmentId,
  });
};

export const handler = withPowertools(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context }),
);
