import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * A department's inbox: the messages of its SQS queue (docs/contracts.md, "Department queue
 * message"), read without waiting (the page polls) and acknowledged one by one.
 *
 * Reading hides a message from other readers for {@link INBOX_VISIBILITY_SECONDS}; a message that
 * is not acknowledged within that time shows up again (on a later read, or for a colleague), and
 * after the queue's maxReceiveCount it moves to the department's DLQ and its alarm. The ticket
 * itself is the source of truth: the inbox is the notification feed.
 */

export const INBOX_BATCH = 10;
export const INBOX_VISIBILITY_SECONDS = 30;

export interface InboxMessage {
  receiptHandle: string;
  /** The department queue message (parsed JSON); `null` when the body is not JSON. */
  body: unknown;
}

/** The department has no queue (a configuration error, or an unknown department id). */
export class UnknownInboxError extends Error {
  override readonly name = 'UnknownInboxError';
  constructor(readonly departmentId: string) {
    super(`No queue for department ${departmentId}`);
  }
}

/** The receipt handle is not valid for this queue (stale, or from another queue). */
export class InvalidReceiptError extends Error {
  override readonly name = 'InvalidReceiptError';
}

export interface DepartmentInbox {
  receive(departmentId: string): Promise<InboxMessage[]>;
  ack(departmentId: string, receiptHandle: string): Promise<void>;
}

const parseBody = (body: string | undefined): unknown => {
  if (body === undefined) return null;
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
};

const INVALID_RECEIPT = new Set([
  'ReceiptHandleIsInvalid',
  'InvalidParameterValue',
  'InvalidParameterValueException',
]);

export const createDepartmentInbox = (deps: {
  client: SQSClient;
  queues: Readonly<Record<string, string>>;
  visibilitySeconds?: number;
}): DepartmentInbox => {
  const queueOf = (departmentId: string): string => {
    const url = Object.hasOwn(deps.queues, departmentId) ? deps.queues[departmentId] : undefined;
    if (url === undefined) throw new UnknownInboxError(departmentId);
    return url;
  };
  return {
    async receive(departmentId) {
      const output = await deps.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueOf(departmentId),
          MaxNumberOfMessages: INBOX_BATCH,
          WaitTimeSeconds: 0,
          VisibilityTimeout: deps.visibilitySeconds ?? INBOX_VISIBILITY_SECONDS,
        }),
      );
      return (output.Messages ?? []).flatMap((message) =>
        message.ReceiptHandle === undefined
          ? []
          : [{ receiptHandle: message.ReceiptHandle, body: parseBody(message.Body) }],
      );
    },
    async ack(departmentId, receiptHandle) {
      const queueUrl = queueOf(departmentId);
      try {
        await deps.client.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }),
        );
      } catch (error) {
        const name = (error as { name?: string; Code?: string }).name ?? '';
        const code = (error as { Code?: string }).Code ?? '';
        if (INVALID_RECEIPT.has(name) || INVALID_RECEIPT.has(code) || /ReceiptHandle/i.test(name)) {
          throw new InvalidReceiptError('The receipt handle is not valid for this inbox');
        }
        throw error;
      }
    },
  };
};
