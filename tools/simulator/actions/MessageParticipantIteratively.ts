import { ABANDON_AFTER_SECONDS, type ActionExecutor } from '../context';

/**
 * MessageParticipantIteratively ("Loop prompts"): loops a sequence of prompts while a customer or
 * agent is on hold or in queue. With InterruptFrequencySeconds it completes with the result
 * "MessagesInterrupted" when that time has elapsed (condition Equals MessagesInterrupted only);
 * error NoMatchingError. Supported in customer queue, customer hold and agent hold flows.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-messageparticipantiteratively.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/loop-prompts.html
 *
 * Simulated: the messages are spoken once, then the clock runs to the interruption; in queue, a
 * counselor answering (or the caller giving up) ends the loop first. Without an interruption the
 * loop lasts until the queue ends it; outside a queue, a few seconds per message — and in a hold
 * flow without NextAction the flow run ends there (the loop goes on until the hold ends).
 */
export const execute: ActionExecutor = (ctx) => {
  const { p, contact } = ctx;
  const queue = ctx.run.queue;
  const messages = Array.isArray(p.Messages)
    ? (p.Messages as Record<string, unknown>[])
    : ctx.fail('needs Messages');
  const interval =
    p.InterruptFrequencySeconds === undefined ? null : Number(ctx.param('InterruptFrequencySeconds'));
  const startedAt = contact.elapsedSeconds;
  for (const message of messages) ctx.speakParameters(message);
  const until =
    interval !== null && Number.isFinite(interval)
      ? startedAt + interval
      : (queue?.answerAt ?? queue?.abandonAt ?? startedAt + messages.length * 5);
  if (queue?.answerAt != null && queue.answerAt <= until) {
    contact.elapsedSeconds = Math.max(contact.elapsedSeconds, queue.answerAt);
    return { exit: { kind: 'agent-answered' } };
  }
  contact.elapsedSeconds = Math.max(contact.elapsedSeconds, until);
  if (interval === null) {
    if (queue)
      return {
        exit: { kind: 'disconnected', reason: `caller hung up after ${ABANDON_AFTER_SECONDS} s in queue` },
      };
    // A hold flow's loop runs until the hold ends (console hold flows end in it, without NextAction).
    if (!ctx.action.Transitions?.NextAction)
      return { exit: { kind: 'ended', reason: 'the loop plays until the hold ends' } };
    return ctx.next();
  }
  return ctx.byResult('MessagesInterrupted', 'NoMatchingError');
};
