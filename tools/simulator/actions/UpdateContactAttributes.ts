import type { ActionExecutor } from '../context';
import { resolveValue } from '../jsonpath';

/**
 * UpdateContactAttributes ("Set contact attributes"): sets key–value pairs on the contact; all are
 * set or none. Values are static or JSONPath references. Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactattributes.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/set-contact-attributes.html
 *
 * Simulated: a reference to an absent value takes the error branch and sets nothing (the docs do
 * not say which error a reference to nothing raises; NoMatchingError is the only one listed).
 */
export const execute: ActionExecutor = (ctx) => {
  const { p, contact, run, action } = ctx;
  const attributes = (p.Attributes ?? ctx.fail('needs Attributes')) as Record<string, unknown>;
  const set: Record<string, string> = {};
  for (const [key, raw] of Object.entries(attributes)) {
    if (typeof raw !== 'string') ctx.fail(`Attributes.${key} must be a string`);
    const value = resolveValue(contact.data, raw as string);
    if (value === undefined) {
      ctx.event(`attribute ${key}: ${raw} does not exist`);
      return ctx.error('NoMatchingError');
    }
    set[key] = value;
  }
  Object.assign(contact.data.Attributes as Record<string, string>, set);
  contact.transcript.push({ kind: 'attributes', flow: run.flow.name, action: action.Identifier, set });
  return ctx.next();
};
