import type { ActionExecutor } from '../context';

/**
 * TransferContactToAgent ("Transfer to agent", beta): ends the current flow and transfers the
 * contact to the agent of the quick connect; voice only; no parameters, results or errors. Only in
 * transfer to agent and transfer to queue flows.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-transfercontacttoagent.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-agent-block.html
 *
 * Simulated: the consult leg rings the agent (`$.Agent.UserName` of a USER quick connect); the
 * agent answers after the scenario's `transferAnswersAfterSeconds`. "If the agent is already with
 * someone else, the contact is disconnected" is not simulated (agents are always free).
 */
export const execute: ActionExecutor = (ctx) => {
  const agent = (ctx.contact.data.Agent as { UserName?: string } | undefined)?.UserName;
  if (!agent) ctx.fail('no agent to transfer to (run it in the flow of a USER quick connect)');
  ctx.contact.segment.outcome = 'queued';
  ctx.contact.segment.queue = `agent:${agent}`;
  ctx.event(`transfer to agent ${agent}`);
  return { exit: { kind: 'queued' } };
};
