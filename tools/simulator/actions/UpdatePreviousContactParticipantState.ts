import type { ActionContext, Jump, PreviousParticipantState } from '../context';
import type { InputRequest } from '../types';

/**
 * UpdatePreviousContactParticipantState ("Hold customer or agent"): puts the previous participants
 * of a transferred contact — the transferring agent and the customer — on or off hold:
 * AgentOnHold (the customer is on the call), CustomerOnHold (the agent is on the call), OffHold
 * ("Conference all": agent and customer are on the call). Error NoMatchingError. Supported in
 * inbound and transfer flows; voice only.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatepreviouscontactparticipantstate.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/hold-customer-agent.html
 * (the "Sample secure input with agent" queue transfer flow conferences the customer in, plays a
 * prompt to the customer, puts the agent on hold and conferences again:
 * https://docs.aws.amazon.com/connect/latest/adminguide/sample-secure-input-with-agent.html)
 *
 * Simulated: on a consult leg it changes who hears the transfer flow (and runs the customer or
 * agent hold flow for whoever goes on hold); outside a transfer there is no previous participant,
 * which takes the error branch.
 */
const STATES: readonly PreviousParticipantState[] = ['AgentOnHold', 'CustomerOnHold', 'OffHold'];

export async function* execute(ctx: ActionContext): AsyncGenerator<InputRequest, Jump, string> {
  const state = ctx.param('PreviousContactParticipantState');
  if (!state || !(STATES as readonly string[]).includes(state)) {
    return ctx.fail(`PreviousContactParticipantState must be one of ${STATES.join(', ')}`);
  }
  if (!ctx.run.consult) {
    ctx.event('no previous participants: this contact was not transferred');
    return ctx.error('NoMatchingError');
  }
  yield* ctx.run.consult.setPreviousParticipantState(state as PreviousParticipantState);
  return ctx.next();
}
