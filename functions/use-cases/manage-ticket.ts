import { ConcurrentModificationError, type TicketRepository } from '#adapters/ticket-repository';
import type { CallerHasher } from '#commons/caller-hash';
import { departmentById, type RuntimeConfig } from '#commons/runtime-config';
import { reassign, transition } from '#domain/lifecycle';
import { maskPhone } from '#domain/phone';
import {
  isOpenStatus,
  OPEN_STATUSES,
  TICKET_STATUS_LABELS_KO,
  type Ticket,
  type TicketStatus,
} from '#domain/ticket';

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
  note?: string;
}

export interface TicketView {
  ticketNumber: string;
  kind: Ticket['kind'];
  category: Ticket['category'];
  departmentId: string;
  departmentNameKo: string;
  status: TicketStatus;
  statusKo: string;
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

export const toTicketView = (ticket: Ticket, config: RuntimeConfig): TicketView => ({
  ticketNumber: ticket.ticketNumber,
  kind: ticket.kind,
  category: ticket.category,
  departmentId: ticket.departmentId,
  departmentNameKo: departmentById(config, ticket.departmentId)?.nameKo ?? ticket.departmentId,
  status: ticket.status,
  statusKo: TICKET_STATUS_LABELS_KO[ticket.status],
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
    ...(entry.note !== undefined && { note: entry.note }),
  })),
});

/** Most tickets listed per status of a department (newest first). */
export const DEPARTMENT_LIST_LIMIT = 100;

export interface ChangeRequest {
  ticketNumber: string;
  expectedVersion: number;
  note?: string;
  by: string;
  mayChange: (ticket: Ticket) => boolean;
}

export interface TicketManagement {
  get(ticketNumber: string, mayRead: (ticket: Ticket) => boolean): Promise<TicketView>;
  listDepartment(departmentId: string, statuses?: readonly TicketStatus[]): Promise<TicketView[]>;
  /** The caller's tickets, open ones first, newest first within each group. */
  listCaller(number: string): Promise<{ callerMasked: string; tickets: TicketView[] }>;
  transition(request: ChangeRequest & { to: TicketStatus }): Promise<TicketView>;
  reassign(request: ChangeRequest & { departmentId: string }): Promise<TicketView>;
}

export const createTicketManagement = (deps: {
  repository: TicketRepository;
  hasher: CallerHasher;
  config: RuntimeConfig;
  now?: () => Date;
}): TicketManagement => {
  const now = deps.now ?? (() => new Date());
  const view = (ticket: Ticket) => toTicketView(ticket, deps.config);

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

    async listDepartment(departmentId, statuses = OPEN_STATUSES) {
      const pages = await Promise.all(
        statuses.map((status) =>
          deps.repository.listByDepartmentStatus(departmentId, status, DEPARTMENT_LIST_LIMIT),
        ),
      );
      return pages
        .flatMap((page) => page.tickets)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map(view);
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
      if (!result.ok) throw result.error;
      await deps.repository.save(result.ticket, request.expectedVersion, ticket);
      return view(result.ticket);
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
      if (!result.ok) throw result.error;
      await deps.repository.save(result.ticket, request.expectedVersion, ticket);
      return view(result.ticket);
    },
  };
};
