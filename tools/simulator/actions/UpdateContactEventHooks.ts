import type { ActionExecutor } from '../context';
import { resolveValue } from '../jsonpath';

/**
 * UpdateContactEventHooks ("Set customer queue flow", "Set hold flow", "Set whisper flow", "Set
 * disconnect flow"): sets one event hook (exactly one entry: CustomerQueue, CustomerHold,
 * AgentHold, CustomerWhisper, AgentWhisper, CustomerRemaining, …) to a flow ID or ARN. Error
 * NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontacteventhooks.html
 *
 * Simulated: a flow ARN that resolves to no loaded flow takes the error branch.
 */
export const execute: ActionExecutor = (ctx) => {
  const { p, contact } = ctx;
  const hooks = (p.EventHooks ?? ctx.fail('needs EventHooks')) as Record<string, unknown>;
  const entries = Object.entries(hooks);
  if (entries.length !== 1) ctx.fail('EventHooks must hold exactly one entry');
  const [hook, raw] = entries[0] as [string, unknown];
  if (typeof raw !== 'string') ctx.fail(`EventHooks.${hook} must be a string`);
  const arn = resolveValue(contact.data, raw as string);
  const name = arn === undefined ? undefined : contact.resources.flowName(arn);
  if (!name) return ctx.error('NoMatchingError');
  contact.hooks[hook] = name;
  ctx.event(`event hook ${hook} → ${name}`);
  return ctx.next();
};
