import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import { InvalidCursorError } from '#adapters/page-cursor';
import { ConcurrentModificationError } from '#adapters/ticket-repository';
import { InvalidCallerNumberError } from '#commons/caller-hash';
import { IllegalTransitionError } from '#domain/lifecycle';
import { InvalidTicketError } from '#domain/ticket';
import { UnknownDepartmentError } from '#functions/use-cases/create-ticket';
import { InvalidReceiptError, UnknownInboxError } from '#functions/use-cases/department-inbox';
import {
  AccessDeniedError,
  TicketNotFoundError,
  UnknownTargetDepartmentError,
} from '#functions/use-cases/manage-ticket';
import { ApiError } from './http';
import { illegalTransitionMessage, MESSAGES_KO } from './messages';

/**
 * The use cases' known errors → the contract's statuses and error bodies (docs/contracts.md,
 * "Desk HTTP API"); anything else → undefined, which the router answers with 500 `internal`.
 */
export const toApiError = (error: unknown): ApiError | undefined => {
  if (error instanceof ApiError) return error;
  if (error instanceof TicketNotFoundError)
    return new ApiError(404, 'ticket-not-found', MESSAGES_KO.ticketNotFound);
  if (error instanceof AccessDeniedError)
    return new ApiError(403, 'forbidden', MESSAGES_KO.forbiddenDepartment);
  if (error instanceof ConcurrentModificationError) {
    return new ApiError(409, 'version-conflict', MESSAGES_KO.versionConflict, {
      ...(error.actualVersion !== undefined && { currentVersion: error.actualVersion }),
    });
  }
  if (error instanceof IllegalTransitionError) {
    return new ApiError(409, 'illegal-transition', illegalTransitionMessage(error), {
      reason: error.reason,
      from: error.from,
    });
  }
  if (error instanceof IdempotencyAlreadyInProgressError)
    return new ApiError(409, 'request-in-progress', MESSAGES_KO.requestInProgress);
  if (error instanceof UnknownDepartmentError || error instanceof UnknownTargetDepartmentError)
    return new ApiError(400, 'unknown-department', MESSAGES_KO.unknownDepartment);
  if (error instanceof InvalidCallerNumberError)
    return new ApiError(400, 'invalid-caller-number', MESSAGES_KO.invalidCallerNumber);
  if (error instanceof InvalidTicketError)
    return new ApiError(400, 'invalid-request', MESSAGES_KO.invalidRequest);
  if (error instanceof UnknownInboxError)
    return new ApiError(404, 'department-not-found', MESSAGES_KO.departmentNotFound);
  if (error instanceof InvalidCursorError)
    return new ApiError(400, 'invalid-cursor', MESSAGES_KO.invalidCursor[error.reason], {
      fields: ['query.cursor'],
      reason: error.reason,
    });
  if (error instanceof InvalidReceiptError)
    return new ApiError(400, 'invalid-receipt', MESSAGES_KO.invalidReceipt);
  return undefined;
};
