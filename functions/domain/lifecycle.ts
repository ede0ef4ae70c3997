import { checkText, NOTE_MAX } from '#domain/text';
import {
  assertValidDepartment,
  type DepartmentRef,
  departmentStatusKey,
  type HistoryEntry,
  isOpenStatus,
  type Ticket,
  type TicketStatus,
} from '#domain/ticket';
import { addHours, formatInstant } from '#domain/time';

/**
 * The ticket lifecycle.
 *
 *     RECEIVED ──▶ ASSIGNED ──▶ IN_PROGRESS ──▶ RESOLVED
 *        │            │              │
 *        └────────────┴──────────────┴──▶ REJECTED | DUPLICATE
 *
 * - Forward one step at a time: a department receives (접수), assigns a staff member (배정),
 *   works on it (처리중), resolves it (처리완료). No skipping, no going back.
 * - REJECTED (반려: not the city's business, or not actionable) and DUPLICATE (중복: the same
 *   problem is already ticketed) close a ticket from any open status.
 * - RESOLVED, REJECTED and DUPLICATE are terminal. A citizen whose problem is back gets a new
 *   ticket, so the history of the first one stays true.
 * - Reassignment (이관) moves an open ticket to another department: status back to RECEIVED at the
 *   new department, a history entry, and a new due time from the reassignment instant and the new
 *   department's SLA (the new department's clock starts when it receives the ticket). A terminal
 *   ticket cannot be reassigned, nor reassigned to the department that already owns it.
 *
 * - Assignment (배정): the department's staff member responsible. 담당 접수 (RECEIVED → ASSIGNED)
 *   claims the ticket for the actor unless someone is already named; a hand-over ({@link assign})
 *   names another staff member of the department (an open ticket in RECEIVED becomes ASSIGNED);
 *   a reassignment to another department clears it (the new department claims it).
 *
 * Every change returns a new ticket (the input is not mutated) with `version + 1`, `updatedAt`
 * and `departmentStatus` updated and one history entry appended; or a typed error.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  RECEIVED: ['ASSIGNED', 'REJECTED', 'DUPLICATE'],
  ASSIGNED: ['IN_PROGRESS', 'REJECTED', 'DUPLICATE'],
  IN_PROGRESS: ['RESOLVED', 'REJECTED', 'DUPLICATE'],
  RESOLVED: [],
  REJECTED: [],
  DUPLICATE: [],
};

export const canTransition = (from: TicketStatus, to: TicketStatus): boolean =>
  ALLOWED_TRANSITIONS[from].includes(to);

export const isTerminalStatus = (status: TicketStatus): boolean => ALLOWED_TRANSITIONS[status].length === 0;

export type IllegalTransitionReason =
  | 'NOT_ALLOWED'
  | 'TERMINAL'
  | 'SAME_DEPARTMENT'
  | 'INVALID_ACTOR'
  | 'INVALID_NOTE'
  | 'INVALID_DEPARTMENT'
  | 'SAME_ASSIGNEE'
  | 'INVALID_ASSIGNEE';

/** A change the lifecycle refuses; the message names the ticket, from and to. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly ticketNumber: string,
    readonly from: TicketStatus,
    /** A status, `reassign:<departmentId>` for a reassignment, `assign:<username>` for a hand-over. */
    readonly to: string,
    readonly reason: IllegalTransitionReason,
  ) {
    super(IllegalTransitionError.describe(ticketNumber, from, to, reason));
  }

  private static describe(
    ticket: string,
    from: TicketStatus,
    to: string,
    reason: IllegalTransitionReason,
  ): string {
    const head = `Ticket ${ticket}: cannot go from ${from} to ${to}`;
    switch (reason) {
      case 'NOT_ALLOWED':
        return `${head}; allowed from ${from}: ${ALLOWED_TRANSITIONS[from].join(', ') || 'none'}`;
      case 'TERMINAL':
        return `${head}; ${from} is terminal`;
      case 'SAME_DEPARTMENT':
        return `${head}; the ticket already belongs to that department`;
      case 'INVALID_ACTOR':
        return `${head}; the actor (by) must not be empty`;
      case 'INVALID_NOTE':
        return `${head}; the note is not acceptable text`;
      case 'INVALID_DEPARTMENT':
        return `${head}; the target department is invalid`;
      case 'SAME_ASSIGNEE':
        return `${head}; the ticket is already assigned to that staff member`;
      case 'INVALID_ASSIGNEE':
        return `${head}; the assignee must be a staff username`;
    }
  }
}

export type LifecycleResult = { ok: true; ticket: Ticket } | { ok: false; error: IllegalTransitionError };

interface ChangeCommon {
  by: string;
  note?: string;
  at: Date;
  /** IANA zone of the city; the timestamps carry its offset. */
  timeZone: string;
}

export interface TransitionCommand extends ChangeCommon {
  to: TicketStatus;
}

export interface AssignCommand extends ChangeCommon {
  /** The staff member (username) who takes the ticket over. */
  assignee: string;
}

/** A staff username as the desk API's principals have them. */
export const ASSIGNEE_PATTERN = /^[\p{L}\p{N}._@+=,-]{1,128}$/u;

export interface ReassignCommand extends ChangeCommon {
  /** The new department (id and SLA); its SLA restarts the due time. */
  department: DepartmentRef;
}

const fail = (
  ticket: Ticket,
  to: string,
  reason: IllegalTransitionReason,
): { ok: false; error: IllegalTransitionError } => ({
  ok: false,
  error: new IllegalTransitionError(ticket.ticketNumber, ticket.status, to, reason),
});

type Checked = { ok: true; note: string | undefined } | { ok: false; reason: IllegalTransitionReason };

const checkCommon = (command: ChangeCommon): Checked => {
  if (command.by.trim() === '') return { ok: false, reason: 'INVALID_ACTOR' };
  if (command.note === undefined) return { ok: true, note: undefined };
  const note = checkText(command.note, { max: NOTE_MAX, required: false });
  if (!note.ok) return { ok: false, reason: 'INVALID_NOTE' };
  return { ok: true, note: note.value === '' ? undefined : note.value };
};

const applyChange = (
  ticket: Ticket,
  change: { status: TicketStatus; departmentId: string; dueAt: string; assignee: string | undefined },
  command: ChangeCommon,
  note: string | undefined,
): Ticket => {
  const at = formatInstant(command.at, command.timeZone);
  const entry: HistoryEntry = {
    at,
    by: command.by,
    status: change.status,
    departmentId: change.departmentId,
    ...(change.assignee !== undefined && { assignee: change.assignee }),
    ...(note !== undefined && { note }),
  };
  const { assignee: _previous, ...rest } = ticket;
  return {
    ...rest,
    ...(change.assignee !== undefined && { assignee: change.assignee }),
    status: change.status,
    departmentId: change.departmentId,
    dueAt: change.dueAt,
    departmentStatus: departmentStatusKey(change.departmentId, change.status),
    updatedAt: at,
    version: ticket.version + 1,
    history: [...ticket.history, entry],
  };
};

/** Moves a ticket to `command.to` if {@link ALLOWED_TRANSITIONS} permits it. */
export const transition = (ticket: Ticket, command: TransitionCommand): LifecycleResult => {
  if (isTerminalStatus(ticket.status)) return fail(ticket, command.to, 'TERMINAL');
  if (!canTransition(ticket.status, command.to)) return fail(ticket, command.to, 'NOT_ALLOWED');
  const common = checkCommon(command);
  if (!common.ok) return fail(ticket, command.to, common.reason);
  return {
    ok: true,
    ticket: applyChange(
      ticket,
      {
        status: command.to,
        departmentId: ticket.departmentId,
        dueAt: ticket.dueAt,
        // 담당 접수 claims the ticket for whoever accepts it, unless a hand-over already named someone.
        assignee: ticket.assignee ?? (command.to === 'ASSIGNED' ? command.by : undefined),
      },
      command,
      common.note,
    ),
  };
};

/** Hands an open ticket over to a staff member of its department (RECEIVED becomes ASSIGNED). */
export const assign = (ticket: Ticket, command: AssignCommand): LifecycleResult => {
  const to = `assign:${command.assignee}`;
  if (!isOpenStatus(ticket.status)) return fail(ticket, to, 'TERMINAL');
  if (!ASSIGNEE_PATTERN.test(command.assignee)) return fail(ticket, to, 'INVALID_ASSIGNEE');
  if (command.assignee === ticket.assignee) return fail(ticket, to, 'SAME_ASSIGNEE');
  const common = checkCommon(command);
  if (!common.ok) return fail(ticket, to, common.reason);
  return {
    ok: true,
    ticket: applyChange(
      ticket,
      {
        status: ticket.status === 'RECEIVED' ? 'ASSIGNED' : ticket.status,
        departmentId: ticket.departmentId,
        dueAt: ticket.dueAt,
        assignee: command.assignee,
      },
      command,
      common.note,
    ),
  };
};

/** Moves an open ticket to another department, back to RECEIVED there, with a new due time. */
export const reassign = (ticket: Ticket, command: ReassignCommand): LifecycleResult => {
  const to = `reassign:${command.department.id}`;
  if (!isOpenStatus(ticket.status)) return fail(ticket, to, 'TERMINAL');
  try {
    assertValidDepartment(command.department);
  } catch {
    return fail(ticket, to, 'INVALID_DEPARTMENT');
  }
  if (command.department.id === ticket.departmentId) return fail(ticket, to, 'SAME_DEPARTMENT');
  const common = checkCommon(command);
  if (!common.ok) return fail(ticket, to, common.reason);
  return {
    ok: true,
    ticket: applyChange(
      ticket,
      {
        status: 'RECEIVED',
        departmentId: command.department.id,
        dueAt: formatInstant(addHours(command.at, command.department.slaHours), command.timeZone),
        assignee: undefined,
      },
      command,
      common.note,
    ),
  };
};
