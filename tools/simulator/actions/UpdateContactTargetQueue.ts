import { type ActionExecutor, queueOf } from '../context';

/**
 * UpdateContactTargetQueue ("Set working queue"): sets the queue TransferContactToQueue will use
 * (QueueId, or AgentId for an agent queue; at most one). Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontacttargetqueue.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-working-queue.html
 *
 * Simulated: an agent queue is `agent:<agent id>`; a queue that resolves to nothing is reported and
 * takes the error branch.
 */
export const execute: ActionExecutor = (ctx) => {
  if (ctx.p.QueueId === undefined && ctx.p.AgentId === undefined) ctx.fail('needs QueueId or AgentId');
  const id = queueOf(ctx);
  if (!id) return ctx.error('NoMatchingError');
  ctx.contact.setTargetQueue(id);
  ctx.event(`working queue: ${id}`);
  return ctx.next();
};
