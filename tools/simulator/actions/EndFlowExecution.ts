import type { ActionExecutor } from '../context';

/**
 * EndFlowExecution ("End flow / Resume"): ends the current flow without disconnecting; in a whisper
 * flow the participants are then joined, in a customer queue flow the caller keeps waiting. No
 * errors.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-endflowexecution.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/end-flow-resume.html
 */
export const execute: ActionExecutor = (ctx) => ({
  exit: { kind: 'ended', reason: `${ctx.run.flow.name} ended (${ctx.action.Identifier})` },
});
