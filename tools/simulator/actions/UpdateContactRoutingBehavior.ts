import type { ActionExecutor } from '../context';

/**
 * UpdateContactRoutingBehavior ("Change routing priority / age"): a queue priority (1 highest) or a
 * time adjustment moving the contact forward or backward in queue; never both. No errors.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactroutingbehavior.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/change-routing-priority.html
 *
 * Simulated: recorded in `settings`; queue order is not simulated (one caller per call).
 */
export const execute: ActionExecutor = (ctx) => {
  const priority = ctx.param('QueuePriority');
  const adjust = ctx.param('QueueTimeAdjustmentSeconds');
  if (priority !== undefined) ctx.contact.settings.queuePriority = priority;
  if (adjust !== undefined) ctx.contact.settings.queueTimeAdjustmentSeconds = adjust;
  ctx.event(`routing: ${priority ? `priority ${priority}` : `age +${adjust} s`}`);
  return ctx.next();
};
