import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Counters, DayCounters } from '#domain/day-counters';

/**
 * The day's figures as counters (docs/contracts.md, "Day statistics"): one item per city day in
 * the Counters table, key `counter = "stats#<YYYY-MM-DD>"`, one number attribute per counter
 * (`calls`, `answered`, …, `category:<code>`; functions/domain/day-counters.ts). `GET
 * /api/stats/today` reads it with one GetItem, whatever the number of calls.
 *
 * Writers add to it inside the transaction that writes the contact record or ticket whose change
 * moved a figure (DynamoDB TransactWriteItems: "all of the actions succeed or none of them do",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html), each
 * with ADD (an atomic counter: "an atomic counter … is incremented, unconditionally, without
 * interfering with other write requests",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.AtomicCounters),
 * and only on the condition that the record is still the version the writer read (a conditional
 * write, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate).
 * An atomic counter alone is not idempotent — the same page warns that retrying a failed update
 * "risks updating the counter twice" — so the amount added is always the difference the write
 * makes to its record: a replayed contact trace record or disposition makes none and adds nothing,
 * and a write that lost the race to another writer is cancelled whole and retried from a fresh read.
 *
 * One item per day is a hot key by design: a day of 11,000 calls (ten cities) makes ~35,000
 * counted writes, a few per second at the peak, far below a partition's 1,000 writes per second
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
 * Two transactions on the item at the same time cancel one of them (TransactionConflict); it is
 * retried after a short, jittered pause.
 */

export const DAY_STATS_KEY_PREFIX = 'stats#';

export const dayStatsKey = (day: string): string => `${DAY_STATS_KEY_PREFIX}${day}`;

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
export type TransactItem = TransactItems[number];

export interface DayStats {
  /** The day's counters (strongly consistent; empty before the day's first counted write). */
  get(day: string): Promise<Counters>;
  /** The transaction items that add `delta` to its days' items (none for an empty delta). */
  updates(delta: DayCounters): TransactItem[];
}

export const createDayStats = (deps: { client: DynamoDBDocumentClient; tableName: string }): DayStats => ({
  async get(day) {
    const output = await deps.client.send(
      new GetCommand({ TableName: deps.tableName, Key: { counter: dayStatsKey(day) }, ConsistentRead: true }),
    );
    const counters: Counters = {};
    for (const [name, value] of Object.entries(output.Item ?? {})) {
      if (name !== 'counter' && typeof value === 'number') counters[name] = value;
    }
    return counters;
  },

  updates(delta) {
    return [...delta].map(([day, counters]) => {
      const names: Record<string, string> = {};
      const values: Record<string, number> = {};
      const adds = Object.entries(counters).map(([field, amount], i) => {
        names[`#c${i}`] = field;
        values[`:c${i}`] = amount;
        return `#c${i} :c${i}`;
      });
      return {
        Update: {
          TableName: deps.tableName,
          Key: { counter: dayStatsKey(day) },
          UpdateExpression: `ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
  },
});

/** Transaction attempts before a conflict on the day's item is given up (then the error is thrown). */
const CONFLICT_ATTEMPTS = 6;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * (0.5 + Math.random())));

/** The outcome of a counted write: committed, or the item whose condition failed (and what it held). */
export type CountedWriteResult =
  | { committed: true }
  | { committed: false; conditionFailedAt: number; item: Record<string, unknown> | undefined };

/**
 * Commits `items` (a record's write and its counters) as one transaction. A transaction conflict is
 * retried; a failed condition is answered, with the item's stored attributes when DynamoDB returns
 * them (ReturnValuesOnConditionCheckFailure ALL_OLD on the record's write), for the caller to decide.
 */
export const commitCounted = async (
  client: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<CountedWriteResult> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        const item = reasons[failed]?.Item;
        return {
          committed: false,
          conditionFailedAt: failed,
          item:
            item === undefined
              ? undefined
              : Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.N ?? v.S ?? v.BOOL ?? v])),
        };
      }
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
};
