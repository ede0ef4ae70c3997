import { createHash } from 'node:crypto';

/**
 * Request idempotency for operations whose result is a stored item (a ticket): the caller names
 * the request with an `idempotencyKey` (the desk's `requestId`, a contact and ticket kind); the
 * operation stores a request record `{id, fingerprint, result, expiration}` in the Idempotency
 * table (`id`, TTL `expiration`, docs/contracts.md) IN THE SAME DynamoDB transaction as the item
 * it creates (functions/adapters/ticket-filing.ts), so the record exists exactly when the item
 * does. A retry with the key finds the record and gets the stored result; a retry whose payload
 * differs (another fingerprint) is a conflict, never silently the first result.
 *
 * Why not Powertools idempotency (used before): its record is a separate write before and after
 * the operation (INPROGRESS, then COMPLETED), so a failure between the ticket write and the record
 * update (a timeout after the write committed, DynamoDB going away) leaves a ticket without a
 * completed record — the retry then created a second ticket. It cannot join our transaction.
 *
 * This module holds what every such operation shares: the record id, the fingerprint and the
 * record's lifetime.
 */

/** Long enough for any retry of a flow (seconds) or of a desk form after an outage (hours). */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The request record's key in the Idempotency table for a ticket request. */
export const ticketRequestRecordId = (idempotencyKey: string): string => `ticket-request#${idempotencyKey}`;

/** JSON with object keys sorted at every level: one spelling per value. */
const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/**
 * SHA-256 (hex) of the canonical JSON of what a request asked for. Callers pass only fields that
 * identify the request (never a clear phone number: the caller's keyed hash instead), so the
 * stored fingerprint reveals nothing; `undefined` fields count as absent.
 */
export const requestFingerprint = (fields: Record<string, unknown>): string =>
  createHash('sha256').update(canonicalJson(fields)).digest('hex');
