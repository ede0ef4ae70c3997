import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_TICKET_SEQUENCE } from '#domain/ticket-number';

/**
 * Per-year ticket sequences in the Counters table: item `{counter: "ticket#2027", value: N}`,
 * where N is the highest sequence number of that year that a stored ticket carries.
 *
 * No gaps by construction: the counter is never incremented on its own. It moves only inside the
 * transaction that writes the ticket with the new number (functions/adapters/ticket-filing.ts),
 * conditioned on the value read before (optimistic concurrency), so a number is taken exactly when
 * its ticket is written — a write that fails, times out or loses a race takes no number. (The
 * previous design incremented with an atomic `ADD` first and wrote the ticket after: every failed
 * or abandoned write left a number nobody holds.)
 *
 * The one way the counter can be behind the tickets is a restore of the Counters table from an
 * older backup; filing then finds the next free number by probing (see ticket-filing.ts), and the
 * numbers it steps over are held by real tickets, so still no gap.
 */

export class SequenceExhaustedError extends Error {
  override readonly name = 'SequenceExhaustedError';
  constructor(readonly year: number) {
    super(`Ticket sequence for ${year} exceeded ${MAX_TICKET_SEQUENCE}`);
  }
}

export const counterKey = (year: number): string => `ticket#${year}`;

export interface TicketCounter {
  /** The year's current value (0 before its first ticket); a strongly consistent read. */
  current(year: number): Promise<number>;
}

export const createTicketCounter = ({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): TicketCounter => ({
  async current(year) {
    const output = await client.send(
      new GetCommand({ TableName: tableName, Key: { counter: counterKey(year) }, ConsistentRead: true }),
    );
    const value = output.Item?.value ?? 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new Error(`Counter ${counterKey(year)} holds no usable value`);
    }
    return value;
  },
});
