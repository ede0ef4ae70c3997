import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * JSON responses of the desk API and its error shape `{ error, message }` (docs/contracts.md):
 * `error` is a stable English code for programs, `message` a Korean sentence for the UI.
 */

export type ApiResult = APIGatewayProxyStructuredResultV2;

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (statusCode: number, body: unknown): ApiResult => ({
  statusCode,
  headers: HEADERS,
  body: JSON.stringify(body),
});

export const noContent = (): ApiResult => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

/** An error the router turns into `{ error, message, ...extra }` with its status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messageKo: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${statusCode} ${code}`);
  }
}

export const errorResult = (error: ApiError): ApiResult =>
  json(error.statusCode, { error: error.code, message: error.messageKo, ...error.extra });

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
} as const;
