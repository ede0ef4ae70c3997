import type { ActionExecutor } from '../context';

/**
 * UpdateFlowLoggingBehavior ("Set logging behavior"): enables or disables flow logs for the rest of
 * the contact segment. No errors.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-updateflowloggingbehavior.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-logging-behavior.html
 *
 * Simulated: recorded in `settings.flowLogging`.
 */
export const execute: ActionExecutor = (ctx) => {
  ctx.contact.settings.flowLogging = ctx.param('FlowLoggingBehavior') ?? '';
  return ctx.next();
};
