import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DepartmentMessage } from '#adapters/department-publisher';

/**
 * The DepartmentInbox table (docs/contracts.md, "Department inbox"): the durable record of every
 * department queue message, written by the inbox-consumer function and read by the desk's 부서
 * inbox. Key: `departmentId` (PK), `entryKey` (SK) = `<changedAt>#<messageId>`, so a partition
 * reads newest first and a redelivered message lands on the same item (written once, conditionally).
 * Who has read an entry is the string set `readBy` (usernames): each staff member acknowledges
 * for themself, so any number of colleagues see every entry. Entries expire through the TTL
 * attribute `expiresAt`.
 */

export const DEFAULT_INBOX_RETENTION_DAYS = 30;
const ENTRY_KEY = /^\d{4}-\d{2}-\d{2}T[0-9:.+Z-]{8,30}#[A-Za-z0-9._:-]{1,200}$/;

export interface InboxEntry {
  /** The entry's id (`entryKey`): what the desk acknowledges. */
  entryKey: string;
  messageId: string;
  message: DepartmentMessage;
  /** When the consumer stored it (ISO). */
  receivedAt: string;
  readBy: string[];
}

export interface InboxEntryPage {
  entries: InboxEntry[];
  /** The DynamoDB position after the page; absent on the last page. */
  next?: { entryKey: string };
}

/** The entry does not exist in that department's inbox (an invalid or foreign id). */
export class UnknownInboxEntryError extends Error {
  override readonly name = 'UnknownInboxEntryError';
}

export interface InboxStore {
  /** Stores a message for a department once (false: it was already there). */
  record(departmentId: string, message: DepartmentMessage, receivedAt: Date): Promise<boolean>;
  /** Newest first; `unreadBy` keeps the entries that user has not acknowledged. */
  list(
    departmentId: string,
    options: { limit: number; after?: { entryKey: string }; unreadBy?: string },
  ): Promise<InboxEntryPage>;
  /** Entries the user has not acknowledged (the badge). */
  countUnread(departmentId: string, username: string): Promise<number>;
  /** Marks the entry read by `username` (idempotent). */
  acknowledge(departmentId: string, entryKey: string, username: string): Promise<void>;
}

export const entryKeyOf = (message: Pick<DepartmentMessage, 'changedAt' | 'createdAt' | 'messageId'>) =>
  `${message.changedAt ?? message.createdAt}#${message.messageId}`;

export const isEntryKey = (value: string): boolean => ENTRY_KEY.test(value);

const toEntry = (item: Record<string, unknown>): InboxEntry => ({
  entryKey: String(item.entryKey),
  messageId: String(item.messageId),
  message: item.message as DepartmentMessage,
  receivedAt: String(item.receivedAt),
  readBy: item.readBy instanceof Set ? [...(item.readBy as Set<string>)].sort() : [],
});

export const createInboxStore = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  retentionDays?: number;
}): InboxStore => {
  const { client, tableName } = options;
  const retention = options.retentionDays ?? DEFAULT_INBOX_RETENTION_DAYS;
  const unreadFilter = () => ({
    FilterExpression: 'NOT contains(#readBy, :me)',
    ExpressionAttributeNames: { '#readBy': 'readBy', '#departmentId': 'departmentId' },
  });
  return {
    async record(departmentId, message, receivedAt) {
      // The actor of a change has seen it: their own inbox shows it read.
      const readBy = message.changedBy !== undefined ? new Set([message.changedBy]) : undefined;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              departmentId,
              entryKey: entryKeyOf(message),
              messageId: message.messageId,
              message,
              receivedAt: receivedAt.toISOString(),
              ...(readBy !== undefined && { readBy }),
              expiresAt: Math.floor(receivedAt.getTime() / 1000) + retention * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(entryKey)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async list(departmentId, { limit, after, unreadBy }) {
      const entries: InboxEntry[] = [];
      let start: Record<string, unknown> | undefined =
        after === undefined ? undefined : { departmentId, entryKey: after.entryKey };
      // With the unread filter a page of the index may hold fewer matches: read on until full.
      do {
        const output = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#departmentId = :departmentId',
            ExpressionAttributeValues: {
              ':departmentId': departmentId,
              ...(unreadBy !== undefined && { ':me': unreadBy }),
            },
            ...(unreadBy !== undefined
              ? unreadFilter()
              : { ExpressionAttributeNames: { '#departmentId': 'departmentId' } }),
            ScanIndexForward: false,
            Limit: limit - entries.length,
            ...(start !== undefined && { ExclusiveStartKey: start }),
          }),
        );
        entries.push(...(output.Items ?? []).map(toEntry));
        start = output.LastEvaluatedKey;
      } while (start !== undefined && entries.length < limit);
      const last = entries.at(-1);
      return {
        entries,
        ...(start !== undefined && last !== undefined && { next: { entryKey: last.entryKey } }),
      };
    },

    async countUnread(departmentId, username) {
      let count = 0;
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: '#departmentId = :departmentId',
          ExpressionAttributeValues: { ':departmentId': departmentId, ':me': username },
          ...unreadFilter(),
          Select: 'COUNT',
        },
      );
      for await (const page of pages) count += page.Count ?? 0;
      return count;
    },

    async acknowledge(departmentId, entryKey, username) {
      if (!isEntryKey(entryKey)) throw new UnknownInboxEntryError(entryKey);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { departmentId, entryKey },
            UpdateExpression: 'ADD #readBy :me',
            ConditionExpression: 'attribute_exists(entryKey)',
            ExpressionAttributeNames: { '#readBy': 'readBy' },
            ExpressionAttributeValues: { ':me': new Set([username]) },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new UnknownInboxEntryError(entryKey);
        throw error;
      }
    },
  };
};
