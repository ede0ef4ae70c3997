import type { ActionExecutor } from '../context';
import { resolveValue } from '../jsonpath';

/**
 * UpdateFlowAttributes ("Set contact attributes", Flow namespace): sets attributes of the current
 * flow, `$.FlowAttributes.<key>` — "not carried over to the subsequent flows", all set or none. The
 * console writes each value as `{ "Value": "…" }`, static or a JSONPath; keys may be dynamic.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-updateflowattributes.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-contact-attributes.html
 *
 * Simulated: one set of flow attributes per flow run (a module, a hook flow and a TransferToFlow
 * target start empty); a reference to an absent value takes the error branch and sets nothing.
 */
export const execute: ActionExecutor = (ctx) => {
  const { p, contact, action } = ctx;
  const attributes = (p.FlowAttributes ?? ctx.fail('needs FlowAttributes')) as Record<string, unknown>;
  const set: Record<string, string> = {};
  for (const [rawKey, raw] of Object.entries(attributes)) {
    const spec = typeof raw === 'string' ? raw : (raw as { Value?: unknown } | null)?.Value;
    if (typeof spec !== 'string') ctx.fail(`FlowAttributes.${rawKey} must be { "Value": "…" }`);
    const key = resolveValue(contact.data, rawKey);
    const value = resolveValue(contact.data, spec as string);
    if (key === undefined || value === undefined) {
      ctx.event(`flow attribute ${rawKey}: ${key === undefined ? rawKey : spec} does not exist`);
      return ctx.error('NoMatchingError');
    }
    set[key] = value;
  }
  Object.assign(contact.data.FlowAttributes as Record<string, string>, set);
  contact.transcript.push({ kind: 'attributes', flow: ctx.run.flow.name, action: action.Identifier, set });
  return ctx.next();
};
