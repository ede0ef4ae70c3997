import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, tamper-checked page cursors for the desk API's list routes (`limit` / `cursor` →
 * `nextCursor`, docs/contracts.md). A cursor is `<payload>.<mac>`, both base64url: the payload is
 * the position as JSON together with the query it belongs to (`scope`: the department, the status
 * filter, the assignee), the mac an HMAC-SHA256 over both with a key derived from the deployment's
 * caller-hash secret. So a cursor cannot be forged or edited, and a cursor of one list cannot be
 * used on another; a bad one is refused with the reason ({@link InvalidCursorError}).
 */

export type CursorProblem = 'malformed' | 'signature' | 'other-query';

/** The cursor is unusable; `reason` says why (the API answers 400 `invalid-cursor`). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(readonly reason: CursorProblem) {
    super(`Invalid page cursor: ${reason}`);
  }
}

export interface CursorCodec {
  encode(scope: string, position: unknown): Promise<string>;
  /** The position, after checking the signature and that the cursor belongs to `scope`. */
  decode(scope: string, cursor: string): Promise<unknown>;
}

const MAX_CURSOR_LENGTH = 2048;

export const createCursorCodec = (key: () => Promise<Uint8Array>): CursorCodec => {
  let derived: Promise<Buffer> | undefined;
  // A key of its own for cursors: the HMAC of a fixed label under the caller-hash key.
  const cursorKey = () => {
    derived ??= key().then((bytes) =>
      createHmac('sha256', bytes).update('minwon365/page-cursor/v1').digest(),
    );
    derived.catch(() => {
      derived = undefined;
    });
    return derived;
  };
  const mac = async (payload: string) =>
    createHmac('sha256', await cursorKey())
      .update(payload)
      .digest();
  return {
    async encode(scope, position) {
      const payload = Buffer.from(JSON.stringify({ s: scope, p: position }), 'utf8').toString('base64url');
      return `${payload}.${(await mac(payload)).toString('base64url')}`;
    },
    async decode(scope, cursor) {
      const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(cursor);
      if (cursor.length > MAX_CURSOR_LENGTH || match?.[1] === undefined || match[2] === undefined) {
        throw new InvalidCursorError('malformed');
      }
      const given = Buffer.from(match[2], 'base64url');
      const expected = await mac(match[1]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new InvalidCursorError('signature');
      }
      let body: { s?: unknown; p?: unknown };
      try {
        body = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as {
          s?: unknown;
          p?: unknown;
        };
      } catch {
        throw new InvalidCursorError('malformed');
      }
      if (body.s !== scope) throw new InvalidCursorError('other-query');
      return body.p;
    },
  };
};
