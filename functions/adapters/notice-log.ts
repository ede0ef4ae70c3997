import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeLog } from '#functions/use-cases/citizen-notice';

/**
 * Which citizen notices were sent, in the Idempotency table (items `id = "sms#<ticket>#v<version>"`,
 * beside Powertools' own, expiring through its TTL attribute `expiration`): the claim is a
 * conditional PutItem, so two deliveries of the same stream record send one message.
 */

export const NOTICE_LOG_PREFIX = 'sms#';
export const NOTICE_LOG_DAYS = 30;

export const createNoticeLog = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
}): NoticeLog => {
  const now = options.now ?? (() => new Date());
  const id = (key: string) => `${NOTICE_LOG_PREFIX}${key}`;
  return {
    async claim(key) {
      try {
        await options.client.send(
          new PutCommand({
            TableName: options.tableName,
            Item: {
              id: id(key),
              status: 'SENDING',
              expiration: Math.floor(now().getTime() / 1000) + NOTICE_LOG_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async complete(key, outcome) {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { id: id(key) },
          UpdateExpression: 'SET #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': outcome.toUpperCase() },
        }),
      );
    },
    async release(key) {
      await options.client.send(new DeleteCommand({ TableName: options.tableName, Key: { id: id(key) } }));
    },
  };
};
