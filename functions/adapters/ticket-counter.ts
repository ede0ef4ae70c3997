import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { formatTicketNumber, MAX_TICKET_SEQUENCE } from '#domain/ticket-number';
import { yearIn } from '#domain/time';

/**
 * Per-year ticket sequences in the Counters table: item `{counter: "ticket#2027", value: N}`,
 * incremented with an atomic `ADD` (the first call of a year creates the item with value 1).
 * A sequence number is never reused; a failed ticket write leaves a gap, which is harmless.
 */

export class SequenceExhaustedError extends Error {
  override readonly name = 'SequenceExhaustedError';
  constructor(readonly year: number) {
    super(`Ticket sequence for ${year} exceeded ${MAX_TICKET_SEQUENCE}`);
  }
}

export interface TicketCounter {
  /** The next sequence number of `year` (1, 2, …). */
  next(year: number): Promise<number>;
}

export const counterKey = (year: number): string => `ticket#${year}`;

export const createTicketCounter = ({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): TicketCounter => ({
  async next(year) {
    const output = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { counter: counterKey(year) },
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const value = output.Attributes?.value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new Error(`Counter ${counterKey(year)} returned no usable value`);
    }
    if (value > MAX_TICKET_SEQUENCE) throw new SequenceExhaustedError(year);
    return value;
  },
});

/** Allocates the next ticket number for the city-local year of `now`. */
export const allocateTicketNumber = async (
  counter: TicketCounter,
  now: Date,
  timeZone: string,
): Promise<string> => {
  const year = yearIn(now, timeZone);
  return formatTicketNumber(year, await counter.next(year));
};
