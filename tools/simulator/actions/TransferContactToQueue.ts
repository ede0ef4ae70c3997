import type { ActionExecutor } from '../context';

/**
 * TransferContactToQueue ("Transfer to queue"): places the contact in the working queue and ends
 * the flow; errors QueueAtCapacity and NoMatchingError (for example no working queue set).
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-transfercontacttoqueue.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-queue.html
 *
 * Simulated: the queue's capacity is the scenario's `queuesAtCapacity`. In a transfer flow the
 * consult leg goes into the queue (the counselor waits on it, or the caller after a cold transfer).
 */
export const execute: ActionExecutor = (ctx) => {
  const { contact, run } = ctx;
  if (run.role === 'agent-whisper' || run.role === 'disconnect')
    ctx.fail(`is not supported in a ${run.role} flow`);
  const id = contact.targetQueue;
  if (!id) {
    ctx.event('no working queue set');
    return ctx.error('NoMatchingError');
  }
  if (contact.config.queuesAtCapacity.includes(id)) return ctx.error('QueueAtCapacity');
  contact.segment.outcome = 'queued';
  contact.segment.queue = id;
  ctx.event(`caller queued in ${id}`);
  return { exit: { kind: 'queued' } };
};
