/**
 * Opaque page cursors for list routes (`limit` / `cursor` → `nextCursor`, docs/contracts.md): a
 * DynamoDB LastEvaluatedKey as base64url JSON. Decoding accepts only a flat object of string or
 * number values under the expected key names, so a forged cursor is a 400, never a malformed
 * request to DynamoDB.
 */

export type PageKey = Record<string, string | number>;

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export const decodeCursor = (
  cursor: string | undefined,
  keyNames: readonly string[],
): PageKey | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not valid');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCursorError('cursor is not valid');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const ok =
    entries.length > 0 &&
    entries.every(
      ([name, v]) =>
        keyNames.includes(name) && ((typeof v === 'string' && v.length <= 1024) || Number.isFinite(v)),
    );
  if (!ok) throw new InvalidCursorError('cursor is not valid');
  return value as PageKey;
};
