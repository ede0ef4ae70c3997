import type { ActionExecutor } from '../context';

/**
 * UpdateContactRecordingBehavior ("Set recording and analytics behavior"): which participants are
 * recorded and the Contact Lens analytics behavior. No errors.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactrecordingbehavior.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-recording-behavior.html
 *
 * Simulated: recorded in `settings.recording`; nothing is recorded.
 */
export const execute: ActionExecutor = (ctx) => {
  ctx.contact.settings.recording = JSON.stringify(ctx.p);
  return ctx.next();
};
