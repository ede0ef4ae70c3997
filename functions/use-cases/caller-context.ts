import type { TicketRepository } from '#adapters/ticket-repository';
import type { CallerHasher } from '#commons/caller-hash';
import type { Caller } from '#commons/flow-response';
import { entryPointForNumber, type RuntimeConfig } from '#commons/runtime-config';
import { isOpenStatus, TICKET_STATUS_LABELS_KO, type TicketStatus } from '#domain/ticket';

/**
 * For the screen pop and the IVR: which of the city's numbers was dialed, and what the caller has
 * open with the city. One bounded query on the `byCaller` index (newest first); a withheld number
 * is simply unknown.
 */

export interface CallerContext {
  entryPoint: string;
  callerKnown: boolean;
  openTickets: number;
  latestTicket: string;
  latestStatus: TicketStatus | '';
  latestStatusKo: string;
}

export type GetCallerContext = (input: {
  caller: Caller;
  dialed: string | undefined;
}) => Promise<CallerContext>;

export const createCallerContext =
  (deps: { repository: TicketRepository; hasher: CallerHasher; config: RuntimeConfig }): GetCallerContext =>
  async ({ caller, dialed }) => {
    const entryPoint = entryPointForNumber(deps.config, dialed)?.id ?? 'unknown';
    const unknown: CallerContext = {
      entryPoint,
      callerKnown: false,
      openTickets: 0,
      latestTicket: '',
      latestStatus: '',
      latestStatusKo: '',
    };
    if (caller.withheld) return unknown;
    const tickets = await deps.repository.listByCallerHash(await deps.hasher(caller.number));
    const latest = tickets[0];
    if (latest === undefined) return unknown;
    return {
      entryPoint,
      callerKnown: true,
      openTickets: tickets.filter((ticket) => isOpenStatus(ticket.status)).length,
      latestTicket: latest.ticketNumber,
      latestStatus: latest.status,
      latestStatusKo: TICKET_STATUS_LABELS_KO[latest.status],
    };
  };
