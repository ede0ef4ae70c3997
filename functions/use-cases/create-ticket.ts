import { setTimeout as sleep } from 'node:timers/promises';
import { SequenceExhaustedError } from '#adapters/ticket-counter';
import type { StoredTicketRequest, TicketFiling } from '#adapters/ticket-filing';
import type { CallerHasher } from '#commons/caller-hash';
import type { Caller } from '#commons/flow-response';
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '#commons/idempotency';
import {
  type Department,
  departmentById,
  departmentForCategory,
  type RuntimeConfig,
} from '#commons/runtime-config';
import type { CategoryCode } from '#domain/categories';
import { type CallerInfo, createTicket, type TicketKind } from '#domain/ticket';
import { formatTicketNumber, MAX_TICKET_SEQUENCE } from '#domain/ticket-number';
import { yearIn } from '#domain/time';

/**
 * Creating a ticket (intake, the escalation's call-back ticket, the desk): department from the
 * request or the category's owner, number from the per-year counter, caller number stored in clear
 * only inside the (KMS-encrypted) item with its keyed hash and masked form.
 *
 * Nothing lost, nothing twice (docs/contracts.md, "Ticket creation"): the ticket, the counter move
 * and the request's idempotency record are one transaction (functions/adapters/ticket-filing.ts).
 * A request with an `idempotencyKey` that was filed before — by an earlier attempt whose answer was
 * lost, or a concurrent double submit — gets that ticket again (`replayed`); with a different
 * payload it gets {@link TicketRequestConflictError}, never the first ticket silently. Numbers have
 * no gaps: one is taken only by the transaction that stores its ticket.
 */

export interface TicketRequest {
  kind: TicketKind;
  category: CategoryCode;
  description: string;
  location?: string;
  note?: string;
  /** Overrides the category's owner. */
  departmentId?: string;
  contactId?: string;
  caller: Caller;
  /** Actor of the first history entry: `ivr`, `escalation`, a counselor id. */
  by: string;
  /**
   * Names the request for retries (`desk:<requestId>`, `contact:<contactId>#<kind>`); absent or
   * empty: not idempotent (every call files a ticket).
   */
  idempotencyKey?: string;
}

/** What a created ticket tells its creator; JSON only, so the request record can store it. */
export interface CreatedTicket {
  ticketNumber: string;
  kind: TicketKind;
  category: CategoryCode;
  departmentId: string;
  dueAt: string;
  callerWithheld: boolean;
}

export interface TicketCreation {
  ticket: CreatedTicket;
  /** True when the request had been filed before and this is its stored answer. */
  replayed: boolean;
}

/** The request names a department this city does not have, or a category no department owns here. */
export class UnknownDepartmentError extends Error {
  override readonly name = 'UnknownDepartmentError';
}

/** The idempotency key was already used for a request with another payload. */
export class TicketRequestConflictError extends Error {
  override readonly name = 'TicketRequestConflictError';
  constructor(
    /** The ticket filed under the key by the first request. */
    readonly ticketNumber: string,
  ) {
    super(`The request key was already used for a different request (ticket ${ticketNumber})`);
  }
}

/** The ticket store stayed contended (counter races, throttling) for every attempt; safe to retry. */
export class TicketStoreBusyError extends Error {
  override readonly name = 'TicketStoreBusyError';
}

export interface TicketServiceDeps {
  filing: TicketFiling;
  hasher: CallerHasher;
  config: RuntimeConfig;
  now?: () => Date;
  retentionDays?: number;
  /** Lifetime of a request record; default {@link DEFAULT_IDEMPOTENCY_TTL_SECONDS}. */
  requestTtlSeconds?: number;
  /** Milliseconds this invocation may still spend (a Lambda's remaining time); retries stop before it ends. */
  remainingMs?: () => number;
  /** Waits between contended attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<unknown>;
}

export type CreateTicket = (request: TicketRequest) => Promise<TicketCreation>;

/** The department a request goes to, or {@link UnknownDepartmentError}. */
export const resolveDepartment = (
  config: RuntimeConfig,
  request: { departmentId?: string; category: string },
): Department => {
  const department =
    request.departmentId !== undefined
      ? departmentById(config, request.departmentId)
      : departmentForCategory(config, request.category);
  if (department === undefined) {
    throw new UnknownDepartmentError(
      request.departmentId !== undefined
        ? 'departmentId is not a department of this city'
        : 'category has no owning department in this city',
    );
  }
  return department;
};

/** Attempts under contention (two counselors filing in the same few milliseconds) before giving up. */
const MAX_ATTEMPTS = 12;
/** Full-jitter backoff between contended attempts: random in [0, min(cap, base·2^attempt)). */
const BACKOFF_BASE_MS = 8;
const BACKOFF_CAP_MS = 250;
/** Taken numbers probed past a counter that is behind (a Counters table restored from a backup). */
const MAX_PROBES = 10_000;
/** Time kept back for answering when the invocation's remaining time bounds the retries. */
const ANSWER_MARGIN_MS = 500;

/**
 * What identifies a request, for its fingerprint: what the requester chose. A call-back ticket's
 * description is written by the system (the reason the call-back was needed, which may differ
 * between two attempts of one escalation), so it is not part of it. The actor (`by`) is not either.
 */
const fingerprintOf = (request: TicketRequest, departmentId: string, caller: CallerInfo): string =>
  requestFingerprint({
    kind: request.kind,
    category: request.category,
    departmentId,
    description: request.kind === 'callback' ? undefined : request.description,
    location: request.location,
    note: request.note,
    contactId: request.contactId,
    caller: caller.withheld ? 'withheld' : caller.hash,
  });

const isCreatedTicket = (value: Record<string, unknown>): value is Record<string, unknown> & CreatedTicket =>
  typeof value.ticketNumber === 'string' &&
  typeof value.departmentId === 'string' &&
  typeof value.dueAt === 'string';

export const createTicketService = (deps: TicketServiceDeps): CreateTicket => {
  const now = deps.now ?? (() => new Date());
  const wait = deps.sleep ?? sleep;
  const timeZone = deps.config.timezone;
  const ttl = deps.requestTtlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS;

  const replay = (stored: StoredTicketRequest, fingerprint: string): TicketCreation => {
    if (stored.fingerprint !== fingerprint) throw new TicketRequestConflictError(stored.ticketNumber);
    if (!isCreatedTicket(stored.result)) {
      throw new Error(`Request record ${stored.key} holds no usable result`);
    }
    const { ticketNumber, kind, category, departmentId, dueAt, callerWithheld } = stored.result;
    return {
      ticket: { ticketNumber, kind, category, departmentId, dueAt, callerWithheld: callerWithheld === true },
      replayed: true,
    };
  };

  return async (request) => {
    const department = resolveDepartment(deps.config, request);
    const caller: CallerInfo = request.caller.withheld
      ? { withheld: true }
      : { withheld: false, number: request.caller.number, hash: await deps.hasher(request.caller.number) };
    const key = request.idempotencyKey === '' ? undefined : request.idempotencyKey;
    const fingerprint = fingerprintOf(request, department.id, caller);

    // No read of the request record first: the filing transaction's own condition on it answers a
    // retry with the stored record (request-exists), and a new ticket — the common case — costs
    // one read (the counter) and one transaction, which keeps it inside a flow's time budget.
    let probeFrom: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const at = now();
      const year = yearIn(at, timeZone);
      const previous = await deps.filing.currentSequence(year);
      let next = Math.max(previous + 1, probeFrom ?? 0);
      if (probeFrom !== undefined) {
        // The counter is behind its tickets: step over the numbers tickets already hold.
        for (let probes = 0; await deps.filing.isNumberTaken(numberOf(year, next)); probes++) {
          if (probes >= MAX_PROBES) throw new Error(`Counter ${year} is more than ${MAX_PROBES} behind`);
          next += 1;
        }
      }
      const ticketNumber = numberOf(year, next);
      const ticket = createTicket(
        {
          kind: request.kind,
          category: request.category,
          description: request.description,
          by: request.by,
          ...(request.location !== undefined && { location: request.location }),
          ...(request.note !== undefined && { note: request.note }),
          ...(request.contactId !== undefined && { contactId: request.contactId }),
        },
        {
          ticketNumber,
          now: at,
          timeZone,
          department: { id: department.id, slaHours: department.slaHours },
          caller,
          ...(deps.retentionDays !== undefined && { retentionDays: deps.retentionDays }),
        },
      );
      const created: CreatedTicket = {
        ticketNumber,
        kind: ticket.kind,
        category: ticket.category,
        departmentId: ticket.departmentId,
        dueAt: ticket.dueAt,
        callerWithheld: caller.withheld,
      };
      const nowSeconds = Math.floor(at.getTime() / 1000);
      const outcome = await deps.filing.file({
        ticket,
        counter: { year, previous, next },
        ...(key !== undefined && {
          request: { key, fingerprint, result: { ...created }, expiresAt: nowSeconds + ttl },
        }),
        nowSeconds,
      });
      switch (outcome.kind) {
        case 'filed':
          return { ticket: created, replayed: false };
        case 'request-exists':
          return replay(outcome.request, fingerprint);
        case 'number-taken':
          probeFrom = next + 1;
          break;
        case 'counter-moved':
        case 'contention': {
          const pause = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
          const remaining = deps.remainingMs?.() ?? Number.POSITIVE_INFINITY;
          if (attempt >= MAX_ATTEMPTS || remaining < pause + ANSWER_MARGIN_MS) {
            throw new TicketStoreBusyError(
              `Ticket store contended for ${attempt} attempts (${outcome.kind === 'contention' ? outcome.reason : 'counter moved'})`,
            );
          }
          await wait(pause);
          break;
        }
      }
    }
  };
};

const numberOf = (year: number, sequence: number): string => {
  if (sequence > MAX_TICKET_SEQUENCE) throw new SequenceExhaustedError(year);
  return formatTicketNumber(year, sequence);
};
