import type { ActionExecutor } from '../context';

/**
 * DisconnectParticipant ("Disconnect / hang up"): disconnects the participant; the flow ends. No
 * errors.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-disconnectparticipant.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/disconnect-hang-up.html
 */
export const execute: ActionExecutor = (ctx) => {
  const { run, contact } = ctx;
  if (run.role === 'main' || run.role === 'quick-connect') contact.segment.outcome ??= 'disconnected';
  return { exit: { kind: 'disconnected', reason: `${run.flow.name} hung up (${ctx.action.Identifier})` } };
};
