import { flowTypesOf } from '../action-catalog';
import type { LintRule } from './context';

/**
 * The action type is allowed in the flow's type (each action's "Restrictions", or its block's
 * "Flow types"; "Each type has only those blocks for a specific scenario").
 * https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html#contact-flow-types
 */
export const rule: LintRule = {
  id: 'flow-type',
  description: 'the action type is allowed in the flow type',
  profile: 'connect',
  check(ctx) {
    if (!ctx.flowType) return;
    for (const { action } of ctx.known) {
      const allowed = flowTypesOf(action);
      if (allowed && !allowed.includes(ctx.flowType)) {
        ctx.report(action.Identifier, `${action.Type} is not supported in ${ctx.flowType} flows`);
      }
    }
  },
};
