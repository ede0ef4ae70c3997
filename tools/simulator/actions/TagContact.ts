import type { ActionExecutor } from '../context';

/**
 * TagContact ("Contact tags"): sets user-defined tags on the contact (all or none).
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-tagcontact.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/contact-tags-block.html
 *
 * Simulated: recorded in `settings.tags`.
 */
export const execute: ActionExecutor = (ctx) => {
  ctx.contact.settings.tags = JSON.stringify(ctx.p.Tags ?? {});
  return ctx.next();
};
