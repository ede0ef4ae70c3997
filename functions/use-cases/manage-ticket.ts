import * as z from 'zod';
import { type CursorCodec, InvalidCursorError } from '#adapters/page-cursor';
import {
  ConcurrentModificationError,
  type ListPosition,
  type TicketRepository,
} from '#adapters/ticket-repository';
import type { CallerHasher } from '#commons/caller-hash';
import { departmentById, type RuntimeConfig } from '#commons/runtime-config';
import { assign, type LifecycleResult, reassign, transition } from '#domain/lifecycle';
import { maskPhone } from '#domain/phone';
import {
  isOpenStatus,
  OPEN_STATUSES,
  TICKET_STATUS_LABELS_KO,
  TICKET_STATUSES,
  type Ticket,
  type TicketStatus,
} from '#domain/ticket';
import { isIsoInstant } from '#domain/time';

/**
 * The desk's and departments' ticket work (docs/contracts.md, Desk HTTP API): reading tickets as
 * `TicketView`s (never the clear caller number), a department's list, a caller's tickets, and the
 * lifecycle changes with optimistic concurrency. Who may see or change what is the caller's
 * predicate (`mayRead`/`mayChange`), checked against the stored ticket.
 */

export interface TicketHistoryView {
  at: string;
  by: string;
  status: TicketStatus;
  statusKo: string;
  departmentId: string;
  assignee?: string;
  note?: string;
}

/** Where an open ticket stands against its due time (`dueSoon`: within the SLA warning hours). */
export type SlaState = 'overdue' | 'due-soon';

export interface TicketView {
  ticketNumber: string;
  kind: Ticket['kind'];
  category: Ticket['category'];
  departmentId: string;
  departmentNameKo: string;
  status: TicketStatus;
  statusKo: string;
  assignee?: string;
  /** Open tickets only: past `dueAt`, or due within the SLA warning hours. */
  sla?: SlaState;
  location?: string;
  description: string;
  callerMasked?: string;
  contactId?: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  version: number;
  history: TicketHistoryView[];
}

/** Default SLA warning window: a ticket due within 24 hours is "due soon". */
export const DEFAULT_SLA_WARN_HOURS = 24;

export const slaStateOf = (
  ticket: Pick<Ticket, 'status' | 'dueAt'>,
  now: Date,
  warnHours: number = DEFAULT_SLA_WARN_HOURS,
): SlaState | undefined => {
  if (!isOpenStatus(ticket.status)) return undefined;
  const due = Date.parse(ticket.dueAt);
  if (due <= now.getTime()) return 'overdue';
  return due <= now.getTime() + warnHours * 3_600_000 ? 'due-soon' : undefined;
};

export class TicketNotFoundError extends Error {
  override readonly name = 'TicketNotFoundError';
  constructor(readonly ticketNumber: string) {
    super(`Ticket ${ticketNumber} not found`);
  }
}

/** The actor may not see or change this ticket (its department is not theirs). */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
}

/** The target department is not one of this city's. */
export class UnknownTargetDepartmentError extends Error {
  override readonly name = 'UnknownTargetDepartmentError';
}

export const toTicketView = (
  ticket: Ticket,
  config: RuntimeConfig,
  now: Date = new Date(),
  warnHours: number = DEFAULT_SLA_WARN_HOURS,
): TicketView => {
  const sla = slaStateOf(ticket, now, warnHours);
  return {
    ticketNumber: ticket.ticketNumber,
    kind: ticket.kind,
    category: ticket.category,
    departmentId: ticket.departmentId,
    departmentNameKo: departmentById(config, ticket.departmentId)?.nameKo ?? ticket.departmentId,
    status: ticket.status,
    statusKo: TICKET_STATUS_LABELS_KO[ticket.status],
    ...(ticket.assignee !== undefined && { assignee: ticket.assignee }),
    ...(sla !== undefined && { sla }),
    ...(ticket.location !== undefined && { location: ticket.location }),
    description: ticket.description,
    ...(ticket.callerMasked !== undefined && { callerMasked: ticket.callerMasked }),
    ...(ticket.contactId !== undefined && { contactId: ticket.contactId }),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    dueAt: ticket.dueAt,
    version: ticket.version,
    history: ticket.history.map((entry) => ({
      at: entry.at,
      by: entry.by,
      status: entry.status,
      statusKo: TICKET_STATUS_LABELS_KO[entry.status],
      departmentId: entry.departmentId,
      ...(entry.assignee !== undefined && { assignee: entry.assignee }),
      ...(entry.note !== undefined && { note: entry.note }),
    })),
  };
};

/** Default and largest page of a department's list. */
export const DEPARTMENT_PAGE_DEFAULT = 50;
export const DEPARTMENT_PAGE_MAX = 100;

export interface DepartmentListRequest {
  departmentId: string;
  /** Default: the open statuses. */
  statuses?: readonly TicketStatus[];
  assignee?: string;
  limit?: number;
  cursor?: string;
}

export interface DepartmentListPage {
  tickets: TicketView[];
  nextCursor?: string;
}

const streamPosition = z.union([
  z.literal('done'),
  z.object({ ticketNumber: z.string().regex(/^\d{11}$/), dueAt: z.string().refine(isIsoInstant) }),
]);
const listPositionSchema = z.partialRecord(z.enum(TICKET_STATUSES), streamPosition);

export interface ChangeRequest {
  ticketNumber: string;
  expectedVersion: number;
  note?: string;
  by: string;
  mayChange: (ticket: Ticket) => boolean;
}

export interface TicketManagement {
  get(ticketNumber: string, mayRead: (ticket: Ticket) => boolean): Promise<TicketView>;
  /** A department's tickets, earliest `dueAt` first, one page (`nextCursor` when there is more). */
  listDepartment(request: DepartmentListRequest): Promise<DepartmentListPage>;
  /** The caller's tickets, open ones first, newest first within each group. */
  listCaller(number: string): Promise<{ callerMasked: string; tickets: TicketView[] }>;
  transition(request: ChangeRequest & { to: TicketStatus }): Promise<TicketView>;
  reassign(request: ChangeRequest & { departmentId: string }): Promise<TicketView>;
  /** Hands the ticket over to a staff member of its department (claim: the actor names themself). */
  assign(request: ChangeRequest & { assignee: string }): Promise<TicketView>;
}

export const createTicketManagement = (deps: {
  repository: TicketRepository;
  hasher: CallerHasher;
  config: RuntimeConfig;
  /** Signs list cursors; without it a list has one page of at most the limit. */
  cursors?: CursorCodec;
  slaWarnHours?: number;
  now?: () => Date;
}): TicketManagement => {
  const now = deps.now ?? (() => new Date());
  const view = (ticket: Ticket) => toTicketView(ticket, deps.config, now(), deps.slaWarnHours);

  const save = async (previous: Ticket, result: LifecycleResult, expectedVersion: number) => {
    if (!result.ok) throw result.error;
    await deps.repository.save(result.ticket, expectedVersion, previous);
    return view(result.ticket);
  };

  /** Loads, authorizes and version-checks the ticket a change is about. */
  const load = async (request: ChangeRequest): Promise<Ticket> => {
    const ticket = await deps.repository.get(request.ticketNumber);
    if (ticket === undefined) throw new TicketNotFoundError(request.ticketNumber);
    if (!request.mayChange(ticket)) throw new AccessDeniedError(`Ticket ${ticket.ticketNumber}`);
    if (ticket.version !== request.expectedVersion) {
      throw new ConcurrentModificationError(ticket.ticketNumber, request.expectedVersion, ticket.version);
    }
    return ticket;
  };

  return {
    async get(ticketNumber, mayRead) {
      const ticket = await deps.repository.get(ticketNumber);
      if (ticket === undefined) throw new TicketNotFoundError(ticketNumber);
      if (!mayRead(ticket)) throw new AccessDeniedError(`Ticket ${ticketNumber}`);
      return view(ticket);
    },

    async listDepartment(request) {
      const statuses = [...new Set(request.statuses ?? OPEN_STATUSES)];
      const limit = Math.min(request.limit ?? DEPARTMENT_PAGE_DEFAULT, DEPARTMENT_PAGE_MAX);
      const scope = JSON.stringify([request.departmentId, [...statuses].sort(), request.assignee ?? null]);
      let after: ListPosition | undefined;
      if (request.cursor !== undefined) {
        if (deps.cursors === undefined) throw new InvalidCursorError('malformed');
        const parsed = listPositionSchema.safeParse(await deps.cursors.decode(scope, request.cursor));
        if (!parsed.success) throw new InvalidCursorError('malformed');
        after = parsed.data as ListPosition;
      }
      const page = await deps.repository.listByDepartmentDue({
        departmentId: request.departmentId,
        statuses,
        ...(request.assignee !== undefined && { assignee: request.assignee }),
        limit,
        ...(after !== undefined && { after }),
      });
      const nextCursor =
        page.next !== undefined && deps.cursors !== undefined
          ? await deps.cursors.encode(scope, page.next)
          : undefined;
      return { tickets: page.tickets.map(view), ...(nextCursor !== undefined && { nextCursor }) };
    },

    async listCaller(number) {
      const tickets = await deps.repository.listByCallerHash(await deps.hasher(number));
      const open = tickets.filter((t) => isOpenStatus(t.status));
      const closed = tickets.filter((t) => !isOpenStatus(t.status));
      return { callerMasked: maskPhone(number), tickets: [...open, ...closed].map(view) };
    },

    async transition(request) {
      const ticket = await load(request);
      const result = transition(ticket, {
        to: request.to,
        by: request.by,
        at: now(),
        timeZone: deps.config.timezone,
        ...(request.note !== undefined && { note: request.note }),
      });
      return save(ticket, result, request.expectedVersion);
    },

    async reassign(request) {
      const target = departmentById(deps.config, request.departmentId);
      if (target === undefined) throw new UnknownTargetDepartmentError(request.departmentId);
      const ticket = await load(request);
      const result = reassign(ticket, {
        department: { id: target.id, slaHours: target.slaHours },
        by: request.by,
        at: now(),
        timeZone: deps.config.timezone,
        ...(request.note !== undefined && { note: request.note }),
      });
      return save(ticket, result, request.expectedVersion);
    },

    async assign(request) {
      const ticket = await load(request);
      const result = assign(ticket, {
        assignee: request.assignee,
        by: request.by,
        at: now(),
        timeZone: deps.config.timezone,
        ...(request.note !== undefined && { note: request.note }),
      });
      return save(ticket, result, request.expectedVersion);
    },
  };
};
