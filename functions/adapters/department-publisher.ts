import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TicketKind, TicketStatus } from '#domain/ticket';

/**
 * Sends department queue messages (docs/contracts.md, "Department queue message") to the
 * department's SQS queue (`DEPARTMENT_QUEUES`). The body is the message JSON; `type`,
 * `departmentId` and `messageId` are also message attributes so consumers can filter without
 * parsing. FIFO queues (`.fifo`) get the ticket number as group id and the messageId as
 * de-duplication id.
 */
export const DEPARTMENT_MESSAGE_TYPES = [
  'ticket.created',
  'ticket.status-changed',
  'ticket.reassigned',
  'ticket.assigned',
  'ticket.due-soon',
  'ticket.overdue',
] as const;
export type DepartmentMessageType = (typeof DEPARTMENT_MESSAGE_TYPES)[number];

/** The queue message of docs/contracts.md. Never the raw caller number. */
export interface DepartmentMessage {
  /** `<ticketNumber>-v<version>`: stable across redeliveries, for consumers' de-duplication. */
  messageId: string;
  type: DepartmentMessageType;
  ticketNumber: string;
  version: number;
  kind: TicketKind;
  category: string;
  /** The owning department after the change. */
  departmentId: string;
  previousDepartmentId?: string;
  status: TicketStatus;
  previousStatus?: TicketStatus;
  dueAt: string;
  createdAt: string;
  /** When the change happened (the ticket's `updatedAt`; the SLA job's run time for SLA notices). */
  changedAt?: string;
  /** Who made the change (staff username, `ivr`, `sla`): their own inbox shows it as read. */
  changedBy?: string;
  /** The staff member the ticket is assigned to, when someone is. */
  assignee?: string;
  /** `<location> · <description, at most 200 chars>`, phone numbers masked. */
  summary: string;
  callerMasked?: string;
}

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
