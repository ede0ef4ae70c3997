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
