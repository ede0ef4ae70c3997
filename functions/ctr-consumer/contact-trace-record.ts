import * as z from 'zod';
import type { ContactRecord, ContactRecordDefaults, ContactRecordPatch } from '#adapters/contact-records';
import { entryPointForNumber, type RuntimeConfig } from '#commons/runtime-config';
import { cityDay, formatInstant } from '#domain/time';

/**
 * Amazon Connect contact trace records (contact records, format `2017-03-10`) → the call fields of
 * a contact record (docs/contracts.md, "Contact records"). Pure: no AWS, no logging.
 *
 * The schema reads only what the mapping needs and strips everything else (Connect keeps adding
 * fields; `CustomerEndpoint` — the caller's number — is never read, so it cannot leak into a log or
 * the table). Optional parts are `null` as often as absent in real records: both are accepted.
 *
 * Which contacts become records:
 * - VOICE only; other channels (chat, task, email) are skipped.
 * - INBOUND and CALLBACK contacts are calls of their own.
 * - TRANSFER contacts are the second leg of a call a counselor already answered (a quick connect
 *   to a department's `dept-<id>` queue or number): they are skipped, so a call is counted once and
 *   its entry point stays the one the citizen dialed; the original contact is recorded with outcome
 *   `transferred` (its record shows `TransferCompletedTimestamp` / `NextContactId`). A TRANSFER
 *   back into the counselor queue is, however, offered to counselors again and is recorded like an
 *   inbound call (it can be answered or abandoned).
 * - Anything else (OUTBOUND, API, QUEUE_TRANSFER, MONITOR, …) is skipped.
 *
 * Outcome (only the counselor queue counts for answered/abandoned, as in `/api/stats/today`):
 * - queued to the counselor queue and an agent connected → `answered` (`transferred` when the
 *   counselor then transferred the call);
 * - queued to the counselor queue and no agent → `abandoned` (the caller hung up while waiting;
 *   a flow that took the call out of the queue unanswered, e.g. to offer a call-back, counts the
 *   same way: the call was offered to counselors and not answered);
 * - never queued to counselors (IVR only: ticket status, recorded notices, after-hours message, or
 *   a queue other than the counselors') → `self-service`.
 */

const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be a timestamp');
const optionalTimestamp = timestamp.nullish();

export const contactTraceRecordSchema = z.object({
  ContactId: z.string().min(1).max(256),
  Channel: z.string().min(1),
  InitiationMethod: z.string().min(1),
  InitiationTimestamp: timestamp,
  DisconnectTimestamp: optionalTimestamp,
  LastUpdateTimestamp: optionalTimestamp,
  SystemEndpoint: z.object({ Address: z.string().nullish() }).nullish(),
  Queue: z
    .object({
      Name: z.string().nullish(),
      EnqueueTimestamp: optionalTimestamp,
      DequeueTimestamp: optionalTimestamp,
      Duration: z.number().nullish(),
    })
    .nullish(),
  Agent: z.object({ ConnectedToAgentTimestamp: optionalTimestamp }).nullish(),
  Attributes: z.record(z.string(), z.unknown()).nullish(),
  DisconnectReason: z.string().nullish(),
  TransferCompletedTimestamp: optionalTimestamp,
  NextContactId: z.string().nullish(),
});

export type ContactTraceRecord = z.infer<typeof contactTraceRecordSchema>;

/** Name of the counselor queue (`${queue:counselors}` in the flows). */
export const DEFAULT_COUNSELOR_QUEUE_NAME = 'counselors';

const CALL_INITIATIONS = new Set(['INBOUND', 'CALLBACK', 'TRANSFER']);

export type CtrDecision =
  | { readonly kind: 'skip'; readonly reason: string }
  | {
      readonly kind: 'update';
      readonly contactId: string;
      readonly patch: ContactRecordPatch;
      readonly defaults: ContactRecordDefaults;
      /** The record's LastUpdateTimestamp as UTC ISO, when it has one: older copies never overwrite newer. */
      readonly updatedAt?: string;
    };

const attribute = (ctr: ContactTraceRecord, name: string): string | undefined => {
  const value = ctr.Attributes?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** What one contact trace record means for the Contacts table. */
export const decide = (
  ctr: ContactTraceRecord,
  config: Pick<RuntimeConfig, 'timezone' | 'entryPoints' | 'categories'>,
  counselorQueueName: string = DEFAULT_COUNSELOR_QUEUE_NAME,
): CtrDecision => {
  if (ctr.Channel !== 'VOICE') return { kind: 'skip', reason: `channel ${ctr.Channel}` };
  if (!CALL_INITIATIONS.has(ctr.InitiationMethod)) {
    return { kind: 'skip', reason: `initiation ${ctr.InitiationMethod}` };
  }
  const queued = ctr.Queue?.Name === counselorQueueName && ctr.Queue?.EnqueueTimestamp != null;
  if (ctr.InitiationMethod === 'TRANSFER' && !queued) {
    return { kind: 'skip', reason: 'transfer leg outside the counselor queue' };
  }

  const at = (value: string) => formatInstant(new Date(value), config.timezone);
  const initiated = new Date(ctr.InitiationTimestamp);

  const dialed = entryPointForNumber(config as RuntimeConfig, ctr.SystemEndpoint?.Address ?? undefined);
  const fromAttribute = attribute(ctr, 'entryPoint');
  const known = fromAttribute !== undefined && config.entryPoints.some((e) => e.id === fromAttribute);
  const entryPoint = known ? (fromAttribute as string) : (dialed?.id ?? 'unknown');
  const dialedUnified = dialed !== undefined ? dialed.id === 'unified' : entryPoint === 'unified';

  const category = attribute(ctr, 'category');
  const knownCategory =
    category !== undefined && config.categories.some((c) => c.code === category) ? category : undefined;

  const agentAt = queued ? ctr.Agent?.ConnectedToAgentTimestamp : undefined;
  const handedOn = ctr.TransferCompletedTimestamp != null || (ctr.NextContactId ?? '') !== '';
  const outcome: ContactRecord['outcome'] = !queued
    ? 'self-service'
    : agentAt == null
      ? 'abandoned'
      : handedOn
        ? 'transferred'
        : 'answered';

  const defaults: ContactRecordDefaults = {
    day: cityDay(initiated, config.timezone),
    initiatedAt: at(ctr.InitiationTimestamp),
    entryPoint,
    dialedUnified,
    outcome,
  };
  const patch: ContactRecordPatch = {
    ...defaults,
    ...(knownCategory !== undefined && { category: knownCategory }),
    ...(queued && ctr.Queue?.EnqueueTimestamp != null && { queuedAt: at(ctr.Queue.EnqueueTimestamp) }),
    ...(agentAt != null && { answeredAt: at(agentAt) }),
    ...(ctr.DisconnectTimestamp != null && { endedAt: at(ctr.DisconnectTimestamp) }),
  };
  const updatedAt =
    ctr.LastUpdateTimestamp != null ? new Date(ctr.LastUpdateTimestamp).toISOString() : undefined;
  return {
    kind: 'update',
    contactId: ctr.ContactId,
    patch,
    defaults,
    ...(updatedAt !== undefined && { updatedAt }),
  };
};

/**
 * Keeps what the desk decided when the record already has it: the counselor's category (sent with
 * the disposition) wins over the IVR menu's, and an outcome `transferred` (the desk's disposition)
 * is not turned back into `answered`. Everything else in the patch is the call's own data and is
 * (re)written as is, so a re-delivered record writes the same values.
 */
export const keepDeskDecisions = (
  patch: ContactRecordPatch,
  stored: ContactRecord | undefined,
): ContactRecordPatch => {
  if (stored === undefined) return patch;
  const keepCategory = stored.disposition !== undefined && stored.category !== undefined;
  const keepOutcome = stored.outcome === 'transferred' && patch.outcome === 'answered';
  // Same field order as the patch: a re-delivered record gives the very same update expression.
  return Object.fromEntries(
    Object.entries(patch).filter(
      ([field]) => !(field === 'category' && keepCategory) && !(field === 'outcome' && keepOutcome),
    ),
  ) as ContactRecordPatch;
};
