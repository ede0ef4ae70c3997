import type { DepartmentMessage } from '#adapters/department-publisher';
import { type InboxStore, isEntryKey, UnknownInboxEntryError } from '#adapters/inbox-store';
import { type CursorCodec, InvalidCursorError } from '#adapters/page-cursor';

/**
 * A department's inbox as its staff read it (docs/contracts.md, "Department inbox"): the durable
 * record the inbox-consumer function keeps of every department queue message (DepartmentInbox
 * table), newest first and paged, with each staff member's own read marks. Reading changes
 * nothing: any number of colleagues see every message, an inbox left open for hours costs only
 * reads, and nothing moves to a dead-letter queue because nobody looked. Acknowledging (확인) is an
 * explicit action and marks the message read for that staff member only.
 *
 * The queue itself stays the integration point for departments' own systems; the desk never
 * receives from it.
 */

export const INBOX_PAGE_DEFAULT = 20;
export const INBOX_PAGE_MAX = 100;

export interface InboxMessage {
  /** The entry's id, acknowledged with `POST …/inbox/ack` (named as before, when it was SQS's). */
  receiptHandle: string;
  body: DepartmentMessage;
  /** Whether the reading staff member has acknowledged it. */
  read: boolean;
  /** When the inbox received it. */
  receivedAt: string;
}

export interface InboxPage {
  messages: InboxMessage[];
  /** Messages this staff member has not acknowledged, in the whole inbox. */
  unread: number;
  nextCursor?: string;
}

/** The department has no inbox (an unknown department id). */
export class UnknownInboxError extends Error {
  override readonly name = 'UnknownInboxError';
  constructor(readonly departmentId: string) {
    super(`No inbox for department ${departmentId}`);
  }
}

/** The acknowledged id is not an entry of this inbox. */
export class InvalidReceiptError extends Error {
  override readonly name = 'InvalidReceiptError';
}

export interface DepartmentInbox {
  list(
    departmentId: string,
    username: string,
    options?: { limit?: number; cursor?: string; unreadOnly?: boolean },
  ): Promise<InboxPage>;
  ack(departmentId: string, receiptHandle: string, username: string): Promise<void>;
}

export const createDepartmentInbox = (deps: {
  store: InboxStore;
  departmentIds: readonly string[];
  cursors: CursorCodec;
}): DepartmentInbox => {
  const known = (departmentId: string) => {
    if (!deps.departmentIds.includes(departmentId)) throw new UnknownInboxError(departmentId);
  };
  return {
    async list(departmentId, username, options = {}) {
      known(departmentId);
      const limit = Math.min(options.limit ?? INBOX_PAGE_DEFAULT, INBOX_PAGE_MAX);
      const scope = JSON.stringify(['inbox', departmentId, options.unreadOnly === true ? username : null]);
      let after: { entryKey: string } | undefined;
      if (options.cursor !== undefined) {
        const position = await deps.cursors.decode(scope, options.cursor);
        const entryKey = (position as { entryKey?: unknown } | null)?.entryKey;
        if (typeof entryKey !== 'string' || !isEntryKey(entryKey)) throw new InvalidCursorError('malformed');
        after = { entryKey };
      }
      const [page, unread] = await Promise.all([
        deps.store.list(departmentId, {
          limit,
          ...(after !== undefined && { after }),
          ...(options.unreadOnly === true && { unreadBy: username }),
        }),
        deps.store.countUnread(departmentId, username),
      ]);
      const nextCursor = page.next === undefined ? undefined : await deps.cursors.encode(scope, page.next);
      return {
        messages: page.entries.map((entry) => ({
          receiptHandle: entry.entryKey,
          body: entry.message,
          read: entry.readBy.includes(username),
          receivedAt: entry.receivedAt,
        })),
        unread,
        ...(nextCursor !== undefined && { nextCursor }),
      };
    },

    async ack(departmentId, receiptHandle, username) {
      known(departmentId);
      try {
        await deps.store.acknowledge(departmentId, receiptHandle, username);
      } catch (error) {
        if (error instanceof UnknownInboxEntryError)
          throw new InvalidReceiptError('No such message in this inbox');
        throw error;
      }
    },
  };
};
