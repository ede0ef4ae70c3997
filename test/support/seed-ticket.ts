import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '#domain/ticket';

/**
 * Puts a ready-made ticket (a past creation date, a number far from the counter's) straight into
 * the Tickets table, as a backfill would: tests that need a ticket in a given state without filing
 * it through the counter and request-record transaction (functions/adapters/ticket-filing.ts).
 */
export const seedTicket = async (client: DynamoDBDocumentClient, tableName: string, ticket: Ticket) => {
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: ticket,
      ConditionExpression: 'attribute_not_exists(ticketNumber)',
    }),
  );
};
