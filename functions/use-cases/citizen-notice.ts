import type { RuntimeConfig } from '#commons/runtime-config';
import { departmentById } from '#commons/runtime-config';
import type { Ticket } from '#domain/ticket';
import { displayTicketNumber, spokenDigits } from '#domain/ticket-number';
import { ticketStatusMessage } from '#functions/use-cases/speech';

/**
 * Telling the citizen (처리 결과 문자 안내; citizen-notifier function on the Tickets stream): one
 * Korean SMS to the caller's number per change that matters to them —
 *
 * - `result`: a report reaches a final status (처리완료, 반려, 중복);
 * - `reassigned`: it moved to another department (which also gives it a new due date);
 * - `due-moved`: its due date changed otherwise.
 *
 * Only reports (생활불편신고) are texted: call-back tickets end in a call, inquiries in nothing.
 * Never for a withheld number (the ticket has no `callerNumber`). The text is the status line the
 * phone's status lookup (functions/use-cases/ticket-status.ts) speaks for the same ticket — number,
 * department, status, due date — and nothing more: never the location, the description, a note or
 * a staff name. At most one message per change: the change is identified by ticket number and
 * version, and the sender records that key before sending (functions/adapters/notice-log.ts).
 */

export type NoticeReason = 'result' | 'reassigned' | 'due-moved';

export interface CitizenNotice {
  reason: NoticeReason;
  /** `<ticketNumber>#v<version>`: one message per change. */
  key: string;
  ticketNumber: string;
  version: number;
  /** E.164, from the KMS-encrypted ticket item; never logged. */
  to: string;
  text: string;
}

export type NoticeDecision =
  | { kind: 'send'; notice: CitizenNotice }
  | { kind: 'skip'; reason: 'not-a-report' | 'no-change' | 'withheld' };

/** The status line the phone's status lookup speaks, written for a text message. */
export const statusLine = (
  ticket: Pick<Ticket, 'ticketNumber' | 'departmentId' | 'status' | 'dueAt'>,
  config: Pick<RuntimeConfig, 'departments' | 'timezone'>,
  now: Date,
): string =>
  ticketStatusMessage({
    ticketNumber: ticket.ticketNumber,
    departmentNameKo: departmentById(config as RuntimeConfig, ticket.departmentId)?.nameKo ?? '담당 부서',
    status: ticket.status,
    dueAt: ticket.dueAt,
    timeZone: config.timezone,
    now,
  })
    // Spoken digits ("2 0 2 7, 0 0 0, …") become the written number; "문의하신" (you asked) does not
    // fit a message nobody asked for.
    .replace(spokenDigits(ticket.ticketNumber), displayTicketNumber(ticket.ticketNumber))
    .replace(/^문의하신 /, '');

/** `[청주시] ` + the status line. */
export const noticeText = (
  ticket: Pick<Ticket, 'ticketNumber' | 'departmentId' | 'status' | 'dueAt'>,
  config: Pick<RuntimeConfig, 'departments' | 'timezone' | 'city'>,
  now: Date,
): string => `[${config.city.ko}] ${statusLine(ticket, config, now)}`;

const FINAL = new Set<Ticket['status']>(['RESOLVED', 'REJECTED', 'DUPLICATE']);

export const decideNotice = (
  previous: Ticket | undefined,
  current: Ticket,
  config: Pick<RuntimeConfig, 'departments' | 'timezone' | 'city'>,
  now: Date,
): NoticeDecision => {
  if (current.kind !== 'report') return { kind: 'skip', reason: 'not-a-report' };
  if (previous === undefined || current.version <= previous.version)
    return { kind: 'skip', reason: 'no-change' };
  const reason: NoticeReason | undefined =
    current.status !== previous.status && FINAL.has(current.status)
      ? 'result'
      : current.departmentId !== previous.departmentId
        ? 'reassigned'
        : current.dueAt !== previous.dueAt
          ? 'due-moved'
          : undefined;
  if (reason === undefined) return { kind: 'skip', reason: 'no-change' };
  if (current.callerNumber === undefined) return { kind: 'skip', reason: 'withheld' };
  return {
    kind: 'send',
    notice: {
      reason,
      key: `${current.ticketNumber}#v${current.version}`,
      ticketNumber: current.ticketNumber,
      version: current.version,
      to: current.callerNumber,
      text: noticeText(current, config, now),
    },
  };
};

/**
 * The SMS channel: `opted-out` when the number is on the sender's opt-out list, `disabled` when the
 * stage texts nobody (or only validates) — nothing was sent in either case.
 */
export interface SmsSender {
  send(input: {
    to: string;
    text: string;
    context: Record<string, string>;
  }): Promise<{ outcome: 'sent'; messageId: string } | { outcome: 'opted-out' } | { outcome: 'disabled' }>;
}

/** Remembers which changes were texted: `claim` is true only the first time for a key. */
export interface NoticeLog {
  claim(key: string): Promise<boolean>;
  complete(key: string, outcome: string): Promise<void>;
  release(key: string): Promise<void>;
}

export type NoticeOutcome =
  | { outcome: 'sent'; messageId: string; notice: CitizenNotice }
  | { outcome: 'opted-out' | 'already-sent' | 'disabled'; notice: CitizenNotice }
  | { outcome: 'skipped'; reason: string };

export const createCitizenNotifier = (deps: {
  sender: SmsSender;
  log: NoticeLog;
  config: Pick<RuntimeConfig, 'departments' | 'timezone' | 'city'>;
  now?: () => Date;
}) => {
  const now = deps.now ?? (() => new Date());
  return async (previous: Ticket | undefined, current: Ticket): Promise<NoticeOutcome> => {
    const decision = decideNotice(previous, current, deps.config, now());
    if (decision.kind === 'skip') return { outcome: 'skipped', reason: decision.reason };
    const { notice } = decision;
    if (!(await deps.log.claim(notice.key))) return { outcome: 'already-sent', notice };
    try {
      const result = await deps.sender.send({
        to: notice.to,
        text: notice.text,
        context: {
          ticketNumber: notice.ticketNumber,
          version: String(notice.version),
          reason: notice.reason,
        },
      });
      await deps.log.complete(notice.key, result.outcome);
      return result.outcome === 'sent'
        ? { outcome: 'sent', messageId: result.messageId, notice }
        : { outcome: result.outcome, notice };
    } catch (error) {
      await deps.log.release(notice.key).catch(() => undefined);
      throw error;
    }
  };
};
