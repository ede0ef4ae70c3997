import { type ActionExecutor, TRANSFER_TO_FLOW_TYPES } from '../context';

/**
 * TransferToFlow ("Transfer to flow"): ends the current flow and runs another (ContactFlowId) of
 * type inbound, transfer to agent or transfer to queue; the error branch when the flow is not
 * valid.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-transfertoflow.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-flow.html
 *
 * Simulated: a flow ARN that resolves to no loaded flow, or to a flow of another type, takes the
 * error branch; the new flow runs in the same role (same listeners).
 */
export const execute: ActionExecutor = (ctx) => {
  const ref = ctx.param('ContactFlowId') ?? ctx.fail('needs ContactFlowId');
  const name = ctx.contact.resources.flowName(ref);
  if (!name) return ctx.error('NoMatchingError');
  const type = ctx.contact.config.flows.get(name)?.declaredType;
  if (type && !TRANSFER_TO_FLOW_TYPES.includes(type)) {
    ctx.event(`flow ${name} is a ${type} flow, not one Transfer to flow can run`);
    return ctx.error('NoMatchingError');
  }
  return { next: `flow:${name}` };
};
