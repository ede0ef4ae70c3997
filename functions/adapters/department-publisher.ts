import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DepartmentMessage } from '#functions/shared/department-message';

export {
  DEPARTMENT_MESSAGE_TYPES,
  type DepartmentMessage,
  type DepartmentMessageType,
} from '#functions/shared/department-message';

/**
 * Sends department queue messages (docs/contracts.md, "Department queue message") to the
 * department's SQS queue (`DEPARTMENT_QUEUES`). The body is the message JSON; `type`,
 * `departmentId` and `messageId` are also message attributes so consumers can filter without
 * parsing. FIFO queues (`.fifo`) get the ticket number as group id and the messageId as
 * de-duplication id.
 */
export interface DepartmentPublisher {
  publish(targetDepartmentId: string, message: DepartmentMessage): Promise<void>;
}

/** The department has no queue in `DEPARTMENT_QUEUES` (a configuration error; the record is retried). */
export class UnknownDepartmentQueueUrlError extends Error {
  override readonly name = 'UnknownDepartmentQueueUrlError';
  constructor(readonly departmentId: string) {
    super(`DEPARTMENT_QUEUES has no queue for department ${departmentId}`);
  }
}

export const createSqsDepartmentPublisher = (options: {
  client: SQSClient;
  queues: Readonly<Record<string, string>>;
}): DepartmentPublisher => ({
  async publish(targetDepartmentId, message) {
    const queueUrl = options.queues[targetDepartmentId];
    if (queueUrl === undefined) throw new UnknownDepartmentQueueUrlError(targetDepartmentId);
    const fifo = queueUrl.endsWith('.fifo');
    await options.client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          type: { DataType: 'String', StringValue: message.type },
          departmentId: { DataType: 'String', StringValue: message.departmentId },
          messageId: { DataType: 'String', StringValue: message.messageId },
        },
        ...(fifo && { MessageGroupId: message.ticketNumber, MessageDeduplicationId: message.messageId }),
      }),
    );
  },
});
