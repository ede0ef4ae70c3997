import { type ActionExecutor, conditionHolds } from '../context';
import { checkHours } from '../hours';

/**
 * CheckHoursOfOperation ("Check hours of operation"): evaluates the hours (HoursOfOperationId, or
 * the working queue's hours) at the current time; result "True" or "False", the two conditions
 * Equals True and Equals False; error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-checkhoursofoperation.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/check-hours-of-operation.html
 *
 * Simulated: hours with dated overrides in the hours' time zone (tools/simulator/hours.ts); without
 * HoursOfOperationId the `main` hours (every simulated queue uses them); an ARN that resolves to no
 * simulated hours takes the error branch.
 */
export const execute: ActionExecutor = (ctx) => {
  const { contact } = ctx;
  const ref = ctx.param('HoursOfOperationId');
  const id = ref === undefined ? 'main' : contact.resources.hoursId(ref);
  if (!id) return ctx.error('NoMatchingError');
  const hours = contact.config.hours[id] ?? ctx.fail(`no hours "${id}" configured`);
  const verdict = checkHours(hours, contact.now);
  ctx.event(`hours ${id}: ${verdict.explanation}`);
  const result = verdict.open ? 'True' : 'False';
  const branch = (ctx.action.Transitions?.Conditions ?? []).find((c) =>
    conditionHolds(result, c.Condition, ctx.where),
  );
  return branch ? { next: branch.NextAction } : ctx.fail(`has no condition for ${result}`);
};
