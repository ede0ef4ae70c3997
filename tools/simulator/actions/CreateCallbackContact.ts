import type { ActionExecutor } from '../context';

/**
 * CreateCallbackContact ("Transfer to queue", Transfer to callback queue tab): creates a callback
 * contact in QueueId (or the working queue) for the contact's callback number (default: the caller
 * ID), first dialed after InitialCallDelaySeconds, up to MaximumConnectionAttempts tries
 * RetryDelaySeconds apart. Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/interactions-createcallbackcontact.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-queue.html
 *
 * Simulated: a queued callback is the call's outcome (`queued`, `callback: true`); no queue or no
 * number (withheld caller ID) takes the error branch. The call-back itself is not placed.
 */
export const execute: ActionExecutor = (ctx) => {
  const { contact } = ctx;
  const ref = ctx.param('QueueId');
  const id = ref === undefined ? contact.targetQueue : contact.resources.queueId(ref);
  const number =
    (contact.data.CustomerCallbackNumber as string | undefined) ??
    (contact.data.CustomerEndpoint as { Address?: string } | null)?.Address;
  if (!id || !number) {
    ctx.event(`callback impossible (queue ${id ?? 'none'}, number ${number ?? 'withheld'})`);
    return ctx.error('NoMatchingError');
  }
  contact.segment.callback = true;
  contact.segment.outcome = 'queued';
  contact.segment.queue = id;
  ctx.event(`queued callback to ${number} in ${id}`);
  return ctx.next();
};
