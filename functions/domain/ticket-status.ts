import { TICKET_STATUS_LABELS_KO as LABELS } from '#domain/ticket-labels';

/**
 * A ticket's statuses, their Korean labels and which are open (docs/contracts.md, Tickets table).
 * Imports only the import-free label module, so the web app bundles these (the desk shows the same
 * labels the API answers with) without the rest of the ticket model; functions/domain/ticket.ts
 * re-exports them.
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

/** The badge of each status; the one label source is functions/domain/ticket-labels.ts. */
export const TICKET_STATUS_LABELS_KO: Readonly<Record<TicketStatus, string>> = LABELS;

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
