import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { applyCounterAdd } from '#test/fake-contacts';

type Item = Record<string, unknown>;

export interface TicketStoreTables {
  tickets: Map<string, Item>;
  /** counter key (`ticket#2027`) → value. */
  counters: Map<string, number>;
  /** Idempotency table: record id → item. */
  requests: Map<string, Item>;
  /**
   * The day's counters (Counters items `stats#<day>`, functions/adapters/day-stats.ts) a filing
   * moves with ADD; without it a filing that moves them is refused as unexpected.
   */
  stats?: Map<string, Item>;
}

/**
 * An in-memory stand-in for the ticket-filing transaction (functions/adapters/ticket-filing.ts) on
 * a mocked document client: the Counters and Idempotency reads and TransactWriteItems with the
 * three conditions the adapter uses, all-or-nothing, cancelled with per-item reasons (and the old
 * request record, as `ReturnValuesOnConditionCheckFailure: ALL_OLD` returns it) like DynamoDB.
 * Tickets reads stay with the caller's own fake.
 */
export function installTicketStoreFake(
  doc: AwsClientStub<DynamoDBDocumentClient>,
  tables: TicketStoreTables,
  names = DEFAULT_NAMES,
  /** Transactions other than a filing (e.g. counted contact and ticket updates) go here. */
  otherTransactions?: (input: Record<string, unknown>) => unknown,
): { transact: (input: Record<string, unknown>) => Record<string, never> } {
  doc.on(GetCommand, { TableName: names.counters }).callsFake((input) => {
    const key = String((input.Key as Item).counter);
    if (key.startsWith('stats#') && tables.stats !== undefined)
      return { Item: structuredClone(tables.stats.get(key)) };
    const value = tables.counters.get(key);
    return { Item: value === undefined ? undefined : { counter: key, value } };
  });
  doc.on(GetCommand, { TableName: names.requests }).callsFake((input) => ({
    Item: structuredClone(tables.requests.get(String((input.Key as Item).id))),
  }));
  const transact = transactor(tables, names);
  doc
    .on(TransactWriteCommand)
    .callsFake((input: Record<string, unknown>) =>
      isFiling(input, names) || otherTransactions === undefined ? transact(input) : otherTransactions(input),
    );
  return { transact };
}

const DEFAULT_NAMES = { tickets: 'Tickets', counters: 'Counters', requests: 'Idempotency' };

/** A filing puts a new ticket; every other transaction updates. */
const isFiling = (input: Record<string, unknown>, names: typeof DEFAULT_NAMES): boolean =>
  ((input.TransactItems ?? []) as { Put?: { TableName?: string } }[]).some(
    (entry) => entry.Put?.TableName === names.tickets,
  );

/** TransactWriteItems over the maps: applies all items or throws TransactionCanceledException. */
function transactor(tables: TicketStoreTables, names: typeof DEFAULT_NAMES) {
  return (input: Record<string, unknown>): Record<string, never> => {
    const items = (input.TransactItems ?? []) as {
      Update?: {
        TableName: string;
        Key: Item;
        ConditionExpression?: string;
        ExpressionAttributeValues?: Item;
      };
      Put?: {
        TableName: string;
        Item: Item;
        ExpressionAttributeValues?: Item;
        ReturnValuesOnConditionCheckFailure?: string;
      };
    }[];
    const isStats = (entry: (typeof items)[number]) =>
      entry.Update?.TableName === names.counters &&
      String(entry.Update.Key.counter).startsWith('stats#') &&
      tables.stats !== undefined;
    const reasons = items.map((entry) => {
      if (isStats(entry)) return { Code: 'None' };
      if (entry.Update?.TableName === names.counters) {
        const current = tables.counters.get(String(entry.Update.Key.counter));
        const values = entry.Update.ExpressionAttributeValues ?? {};
        const ok = String(entry.Update.ConditionExpression).startsWith('attribute_not_exists')
          ? current === undefined
          : current === values[':previous'];
        return ok ? { Code: 'None' } : { Code: 'ConditionalCheckFailed' };
      }
      if (entry.Put?.TableName === names.tickets) {
        return tables.tickets.has(String(entry.Put.Item.ticketNumber))
          ? { Code: 'ConditionalCheckFailed' }
          : { Code: 'None' };
      }
      if (entry.Put?.TableName === names.requests) {
        const old = tables.requests.get(String(entry.Put.Item.id));
        const now = Number(entry.Put.ExpressionAttributeValues?.[':now']);
        if (old === undefined || Number(old.expiration) < now) return { Code: 'None' };
        return {
          Code: 'ConditionalCheckFailed',
          ...(entry.Put.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && { Item: marshall(old) }),
        };
      }
      throw new Error(`fake ticket store: unexpected transaction item ${JSON.stringify(entry)}`);
    });
    if (reasons.some((reason) => reason.Code !== 'None')) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons as never,
      });
    }
    for (const entry of items) {
      if (isStats(entry) && entry.Update !== undefined && tables.stats !== undefined) {
        applyCounterAdd(tables.stats, entry.Update);
      } else if (entry.Update !== undefined) {
        tables.counters.set(
          String(entry.Update.Key.counter),
          Number(entry.Update.ExpressionAttributeValues?.[':next']),
        );
      } else if (entry.Put?.TableName === names.tickets) {
        tables.tickets.set(String(entry.Put.Item.ticketNumber), structuredClone(entry.Put.Item));
      } else if (entry.Put !== undefined) {
        tables.requests.set(String(entry.Put.Item.id), structuredClone(entry.Put.Item));
      }
    }
    return {};
  };
}
