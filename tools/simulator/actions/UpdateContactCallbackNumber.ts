import type { ActionExecutor } from '../context';

/**
 * UpdateContactCallbackNumber ("Set callback number"): sets the number CreateCallbackContact
 * dials (CallbackNumber, a single JSONPath reference; defaults to the caller ID). Errors
 * InvalidCallbackNumber (not a valid E.164 number) and CallbackNumberNotDialable.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactcallbacknumber.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-callback-number.html
 *
 * Simulated: an absent or non-E.164 value → InvalidCallbackNumber; every E.164 number is dialable.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export const execute: ActionExecutor = (ctx) => {
  const number = ctx.param('CallbackNumber');
  if (!number || !E164.test(number)) return ctx.error('InvalidCallbackNumber');
  ctx.contact.data.CustomerCallbackNumber = number;
  return ctx.next();
};
