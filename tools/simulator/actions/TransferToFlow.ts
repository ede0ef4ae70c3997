import type { ActionExecutor } from '../context';

/**
 * TransferToFlow ("Transfer to flow"): ends the current flow and runs another (ContactFlowId) of
 * type inbound, transfer to agent or transfer to queue; the error branch when the flow is not
 * valid.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-transfertoflow.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-flow.html
 *
 * Simulated: a flow ARN that resolves to no loaded flow takes the error branch.
 */
export const execute: ActionExecutor = (ctx) => {
  const { role } = ctx.run;
  if (role !== 'main' && role !== 'quick-connect') ctx.fail(`is not supported in a ${role} flow`);
  const ref = ctx.param('ContactFlowId') ?? ctx.fail('needs ContactFlowId');
  const name = ctx.contact.resources.flowName(ref);
  if (!name) return ctx.error('NoMatchingError');
  return { next: `flow:${name}` };
};
