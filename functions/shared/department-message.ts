import type { TicketKind } from '#domain/ticket';
import type { TicketStatus } from '#domain/ticket-status';

/**
 * The department queue message (docs/contracts.md, "Department queue message"): what the
 * dispatcher sends a department's SQS queue and what `GET /api/departments/{id}/inbox` hands the
 * department screen. Free of runtime imports, so the web app (web/src/api.ts) reads the same
 * definition; functions/adapters/department-publisher.ts sends it.
 */
export const DEPARTMENT_MESSAGE_TYPES = [
  'ticket.created',
  'ticket.status-changed',
  'ticket.reassigned',
  'ticket.assigned',
  'ticket.due-soon',
  'ticket.overdue',
] as const;
export type DepartmentMessageType = (typeof DEPARTMENT_MESSAGE_TYPES)[number];

/** Never the raw caller number. */
export interface DepartmentMessage {
  /** `<ticketNumber>-v<version>`: stable across redeliveries, for consumers' de-duplication. */
  messageId: string;
  type: DepartmentMessageType;
  ticketNumber: string;
  version: number;
  kind: TicketKind;
  category: string;
  /** The owning department after the change. */
  departmentId: string;
  previousDepartmentId?: string;
  status: TicketStatus;
  previousStatus?: TicketStatus;
  dueAt: string;
  createdAt: string;
  /** When the change happened (the ticket's `updatedAt`; the SLA job's run time for SLA notices). */
  changedAt?: string;
  /** Who made the change (staff username, `ivr`, `sla`): their own inbox shows it as read. */
  changedBy?: string;
  /** The staff member the ticket is assigned to, when someone is. */
  assignee?: string;
  /** `<location> · <description, at most 200 chars>`, phone numbers masked. */
  summary: string;
  callerMasked?: string;
}
