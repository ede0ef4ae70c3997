/**
 * Every Korean word staff read about a ticket's status, in one place (no imports, so the browser
 * bundle can take it as is): the badge of each status, the button that moves a ticket into it,
 * the inbox's message kinds and the SLA marks. The desk API (`statusKo`, `GET /api/config`), the
 * phone's status lookup, the SMS and the web app all read these.
 */

export const TICKET_STATUS_LABELS_KO = {
  RECEIVED: '접수',
  ASSIGNED: '배정',
  IN_PROGRESS: '처리중',
  RESOLVED: '처리완료',
  REJECTED: '반려',
  DUPLICATE: '중복',
} as const;

/** The button that moves a ticket into a status (the badge above is the status once there). */
export const TICKET_ACTION_LABELS_KO = {
  ASSIGNED: '담당 접수',
  IN_PROGRESS: '처리 시작',
  RESOLVED: '처리 완료',
  REJECTED: '반려',
  DUPLICATE: '중복 처리',
} as const;

/** Reassigning to another department, and handing over to another staff member. */
export const TICKET_MOVE_LABELS_KO = { reassign: '재배정', handOver: '담당자 변경' } as const;

/** Department queue message types (docs/contracts.md) as the inbox shows them. */
export const DEPARTMENT_MESSAGE_LABELS_KO = {
  'ticket.created': '새 민원',
  'ticket.status-changed': '상태 변경',
  'ticket.reassigned': '재배정',
  'ticket.assigned': '담당자 지정',
  'ticket.due-soon': '기한 임박',
  'ticket.overdue': '기한 초과',
} as const;

/** The SLA marks of an open ticket. */
export const SLA_LABELS_KO = { overdue: '기한 초과', dueSoon: '기한 임박' } as const;
