import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

type Item = Record<string, unknown>;

/**
 * Applies a contact-records UpdateItem (functions/adapters/contact-records.ts) to an in-memory
 * Contacts table: `SET #a = :a`, `SET #a = if_not_exists(#a, :a)` and `ADD #set :values`, and
 * the CTR guard condition `attribute_not_exists(#a) OR #a <= :v`. Unit
 * tests of the API and the CTR consumer use it to check what the adapter's expressions do.
 */
export function applyContactUpdate(contacts: Map<string, Item>, input: Record<string, unknown>) {
  const id = String((input.Key as Item).contactId);
  const item: Item = structuredClone(contacts.get(id) ?? { contactId: id });
  const names = input.ExpressionAttributeNames as Record<string, string>;
  const values = input.ExpressionAttributeValues as Item;
  // The newest-version guard: `attribute_not_exists(#a) OR #a <= :v`.
  const guard = /^attribute_not_exists\((#\w+)\) OR (#\w+) <= (:\w+)$/.exec(
    String(input.ConditionExpression ?? ''),
  );
  if (guard?.[1] && guard[3]) {
    const stored = item[names[guard[1]] ?? ''];
    if (stored !== undefined && String(stored) > String(values[guard[3]])) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
  }
  const [setPart, addPart] = String(input.UpdateExpression).replace(/^SET /, '').split(' ADD ');
  for (const assignment of (setPart ?? '').split(/, (?=#)/)) {
    const ifNotExists = /^(#\w+) = if_not_exists\(#\w+, (:\w+)\)$/.exec(assignment);
    const plain = /^(#\w+) = (:\w+)$/.exec(assignment);
    if (ifNotExists?.[1] && ifNotExists[2]) {
      const field = names[ifNotExists[1]] ?? '';
      if (item[field] === undefined) item[field] = values[ifNotExists[2]];
    } else if (plain?.[1] && plain[2]) {
      item[names[plain[1]] ?? ''] = values[plain[2]];
    } else {
      throw new Error(`fake: cannot parse ${assignment}`);
    }
  }
  if (addPart !== undefined) {
    const [name, value] = addPart.split(' ') as [string, string];
    const field = names[name] ?? '';
    item[field] = new Set([...((item[field] as Set<string>) ?? []), ...(values[value] as Set<string>)]);
  }
  contacts.set(id, item);
  return { Attributes: structuredClone(item) };
}

/**
 * Whether a write's ConditionExpression holds for the stored item, for the conditions the adapters
 * write: `attribute_not_exists(k)`, `attribute_exists(k)`, `#n = :v`, joined by AND.
 */
export function conditionHolds(stored: Item | undefined, input: Record<string, unknown>): boolean {
  const condition = String(input.ConditionExpression ?? '');
  if (condition === '') return true;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  const field = (token: string) => names[token] ?? token;
  return condition.split(' AND ').every((part) => {
    const notExists = /^attribute_not_exists\(([#\w]+)\)$/.exec(part.trim());
    if (notExists?.[1]) return stored?.[field(notExists[1])] === undefined;
    const exists = /^attribute_exists\(([#\w]+)\)$/.exec(part.trim());
    if (exists?.[1]) return stored?.[field(exists[1])] !== undefined;
    const equals = /^([#\w]+) = (:\w+)$/.exec(part.trim());
    if (equals?.[1] && equals[2])
      return stored !== undefined && stored[field(equals[1])] === values[equals[2]];
    throw new Error(`fake: cannot evaluate condition ${part}`);
  });
}

/** Applies `ADD #c0 :c0, #c1 :c1` (numbers) to an in-memory item of the Counters table. */
export function applyCounterAdd(counters: Map<string, Item>, input: Record<string, unknown>) {
  const key = String((input.Key as Item).counter);
  const item: Item = structuredClone(counters.get(key) ?? { counter: key });
  const names = input.ExpressionAttributeNames as Record<string, string>;
  const values = input.ExpressionAttributeValues as Item;
  for (const add of String(input.UpdateExpression).replace(/^ADD /, '').split(', ')) {
    const [name, value] = add.split(' ') as [string, string];
    const field = names[name] ?? name;
    item[field] = Number(item[field] ?? 0) + Number(values[value]);
  }
  counters.set(key, item);
}

/** An in-memory table for {@link transactWriteFake}: its key attribute and items. */
export interface FakeTable {
  key: string;
  items: Map<string, Item>;
  /** How an Update applies to this table (default: {@link applyContactUpdate}). */
  update?: (input: Record<string, unknown>) => unknown;
}

/**
 * TransactWriteItems over in-memory tables, all or nothing as DynamoDB does it: every item's
 * condition is checked first; one failing cancels the whole transaction with
 * TransactionCanceledException (CancellationReasons in item order). Puts replace the item, Updates
 * on the Counters table ADD numbers, other Updates go through the table's `update` or
 * {@link applyContactUpdate}.
 */
export const transactWriteFake =
  (tables: Record<string, FakeTable>, Cancelled: new (options: never) => Error) =>
  (input: Record<string, unknown>) => {
    const items = (input.TransactItems ?? []) as Record<string, Record<string, unknown>>[];
    const target = (op: Record<string, unknown>) => {
      const table = tables[String(op.TableName)];
      if (!table) throw new Error(`fake: no table ${String(op.TableName)}`);
      const key = String(((op.Key ?? op.Item) as Item)[table.key]);
      return { table, key };
    };
    const reasons = items.map((item) => {
      const op = (item.Put ?? item.Update) as Record<string, unknown>;
      const { table, key } = target(op);
      return conditionHolds(table.items.get(key), op) ? { Code: 'None' } : { Code: 'ConditionalCheckFailed' };
    });
    if (reasons.some((r) => r.Code !== 'None'))
      throw new Cancelled({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons,
      } as never);
    for (const item of items) {
      const op = (item.Put ?? item.Update) as Record<string, unknown>;
      const { table, key } = target(op);
      if (item.Put) table.items.set(key, structuredClone(op.Item as Item));
      else if (op.TableName === 'Counters') applyCounterAdd(table.items, op);
      else if (table.update) table.update(op);
      else applyContactUpdate(table.items, op);
    }
    return {};
  };
