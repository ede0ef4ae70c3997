import type { IllegalTransitionError } from '#domain/lifecycle';
import { TICKET_STATUS_LABELS_KO } from '#domain/ticket';
import { KB_ACTION_LABELS_KO, KB_STATE_LABELS_KO, type KbAction, type KbState } from '#kb/lifecycle';

/**
 * Every Korean sentence the desk API answers with (the `message` of `{ error, message }` errors and
 * of escalation results, docs/contracts.md "Desk HTTP API"), in one place so the UI copy is
 * reviewed and changed together. The sentences the desk reads aloud to a citizen (ticket number,
 * call-back) are shared with the contact flows and live in functions/use-cases/speech.ts.
 */

export const MESSAGES_KO = {
  invalidRequest: '요청 내용이 올바르지 않습니다. 입력값을 확인해 주세요.',
  invalidJson: '요청 본문이 올바른 JSON 형식이 아닙니다.',
  unauthorized: '로그인이 필요합니다. 다시 로그인해 주세요.',
  forbidden: '이 작업을 할 권한이 없습니다.',
  forbiddenDepartment: '다른 부서의 민원이나 수신함에는 접근할 수 없습니다.',
  routeNotFound: '요청한 기능을 찾을 수 없습니다.',
  methodNotAllowed: '지원하지 않는 요청 방식입니다.',
  ticketNotFound: '해당 접수번호의 민원을 찾을 수 없습니다.',
  departmentNotFound: '해당 부서를 찾을 수 없습니다.',
  invalidTicketNumber: '접수번호가 올바르지 않습니다. 번호를 확인해 주세요.',
  unknownDepartment: '존재하지 않는 부서이거나 담당 부서가 없는 분야입니다.',
  invalidCallerNumber: '전화번호 형식이 올바르지 않습니다.',
  versionConflict: '다른 사용자가 먼저 이 민원을 변경했습니다. 새로고침한 뒤 다시 시도해 주세요.',
  requestInProgress: '같은 요청을 처리하고 있습니다. 잠시 후 다시 확인해 주세요.',
  invalidReceipt: '이미 처리되었거나 만료된 메시지입니다. 수신함을 새로고침해 주세요.',
  internal: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  /** 400 `invalid-cursor`, by reason: the list's page position cannot be used. */
  invalidCursor: {
    malformed: '목록의 다음 쪽 정보(cursor)가 올바르지 않습니다. 목록을 처음부터 다시 불러와 주세요.',
    signature:
      '목록의 다음 쪽 정보(cursor)가 변조되었거나 이 서버에서 발급한 것이 아닙니다. 목록을 처음부터 다시 불러와 주세요.',
    'other-query':
      '다른 조건의 목록에서 받은 다음 쪽 정보(cursor)입니다. 목록을 처음부터 다시 불러와 주세요.',
  },
  kbEntryNotFound: '해당 상담DB 답변을 찾을 수 없습니다.',
  kbVersionNotFound: '해당 버전을 찾을 수 없습니다.',
  kbVersionConflict: '다른 사용자가 먼저 이 답변을 수정했습니다. 새로고침한 뒤 다시 수정해 주세요.',
  kbForbidden: '다른 부서의 상담DB 답변은 수정할 수 없습니다.',
  kbRoleRequired: '상담DB를 볼 권한이 없습니다.',
  kbAdminOnly: '관리자만 할 수 있는 작업입니다.',
  kbDepartmentRequired: '부서를 선택해 주세요.',
  kbSearchNotFound: '검색 기록을 찾을 수 없습니다. 다시 검색해 주세요.',
  kbInvalidCursor: '목록의 다음 쪽 정보가 올바르지 않습니다. 처음부터 다시 조회해 주세요.',
  kbInvalidLexicon: '동의어 사전 형식이 올바르지 않습니다.',
  /** Stands in for a department name the config no longer has. */
  someDepartment: '담당 부서',
} as const;

/** The counselor's hint for an escalation answered with a transfer (queue: a quick connect; phone: a number). */
export const transferMessage = (transferType: 'queue' | 'phone', departmentNameKo: string): string =>
  transferType === 'queue'
    ? `${departmentNameKo} 담당자와 연결할 수 있습니다. 빠른 연결에서 부서를 선택해 전환해 주세요.`
    : `${departmentNameKo} 담당자 전화로 연결해 주세요.`;

/** Why a ticket cannot move from its status to the one asked for (409 `illegal-transition`). */
export const illegalTransitionMessage = (error: IllegalTransitionError): string => {
  const from = TICKET_STATUS_LABELS_KO[error.from];
  const to = error.to.startsWith('reassign:')
    ? '다른 부서로 이관'
    : error.to.startsWith('assign:')
      ? '담당자 변경'
      : (TICKET_STATUS_LABELS_KO[error.to as keyof typeof TICKET_STATUS_LABELS_KO] ?? error.to);
  if (error.reason === 'SAME_DEPARTMENT') return '이미 해당 부서가 담당하고 있는 민원입니다.';
  if (error.reason === 'SAME_ASSIGNEE') return '이미 그 담당자가 맡고 있는 민원입니다.';
  if (error.reason === 'INVALID_ASSIGNEE') return '담당자 아이디가 올바르지 않습니다.';
  if (error.reason === 'TERMINAL') return `이미 ${from} 상태로 종결된 민원이라 변경할 수 없습니다.`;
  return `현재 상태(${from})에서 ${to}(으)로 변경할 수 없습니다.`;
};

/** Why an 상담DB entry cannot take the action from its state (409 `illegal-transition`). */
export const kbIllegalTransitionMessage = (action: KbAction, from: KbState): string =>
  `${KB_STATE_LABELS_KO[from]} 상태에서는 ${KB_ACTION_LABELS_KO[action]}할 수 없습니다.`;
