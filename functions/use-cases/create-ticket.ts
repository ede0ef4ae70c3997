import type { TicketCounter } from '#adapters/ticket-counter';
import { allocateTicketNumber } from '#adapters/ticket-counter';
import { TicketAlreadyExistsError, type TicketRepository } from '#adapters/ticket-repository';
import type { CallerHasher } from '#commons/caller-hash';
import type { Caller } from '#commons/flow-response';
import {
  type Department,
  departmentById,
  departmentForCategory,
  type RuntimeConfig,
} from '#commons/runtime-config';
import type { CategoryCode } from '#domain/categories';
import { type CallerInfo, createTicket, type TicketKind } from '#domain/ticket';

/**
 * Creating a ticket (intake, and the escalation's call-back ticket): department from the request
 * or the category's owner, number from the per-year counter, caller number stored in clear only
 * inside the (KMS-encrypted) item with its keyed hash and masked form. Pure orchestration; the
 * handler validates text first, the domain re-checks every invariant.
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
}

/** What a created ticket tells its creator; JSON only, so the idempotency layer can store it. */
export interface CreatedTicket {
  ticketNumber: string;
  kind: TicketKind;
  category: CategoryCode;
  departmentId: string;
  dueAt: string;
  callerWithheld: boolean;
}

/** The request names a department this city does not have, or a category no department owns here. */
export class UnknownDepartmentError extends Error {
  override readonly name = 'UnknownDepartmentError';
}

export interface TicketServiceDeps {
  repository: TicketRepository;
  counter: TicketCounter;
  hasher: CallerHasher;
  config: RuntimeConfig;
  now?: () => Date;
  retentionDays?: number;
}

export type CreateTicket = (request: TicketRequest) => Promise<CreatedTicket>;

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

/** A number the counter hands out twice (restored table) is skipped, at most this many times. */
const MAX_NUMBER_ATTEMPTS = 3;

export const createTicketService = (deps: TicketServiceDeps): CreateTicket => {
  const now = deps.now ?? (() => new Date());
  const timeZone = deps.config.timezone;

  return async (request) => {
    const department = resolveDepartment(deps.config, request);
    const caller: CallerInfo = request.caller.withheld
      ? { withheld: true }
      : { withheld: false, number: request.caller.number, hash: await deps.hasher(request.caller.number) };
    for (let attempt = 1; ; attempt++) {
      const at = now();
      const ticketNumber = await allocateTicketNumber(deps.counter, at, timeZone);
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
      try {
        await deps.repository.create(ticket);
      } catch (error) {
        if (error instanceof TicketAlreadyExistsError && attempt < MAX_NUMBER_ATTEMPTS) continue;
        throw error;
      }
      return {
        ticketNumber,
        kind: ticket.kind,
        category: ticket.category,
        departmentId: ticket.departmentId,
        dueAt: ticket.dueAt,
        callerWithheld: caller.withheld,
      };
    }
  };
};
