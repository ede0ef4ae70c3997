import { type ActionExecutor, TRANSFER_TO_FLOW_TYPES } from '../context';

/**
 * TransferToFlow ("Transfer to flow"): ends the current flow and runs another (ContactFlowId) of
 * type inbound, transfer to agent or transfer to queue; the error branch when the flow is not
 * valid.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-transfertoflow.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-flow.html
 *
 * Simulated: the new flow runs in the same role (same listeners); a flow of another type takes the
 * error branch; a flow that is not loaded ends the simulation there (the call leaves the simulated
 * flows), reported.
 */
export const execute: ActionExecutor = (ctx) => {
  const ref = ctx.reference('ContactFlowId', 'flow');
  if (ref === undefined) return ctx.fail('needs ContactFlowId');
  if (ref === null) return ctx.error('NoMatchingError');
  const name = ctx.contact.resources.flowName(ref);
  if (!name) {
    // Connect would run that flow: the call leaves what the simulator can follow (reported).
    ctx.report('flow', ref, 'missing', 'TransferToFlow to a flow that is not loaded (pass it with --flow)');
    return { exit: { kind: 'left', reason: `transfers to the flow ${ref}, which is not loaded` } };
  }
  const type = ctx.contact.config.flows.get(name)?.declaredType;
  if (type && !TRANSFER_TO_FLOW_TYPES.includes(type)) {
    ctx.event(`flow ${name} is a ${type} flow, not one Transfer to flow can run`);
    return ctx.error('NoMatchingError');
  }
  return { next: `flow:${name}` };
};
