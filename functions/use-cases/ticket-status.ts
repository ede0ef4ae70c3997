import type { TicketRepository } from '#adapters/ticket-repository';
import { departmentById, type RuntimeConfig } from '#commons/runtime-config';
import { parseTicketNumber } from '#domain/ticket-number';
import {
  TICKET_INVALID_NUMBER_MESSAGE,
  TICKET_NO_INPUT_MESSAGE,
  TICKET_NOT_FOUND_MESSAGE,
  ticketStatusMessage,
} from '#functions/use-cases/speech';

/**
 * A keyed ticket number → its status, as a sentence for TTS.
 *
 * Privacy decision: a ticket number is a bearer reference, like a parcel tracking number. Whoever
 * keys a valid number hears the handling department, the Korean status label and the due date —
 * and nothing else: never the location, the description, the caller's number or anything about
 * the caller. The answer is the same whether or not the calling number created the ticket, so it
 * reveals nothing about who reported what, and a caller who lost their phone or calls from
 * another line still gets an answer. Guessing numbers yields only "some ticket is at department X",
 * which is not personal; the check digit turns most guesses into INVALID_NUMBER anyway.
 */

export type TicketStatusResult =
  | { status: 'FOUND'; ticketNumber: string; message: string; departmentId: string; ticketStatus: string }
  | { status: 'NOT_FOUND'; ticketNumber: string; message: string }
  | { status: 'INVALID_NUMBER' | 'INVALID_INPUT'; ticketNumber: string; message: string };

export type GetTicketStatus = (keyed: string) => Promise<TicketStatusResult>;

/** Input containing no digit at all (empty, only `#`, a timeout) is "nothing keyed". */
const NOTHING_KEYED = /^[\s*#]*$/;

export const createTicketStatus =
  (deps: { repository: TicketRepository; config: RuntimeConfig; now?: () => Date }): GetTicketStatus =>
  async (keyed) => {
    if (NOTHING_KEYED.test(keyed)) {
      return { status: 'INVALID_INPUT', ticketNumber: '', message: TICKET_NO_INPUT_MESSAGE };
    }
    const parsed = parseTicketNumber(keyed);
    if (!parsed.ok) {
      return {
        status: 'INVALID_NUMBER',
        ticketNumber: keyed.length <= 64 ? keyed.replace(/\D/g, '') : '',
        message: TICKET_INVALID_NUMBER_MESSAGE,
      };
    }
    const ticket = await deps.repository.get(parsed.value);
    if (ticket === undefined) {
      return {
        status: 'NOT_FOUND',
        ticketNumber: parsed.value,
        message: TICKET_NOT_FOUND_MESSAGE(parsed.value),
      };
    }
    const department = departmentById(deps.config, ticket.departmentId);
    return {
      status: 'FOUND',
      ticketNumber: ticket.ticketNumber,
      departmentId: ticket.departmentId,
      ticketStatus: ticket.status,
      message: ticketStatusMessage({
        ticketNumber: ticket.ticketNumber,
        // A department removed from the config since: still say something true.
        departmentNameKo: department?.nameKo ?? '담당 부서',
        status: ticket.status,
        dueAt: ticket.dueAt,
        timeZone: deps.config.timezone,
        now: (deps.now ?? (() => new Date()))(),
      }),
    };
  };
