import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createNoticeLog } from '#adapters/notice-log';
import { createSmsSender, disabledSmsSender } from '#adapters/sms-sender';
import { documentClient } from '#commons/aws/dynamodb';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { logger, tracer } from '#commons/powertools';
import { loadRuntimeConfig, RuntimeConfigError, requireEnv } from '#commons/runtime-config';
import { type Ticket, ticketSchema } from '#domain/ticket';
import { createCitizenNotifier } from '#functions/use-cases/citizen-notice';

/**
 * citizen-notifier — the Tickets stream (MODIFY records, NEW_AND_OLD_IMAGES) → one Korean SMS to the
 * caller per change that matters to them (functions/use-cases/citizen-notice.ts), through AWS End
 * User Messaging SMS (functions/adapters/sms-sender.ts). Records are handled in stream order; a
 * failed one is reported in `batchItemFailures` and retried, and the notice log (Idempotency
 * table) keeps a retried change from being texted twice. Logs carry the ticket number and the
 * outcome, never the number or the text.
 *
 * Environment: CITY_CONFIG, IDEMPOTENCY_TABLE, SMS_MODE (`send` | `dry-run` | `off`: the stage's
 * `sms.modes`), SMS_ORIGINATION_IDENTITY, optional SMS_CONFIGURATION_SET.
 */

const env = process.env;
const mode = env.SMS_MODE ?? 'off';
if (!['send', 'dry-run', 'off'].includes(mode))
  throw new RuntimeConfigError('SMS_MODE must be send, dry-run or off');
const configurationSet = env.SMS_CONFIGURATION_SET;
const notify = createCitizenNotifier({
  sender:
    mode === 'off'
      ? disabledSmsSender
      : createSmsSender({
          client: tracer.captureAWSv3Client(new PinpointSMSVoiceV2Client({})),
          originationIdentity: requireEnv(env, 'SMS_ORIGINATION_IDENTITY'),
          ...(configurationSet !== undefined &&
            configurationSet !== '' && { configurationSetName: configurationSet }),
          dryRun: mode === 'dry-run',
        }),
  log: createNoticeLog({ client: documentClient, tableName: requireEnv(env, 'IDEMPOTENCY_TABLE') }),
  config: loadRuntimeConfig(env),
});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** A stream image that is not a ticket: the record fails (and is retried, then set aside). */
export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}

const image = (value: unknown, which: string): Ticket | undefined => {
  if (value === undefined) return undefined;
  const result = ticketSchema.safeParse(unmarshall(value as Record<string, AttributeValue>));
  if (!result.success) throw new UnreadableImageError(`${which} image is not a ticket`);
  return result.data;
};

const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
  if (record.eventName !== 'MODIFY') return;
  const current = image(record.dynamodb?.NewImage, 'new');
  if (current === undefined) throw new UnreadableImageError('record has no new image');
  const result = await notify(image(record.dynamodb?.OldImage, 'old'), current);
  if (result.outcome === 'skipped') return;
  countMetric('CitizenNotice', { outcome: result.outcome, reason: result.notice.reason });
  logger.info('Citizen notice', {
    ticketNumber: result.notice.ticketNumber,
    version: result.notice.version,
    reason: result.notice.reason,
    outcome: result.outcome,
  });
};

export const handler = withPowertools(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context, processInParallel: false }),
);
