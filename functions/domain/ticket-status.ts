/**
 * A ticket's statuses, their Korean labels and which are open (docs/contracts.md, Tickets table).
 * No imports, so the web app bundles these (the desk shows the same labels the API answers with)
 * without the rest of the ticket model; functions/domain/ticket.ts re-exports them.
 */

export const TICKET_STATUSES = [
  'RECEIVED',
  'ASSIGNED',
  'IN_PROGRESS',
  'RESOLVED',
  'REJECTED',
  'DUPLICATE',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_STATUS_LABELS_KO: Readonly<Record<TicketStatus, string>> = {
  RECEIVED: '접수',
  ASSIGNED: '배정',
  IN_PROGRESS: '처리중',
  RESOLVED: '처리완료',
  REJECTED: '반려',
  DUPLICATE: '중복',
};

/** Statuses in which the department still owes the citizen something. */
export const OPEN_STATUSES = [
  'RECEIVED',
  'ASSIGNED',
  'IN_PROGRESS',
] as const satisfies readonly TicketStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export const isTicketStatus = (value: string): value is TicketStatus =>
  (TICKET_STATUSES as readonly string[]).includes(value);

export const isOpenStatus = (status: TicketStatus): status is OpenStatus =>
  (OPEN_STATUSES as readonly string[]).includes(status);
