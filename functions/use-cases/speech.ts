import { TICKET_STATUS_LABELS_KO, type TicketStatus } from '#domain/ticket';
import { spokenDigits } from '#domain/ticket-number';

/**
 * Korean sentences the flows play with Amazon Polly (TTS). Ticket numbers are always read digit
 * by digit ({@link spokenDigits}); dates are read as `3월 5일`. No particle follows a spoken
 * number whose form depends on the last digit's sound (은/는, 이/가): only `입니다` and `에`,
 * which are correct after any digit.
 */

const monthDayFormatters = new Map<string, Intl.DateTimeFormat>();

/** `2027-03-05T14:00:00.000+09:00` → `3월 5일` in the city's time zone. */
export const koreanMonthDay = (isoInstant: string, timeZone: string): string => {
  let formatter = monthDayFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', day: 'numeric' });
    monthDayFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(isoInstant));
  const month = parts.find((part) => part.type === 'month')?.value ?? '';
  const day = parts.find((part) => part.type === 'day')?.value ?? '';
  return `${month}월 ${day}일`;
};

/** intake: `접수번호는 … 입니다. 담당 부서 도로과에서 3월 5일까지 처리할 예정입니다.` */
export const ticketCreatedMessage = (input: {
  ticketNumber: string;
  departmentNameKo: string;
  dueAt: string;
  timeZone: string;
}): string =>
  `접수번호는 ${spokenDigits(input.ticketNumber)} 입니다. 담당 부서 ${input.departmentNameKo}에서 ` +
  `${koreanMonthDay(input.dueAt, input.timeZone)}까지 처리할 예정입니다.`;

/** escalation: the promise of a call-back within the department's SLA (or the honest answer when the number is withheld). */
export const callbackCreatedMessage = (input: {
  ticketNumber: string;
  departmentNameKo: string;
  slaHours: number;
  callerWithheld: boolean;
}): string => {
  const number = `접수번호는 ${spokenDigits(input.ticketNumber)} 입니다.`;
  if (input.callerWithheld) {
    return (
      `${input.departmentNameKo} 담당자와 지금 바로 연결해 드리기 어려워 요청 내용을 접수했습니다. ${number} ` +
      '발신번호가 표시되지 않아 회신 전화는 드리기 어렵습니다. 이 접수번호로 처리 상황을 확인하실 수 있습니다.'
    );
  }
  return (
    `${input.departmentNameKo} 담당자와 지금 바로 연결해 드리기 어려워 회신 요청을 접수했습니다. ${number} ` +
    `${input.departmentNameKo} 담당자가 ${input.slaHours}시간 안에 전화 드리겠습니다.`
  );
};

/**
 * ticketStatus (FOUND): department, status and due date only — nothing personal (see the privacy
 * note in functions/use-cases/ticket-status.ts).
 */
export const ticketStatusMessage = (input: {
  ticketNumber: string;
  departmentNameKo: string;
  status: TicketStatus;
  dueAt: string;
  timeZone: string;
  now: Date;
}): string => {
  const head = `문의하신 접수번호 ${spokenDigits(input.ticketNumber)} 민원은`;
  const department = input.departmentNameKo;
  const label = TICKET_STATUS_LABELS_KO[input.status];
  const due = koreanMonthDay(input.dueAt, input.timeZone);
  switch (input.status) {
    case 'RESOLVED':
      return `${head} ${department}에서 처리가 완료되었습니다. 이용해 주셔서 감사합니다.`;
    case 'REJECTED':
      return `${head} ${department}에서 ${label} 처리되었습니다. 자세한 사유는 상담사에게 문의해 주십시오.`;
    case 'DUPLICATE':
      return `${head} 먼저 접수된 같은 내용의 민원과 함께 ${department}에서 처리하고 있습니다.`;
    default: {
      const overdue = Date.parse(input.dueAt) < input.now.getTime();
      const when = overdue
        ? `처리 예정일인 ${due}이 지났습니다. 처리가 늦어져 죄송합니다.`
        : `${due}까지 처리할 예정입니다.`;
      return `${head} 현재 ${department}에서 ${label} 단계에 있으며, ${when}`;
    }
  }
};

export const TICKET_NOT_FOUND_MESSAGE = (ticketNumber: string): string =>
  `접수번호 ${spokenDigits(ticketNumber)}에 해당하는 민원을 찾지 못했습니다. 번호를 확인하신 뒤 다시 입력해 주십시오.`;

export const TICKET_INVALID_NUMBER_MESSAGE =
  '입력하신 접수번호가 올바르지 않습니다. 번호를 확인하신 뒤 다시 입력해 주십시오.';

export const TICKET_NO_INPUT_MESSAGE =
  '접수번호가 입력되지 않았습니다. 열한 자리 접수번호를 입력해 주십시오.';
