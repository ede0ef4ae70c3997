import type { KbActor } from '#functions/use-cases/kb-editing';
import {
  KbForbiddenError,
  KbIllegalTransitionError,
  KbUnknownDepartmentError,
  KbVersionNotFoundError,
} from '#functions/use-cases/kb-editing';
import { KbEntryExistsError, KbEntryNotFoundError, KbVersionConflictError } from '#kb/editorial-store';
import { InvalidCursorError } from '#kb/paging';
import type { Principal } from '../auth';
import { toApiError } from '../errors';
import { ApiError, type ApiResult } from '../http';
import { kbIllegalTransitionMessage, MESSAGES_KO } from '../messages';

/**
 * The 상담DB use cases' errors → the contract's statuses (docs/contracts.md, "상담DB routes"),
 * kept beside the KB routes: 403 `forbidden`, 404 `kb-entry-not-found` / `kb-version-not-found`,
 * 409 `version-conflict` (with `currentVersion`) / `illegal-transition` (with `from`, `action`),
 * 400 `unknown-department` / `invalid-cursor`.
 */
export const toKbApiError = (error: unknown): ApiError | undefined => {
  if (error instanceof KbForbiddenError) return new ApiError(403, 'forbidden', MESSAGES_KO.kbForbidden);
  if (error instanceof KbEntryNotFoundError)
    return new ApiError(404, 'kb-entry-not-found', MESSAGES_KO.kbEntryNotFound);
  if (error instanceof KbVersionNotFoundError)
    return new ApiError(404, 'kb-version-not-found', MESSAGES_KO.kbVersionNotFound);
  if (error instanceof KbVersionConflictError) {
    return new ApiError(409, 'version-conflict', MESSAGES_KO.kbVersionConflict, {
      ...(error.currentVersion !== undefined && { currentVersion: error.currentVersion }),
    });
  }
  if (error instanceof KbEntryExistsError)
    return new ApiError(409, 'version-conflict', MESSAGES_KO.kbVersionConflict);
  if (error instanceof KbIllegalTransitionError) {
    return new ApiError(409, 'illegal-transition', kbIllegalTransitionMessage(error.action, error.from), {
      from: error.from,
      action: error.action,
    });
  }
  if (error instanceof KbUnknownDepartmentError)
    return new ApiError(400, 'unknown-department', MESSAGES_KO.unknownDepartment);
  if (error instanceof InvalidCursorError)
    return new ApiError(400, 'invalid-cursor', MESSAGES_KO.kbInvalidCursor, { fields: ['query.cursor'] });
  return toApiError(error);
};

/** Runs a KB route's work, answering the KB errors with their statuses. */
export const kbWork = async (work: () => Promise<ApiResult>): Promise<ApiResult> => {
  try {
    return await work();
  } catch (error) {
    throw toKbApiError(error) ?? error;
  }
};

/** The acting user as the 상담DB rules see them. */
export const actorOf = (principal: Principal): KbActor => ({
  username: principal.username,
  isAdmin: principal.isAdmin,
  isCounselor: principal.isCounselor,
  departmentIds: principal.departmentIds,
});
