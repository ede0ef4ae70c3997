import type { ActionExecutor } from '../context';
import { resolveValue } from '../jsonpath';

/**
 * UpdateContactEventHooks ("Set customer queue flow", "Set hold flow", "Set whisper flow", "Set
 * disconnect flow"): sets one event hook (exactly one entry: CustomerQueue, CustomerHold,
 * AgentHold, CustomerWhisper, AgentWhisper, CustomerRemaining, …) to a flow ID or ARN. Error
 * NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontacteventhooks.html
 *
 * Simulated: a reference to nothing takes the error branch; a flow that is not loaded is reported
 * and its event later runs nothing.
 */
export const execute: ActionExecutor = (ctx) => {
  const { p, contact } = ctx;
  const hooks = (p.EventHooks ?? ctx.fail('needs EventHooks')) as Record<string, unknown>;
  const entries = Object.entries(hooks);
  if (entries.length !== 1) ctx.fail('EventHooks must hold exactly one entry');
  const [hook, raw] = entries[0] as [string, unknown];
  if (typeof raw !== 'string') ctx.fail(`EventHooks.${hook} must be a string`);
  const arn = resolveValue(contact.data, raw as string);
  if (arn === undefined) {
    ctx.event(`EventHooks.${hook}: ${raw} does not exist`);
    return ctx.error('NoMatchingError');
  }
  const name = contact.resources.flowName(arn);
  if (!name) {
    // Connect sets the hook; the flow it names is not loaded, so the event runs nothing here.
    ctx.report(
      'flow',
      arn,
      'missing',
      `${hook} hook to a flow that is not loaded: skipped when the event comes`,
    );
    return ctx.next();
  }
  contact.hooks[hook] = name;
  ctx.event(`event hook ${hook} → ${name}`);
  return ctx.next();
};
