import type { DepartmentMessage } from '#adapters/department-publisher';
import { truncateText } from '#commons/flow-response';
import { maskPhoneNumbersInText } from '#domain/phone';
import type { Ticket } from '#domain/ticket';

/**
 * What the dispatcher tells departments about a change of the tickets table (stream image pair):
 *
 * - a new ticket (no old image) → `ticket.created` to its department;
 * - a department change → `ticket.reassigned` to the new department, and the same message to the
 *   old department so it can take the ticket off its list (`departmentId` tells each consumer
 *   whether the ticket is now theirs);
 * - a status change → `ticket.status-changed` to the department;
 * - a hand-over to another staff member (same status and department) → `ticket.assigned`;
 * - anything else (same version, or a change of neither status nor department) → nothing.
 *
 * Deletions (TTL expiry after the retention period) are not the dispatcher's business: the
 * handler ignores REMOVE records on purpose.
 */

export const SUMMARY_DESCRIPTION_MAX = 200;

export interface Delivery {
  /** The queue to send to. */
  targetDepartmentId: string;
  message: DepartmentMessage;
}

/** `<location> · <description ≤ 200 chars>`; phone numbers typed into the text are masked too. */
export const ticketSummary = (ticket: Pick<Ticket, 'location' | 'description'>): string => {
  const description = truncateText(ticket.description, SUMMARY_DESCRIPTION_MAX);
  const text =
    ticket.location !== undefined && ticket.location !== ''
      ? `${ticket.location} · ${description}`
      : description;
  return maskPhoneNumbersInText(text);
};

/** The fields every message about `ticket` carries (the dispatcher's and the SLA job's). */
export const baseMessage = (ticket: Ticket, type: DepartmentMessage['type']): DepartmentMessage => ({
  messageId: `${ticket.ticketNumber}-v${ticket.version}`,
  type,
  ticketNumber: ticket.ticketNumber,
  version: ticket.version,
  kind: ticket.kind,
  category: ticket.category,
  departmentId: ticket.departmentId,
  status: ticket.status,
  dueAt: ticket.dueAt,
  createdAt: ticket.createdAt,
  changedAt: ticket.updatedAt,
  ...(ticket.history.length > 0 && { changedBy: ticket.history[ticket.history.length - 1]?.by }),
  ...(ticket.assignee !== undefined && { assignee: ticket.assignee }),
  summary: ticketSummary(ticket),
  ...(ticket.callerMasked !== undefined && { callerMasked: ticket.callerMasked }),
});

export const deliveriesForChange = (previous: Ticket | undefined, current: Ticket): Delivery[] => {
  if (previous === undefined) {
    return [{ targetDepartmentId: current.departmentId, message: baseMessage(current, 'ticket.created') }];
  }
  if (current.version <= previous.version) return [];
  if (current.departmentId !== previous.departmentId) {
    const message: DepartmentMessage = {
      ...baseMessage(current, 'ticket.reassigned'),
      previousDepartmentId: previous.departmentId,
      previousStatus: previous.status,
    };
    return [
      { targetDepartmentId: current.departmentId, message },
      { targetDepartmentId: previous.departmentId, message },
    ];
  }
  if (current.status !== previous.status) {
    return [
      {
        targetDepartmentId: current.departmentId,
        message: { ...baseMessage(current, 'ticket.status-changed'), previousStatus: previous.status },
      },
    ];
  }
  if (current.assignee !== previous.assignee) {
    return [{ targetDepartmentId: current.departmentId, message: baseMessage(current, 'ticket.assigned') }];
  }
  return [];
};
