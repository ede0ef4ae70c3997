import type { ActionExecutor } from '../context';

/**
 * UpdateContactTargetQueue ("Set working queue"): sets the queue TransferContactToQueue will use
 * (QueueId, or AgentId for an agent queue; at most one). Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontacttargetqueue.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-working-queue.html
 *
 * Simulated: a queue ARN that resolves to no simulated queue takes the error branch.
 */
export const execute: ActionExecutor = (ctx) => {
  const ref = ctx.param('QueueId') ?? ctx.fail('needs QueueId (agent queues are not simulated)');
  const id = ctx.contact.resources.queueId(ref);
  if (!id) return ctx.error('NoMatchingError');
  ctx.contact.setTargetQueue(id);
  ctx.event(`working queue: ${id}`);
  return ctx.next();
};
