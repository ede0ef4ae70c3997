import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createSqsDepartmentPublisher } from '#adapters/department-publisher';
import { sqsClient } from '#commons/aws/sqs';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { logger } from '#commons/powertools';
import { loadDepartmentQueues } from '#commons/runtime-config';
import { type Ticket, ticketSchema } from '#domain/ticket';
import { deliveriesForChange } from '#functions/use-cases/department-message';

/**
 * dispatcher — the Tickets table's stream (NEW_AND_OLD_IMAGES) → the owning department's SQS
 * queue (`DEPARTMENT_QUEUES`), per functions/use-cases/department-message.ts. Records are handled
 * one after another in stream order; a record that fails (unreadable image, unknown department
 * queue, SQS error) is reported in `batchItemFailures`, so the event source retries from it and
 * the records before it are not resent (consumers de-duplicate on messageId anyway).
 *
 * REMOVE records are ignored on purpose: they are TTL expiries at the end of the retention period
 * (tickets are never deleted otherwise), and departments have nothing to do about them.
 */

const publisher = createSqsDepartmentPublisher({
  client: sqsClient,
  queues: loadDepartmentQueues(process.env),
});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** A stream image that is not a ticket (corrupt item, schema drift): the record fails and is retried. */
export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}

const imageToTicket = (image: Record<string, unknown> | undefined, which: string): Ticket | undefined => {
  if (image === undefined) return undefined;
  const result = ticketSchema.safeParse(unmarshall(image as Record<string, AttributeValue>));
  if (!result.success) {
    throw new UnreadableImageError(
      `${which} image is not a ticket: ${result.error.issues
        .slice(0, 3)
        .map((issue) => issue.path.join('.'))
        .join(', ')}`,
    );
  }
  return result.data;
};

const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
  if (record.eventName === 'REMOVE') return;
  const current = imageToTicket(record.dynamodb?.NewImage as Record<string, unknown> | undefined, 'new');
  if (current === undefined) throw new UnreadableImageError('record has no new image (stream view type?)');
  const previous =
    record.eventName === 'MODIFY'
      ? imageToTicket(record.dynamodb?.OldImage as Record<string, unknown> | undefined, 'old')
      : undefined;
  for (const { targetDepartmentId, message } of deliveriesForChange(previous, current)) {
    await publisher.publish(targetDepartmentId, message);
    countMetric('DepartmentMessage', { type: message.type });
    logger.info('Department message sent', {
      messageId: message.messageId,
      type: message.type,
      targetDepartmentId,
    });
  }
};

export const handler = withPowertools(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context, processInParallel: false }),
);
