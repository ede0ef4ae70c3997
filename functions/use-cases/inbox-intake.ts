import * as z from 'zod';
import { DEPARTMENT_MESSAGE_TYPES, type DepartmentMessage } from '#adapters/department-publisher';
import type { InboxStore } from '#adapters/inbox-store';
import { TICKET_KINDS, TICKET_STATUSES } from '#domain/ticket';
import { isIsoInstant } from '#domain/time';

/**
 * Department queue message → the department's durable inbox (inbox-consumer function). Which
 * inbox is decided by the queue the message came from (a reassignment is sent to both the old and
 * the new department's queue with the same body), found from the queue's ARN through
 * `DEPARTMENT_QUEUES`. The body is checked against the message contract (docs/contracts.md); a
 * body that is not a department message can never be stored and is refused
 * ({@link InvalidQueueMessageError}), so SQS retries it and then moves it to the department's
 * dead-letter queue and its alarm — the only way a message reaches a DLQ now.
 */

const instant = z.string().refine(isIsoInstant, 'must be ISO 8601 with offset');

export const departmentMessageSchema = z
  .object({
    messageId: z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/),
    type: z.enum(DEPARTMENT_MESSAGE_TYPES),
    ticketNumber: z.string().regex(/^\d{11}$/),
    version: z.number().int().min(1),
    kind: z.enum(TICKET_KINDS),
    category: z.string().min(1).max(64),
    departmentId: z.string().min(1).max(64),
    previousDepartmentId: z.string().min(1).max(64).optional(),
    status: z.enum(TICKET_STATUSES),
    previousStatus: z.enum(TICKET_STATUSES).optional(),
    dueAt: instant,
    createdAt: instant,
    changedAt: instant.optional(),
    changedBy: z.string().min(1).max(128).optional(),
    assignee: z.string().min(1).max(128).optional(),
    summary: z.string().max(1000),
    callerMasked: z.string().max(40).optional(),
  })
  // Fields added to the contract later are kept, not refused.
  .loose();

/** The body is not a department queue message (not JSON, or not the contract's shape). */
export class InvalidQueueMessageError extends Error {
  override readonly name = 'InvalidQueueMessageError';
}

/** The message came from a queue that is not in `DEPARTMENT_QUEUES`. */
export class UnknownSourceQueueError extends Error {
  override readonly name = 'UnknownSourceQueueError';
}

/** `{departmentId: queueUrl}` → a lookup from a queue's ARN (or URL) to its department. */
export const departmentOfQueue = (queues: Readonly<Record<string, string>>) => {
  const byName = new Map(
    Object.entries(queues).map(([departmentId, url]) => [url.split('/').at(-1) ?? url, departmentId]),
  );
  return (arnOrUrl: string): string | undefined => {
    const name = arnOrUrl.split(/[:/]/).at(-1) ?? '';
    return byName.get(name);
  };
};

export const parseDepartmentMessage = (body: string): DepartmentMessage => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidQueueMessageError('body is not JSON');
  }
  const result = departmentMessageSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidQueueMessageError(
      `not a department message: ${result.error.issues
        .slice(0, 5)
        .map((issue) => issue.path.join('.') || '(root)')
        .join(', ')}`,
    );
  }
  return result.data as DepartmentMessage;
};

export const createInboxIntake = (deps: {
  store: InboxStore;
  queues: Readonly<Record<string, string>>;
  now?: () => Date;
}) => {
  const departmentOf = departmentOfQueue(deps.queues);
  const now = deps.now ?? (() => new Date());
  /** Stores one queue message; true when new, false for a redelivery. */
  return async (
    source: string,
    body: string,
  ): Promise<{ departmentId: string; stored: boolean; message: DepartmentMessage }> => {
    const departmentId = departmentOf(source);
    if (departmentId === undefined) throw new UnknownSourceQueueError(`no department for queue ${source}`);
    const message = parseDepartmentMessage(body);
    const stored = await deps.store.record(departmentId, message, now());
    return { departmentId, stored, message };
  };
};
