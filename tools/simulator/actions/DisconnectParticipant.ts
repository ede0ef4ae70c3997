import type { ActionExecutor } from '../context';

/**
 * DisconnectParticipant ("Disconnect / hang up"): disconnects the participant; the flow ends. No
 * errors.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-disconnectparticipant.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/disconnect-hang-up.html
 *
 * Simulated: the flow run ends. Who is disconnected is the interpreter's: in a transfer flow with
 * the counselor still on the consult leg it ends that leg (the docs do not say; the default queue
 * transfer flow "plays a prompt and disconnects" when no agent is available, which would otherwise
 * hang up on the caller of a warm transfer), after a cold transfer it ends the caller's call.
 */
export const execute: ActionExecutor = (ctx) => {
  const { run, contact } = ctx;
  if (run.role === 'main' || run.role === 'transfer') contact.segment.outcome ??= 'disconnected';
  return { exit: { kind: 'disconnected', reason: `${run.flow.name} hung up (${ctx.action.Identifier})` } };
};
