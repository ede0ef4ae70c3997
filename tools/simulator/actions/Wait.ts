import type { ActionExecutor } from '../context';

/**
 * Wait ("Wait"): pauses the flow for TimeoutSeconds (the console writes TimeLimitSeconds) or until
 * an event; result WaitCompleted when the time elapses. Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-wait.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/wait.html
 *
 * Simulated: the clock advances; in queue, a counselor answering during the wait ends the flow run.
 * Events (CustomerReturned, BotParticipantDisconnected: chat) never happen on a voice call.
 */
export const execute: ActionExecutor = (ctx) => {
  const { contact } = ctx;
  const queue = ctx.run.queue;
  const seconds = Number(ctx.param('TimeoutSeconds') ?? ctx.param('TimeLimitSeconds') ?? 0);
  if (queue?.answerAt != null && contact.elapsedSeconds + seconds >= queue.answerAt) {
    contact.elapsedSeconds = queue.answerAt;
    return { exit: { kind: 'agent-answered' } };
  }
  contact.elapsedSeconds += seconds;
  return ctx.byResult('WaitCompleted', 'NoMatchingError');
};
