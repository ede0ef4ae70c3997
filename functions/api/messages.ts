import type * as z from 'zod';
import type { IllegalTransitionError } from '#domain/lifecycle';
import { type TextIssue, textIssueMessageKo } from '#domain/text';
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
  payloadTooLarge: '요청 내용이 너무 큽니다. 입력한 글을 줄여서 다시 보내 주세요.',
  invalidPath: '요청 주소가 올바르지 않습니다. 주소의 % 인코딩을 확인해 주세요.',
  invalidJson: '요청 본문이 올바른 JSON 형식이 아닙니다.',
  unauthorized: '로그인이 필요합니다. 다시 로그인해 주세요.',
  forbidden: '이 작업을 할 권한이 없습니다.',
  forbiddenDepartment: '다른 부서의 민원이나 수신함에는 접근할 수 없습니다.',
  routeNotFound: '요청한 기능을 찾을 수 없습니다.',
  methodNotAllowed: '지원하지 않는 요청 방식입니다.',
  malformedPath: '주소에 잘못된 퍼센트 인코딩(%)이 있습니다. 주소를 확인해 주세요.',
  ticketNotFound: '해당 접수번호의 민원을 찾을 수 없습니다.',
  departmentNotFound: '해당 부서를 찾을 수 없습니다.',
  invalidTicketNumber: '접수번호가 올바르지 않습니다. 번호를 확인해 주세요.',
  unknownDepartment: '존재하지 않는 부서이거나 담당 부서가 없는 분야입니다.',
  invalidCallerNumber: '전화번호 형식이 올바르지 않습니다.',
  versionConflict: '다른 사용자가 먼저 이 민원을 변경했습니다. 새로고침한 뒤 다시 시도해 주세요.',
  requestConflict: (ticketNumber: string) =>
    `이 접수 요청은 이미 다른 내용으로 접수되었습니다(접수번호 ${ticketNumber}). 새로 접수하려면 접수 버튼을 다시 눌러 주세요.`,
  storeBusy: '접수가 몰려 처리하지 못했습니다. 같은 내용으로 다시 접수해 주세요. 중복 접수되지 않습니다.',
  contactNotFound: '해당 통화를 찾을 수 없습니다. 진행 중이거나 끝난 내 통화만 기록할 수 있습니다.',
  contactNotYours: '다른 상담사가 받은 통화입니다. 내가 받은 통화만 기록할 수 있습니다.',
  contactNotAnswered: '상담사가 받지 않은 통화입니다. 내가 받은 통화만 기록할 수 있습니다.',
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
  noDayModel:
    '이 도시의 설정에 통화량 모델(dayModel)이 없어 인력 계획을 할 수 없습니다. 관리자에게 설정 추가를 요청해 주세요.',
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

/**
 * Korean names of the request fields the desk can get wrong, for refusals ("내용: 1,000자 이하로
 * 입력해 주세요."). A field missing here is shown by its own name.
 */
export const FIELD_LABELS_KO: Readonly<Record<string, string>> = {
  requestId: '요청 번호',
  kind: '접수 종류',
  category: '분야',
  description: '내용',
  location: '위치',
  note: '메모',
  departmentId: '부서',
  id: '부서',
  contactId: '통화',
  callerNumber: '발신번호',
  number: '접수번호',
  ticketNumber: '접수번호',
  to: '변경할 상태',
  expectedVersion: '버전',
  disposition: '마무리 유형',
  entryPoint: '건 번호',
  count: '경고 횟수',
  receiptHandle: '수신 메시지',
  q: '검색어',
  top: '결과 수',
  status: '상태',
  limit: '개수',
  cursor: '페이지',
};

/** One refused field: where, which, why (a stable code) and the Korean reason for the UI. */
export interface FieldIssue {
  /** `body`, `query` or `path`. */
  in: 'body' | 'query' | 'path';
  /** The field's path in its part (`description`, `history.0.note`); empty for the part itself. */
  field: string;
  labelKo: string;
  /** `REQUIRED`, `TOO_LONG`, `EMOJI`, `INVALID_VALUE`, `INVALID_FORMAT`, `TOO_BIG`, `TOO_SMALL`, … */
  reason: string;
  messageKo: string;
}

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown => {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
};

/** The reason code and Korean sentence of one zod issue (`input` is what was parsed). */
const reasonOf = (issue: z.core.$ZodIssue, input: unknown): { reason: string; messageKo: string } => {
  const params = (issue as { params?: Record<string, unknown> }).params ?? {};
  if (issue.code === 'custom' && typeof params.textIssue === 'string') {
    const textIssue = params.textIssue as TextIssue;
    const max = typeof params.max === 'number' ? params.max : 0;
    return { reason: textIssue, messageKo: textIssueMessageKo(textIssue, max) };
  }
  if (issue.code === 'custom' && typeof params.reason === 'string' && typeof params.messageKo === 'string') {
    return { reason: params.reason, messageKo: params.messageKo };
  }
  if (valueAt(input, issue.path) === undefined && issue.path.length > 0)
    return { reason: 'REQUIRED', messageKo: '필수 항목입니다. 입력해 주세요.' };
  switch (issue.code) {
    case 'invalid_value':
      return { reason: 'INVALID_VALUE', messageKo: '허용된 값 중에서 골라 주세요.' };
    case 'invalid_format':
      return { reason: 'INVALID_FORMAT', messageKo: '형식이 올바르지 않습니다.' };
    case 'too_big':
      return {
        reason: 'TOO_BIG',
        messageKo:
          issue.origin === 'string'
            ? `${Number(issue.maximum).toLocaleString('ko-KR')}자 이하로 입력해 주세요.`
            : `${Number(issue.maximum).toLocaleString('ko-KR')} 이하로 입력해 주세요.`,
      };
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? { reason: 'REQUIRED', messageKo: '필수 항목입니다. 입력해 주세요.' }
        : {
            reason: 'TOO_SMALL',
            messageKo:
              issue.origin === 'string'
                ? `${Number(issue.minimum).toLocaleString('ko-KR')}자 이상 입력해 주세요.`
                : `${Number(issue.minimum).toLocaleString('ko-KR')} 이상으로 입력해 주세요.`,
          };
    case 'unrecognized_keys':
      return { reason: 'UNKNOWN_FIELD', messageKo: '알 수 없는 항목이 있습니다.' };
    default:
      return { reason: 'INVALID', messageKo: '입력값이 올바르지 않습니다.' };
  }
};

/** A zod error's issues as {@link FieldIssue}s (at most `limit`, one per field). */
export const fieldIssues = (
  error: z.ZodError,
  input: unknown,
  where: FieldIssue['in'],
  limit = 10,
): FieldIssue[] => {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    const name = issue.path.findLast((key) => typeof key === 'string') as string | undefined;
    out.push({
      in: where,
      field,
      labelKo: name === undefined ? '요청 내용' : (FIELD_LABELS_KO[name] ?? name),
      ...reasonOf(issue, input),
    });
    if (out.length >= limit) break;
  }
  return out;
};

/** The refusal's one-line summary: the first field's reason, and how many more there are. */
export const issuesSummaryKo = (issues: readonly FieldIssue[]): string => {
  const [first, ...rest] = issues;
  if (first === undefined) return MESSAGES_KO.invalidRequest;
  const more = rest.length > 0 ? ` (그 밖에 ${rest.length}개 항목도 확인해 주세요.)` : '';
  return `${first.labelKo}: ${first.messageKo}${more}`;
};

/** Why an 상담DB entry cannot take the action from its state (409 `illegal-transition`). */
export const kbIllegalTransitionMessage = (action: KbAction, from: KbState): string =>
  `${KB_STATE_LABELS_KO[from]} 상태에서는 ${KB_ACTION_LABELS_KO[action]}할 수 없습니다.`;
