import { ABSENT, type ActionExecutor } from '../context';
import { isReference, resolvePath } from '../jsonpath';

/**
 * Compare ("Check contact attributes"): compares one value (ComparisonValue, a single JSONPath
 * reference) with each condition in order; the first that holds is taken, else
 * NoMatchingCondition. Operators: Equals, Text*, Number*.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-compare.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/check-contact-attributes.html
 *
 * Simulated: an absent value matches no condition.
 */
export const execute: ActionExecutor = (ctx) => {
  const reference =
    typeof ctx.p.ComparisonValue === 'string' ? ctx.p.ComparisonValue : ctx.fail('needs ComparisonValue');
  if (!isReference(reference))
    ctx.fail(`ComparisonValue must be one JSONPath reference, found "${reference}"`);
  const value = resolvePath(ctx.contact.data, reference);
  return ctx.byResult(value === undefined || value === null ? ABSENT : String(value));
};
