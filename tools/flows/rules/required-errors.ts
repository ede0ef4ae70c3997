import { errorTypesOf } from '../types';
import type { LintRule } from './context';

/**
 * The action declares the error branches its type requires (each action's "Errors": "Must always
 * be defined", and conditional ones such as InvalidPhoneNumber).
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'required-errors',
  description: "the action declares its type's required error branches",
  profile: 'connect',
  check(ctx) {
    for (const { action, spec } of ctx.known) {
      const errors = errorTypesOf(action);
      const missing = spec.requiredErrors(action).filter((type) => !errors.includes(type));
      if (missing.length > 0)
        ctx.report(action.Identifier, `${action.Type} must handle ${missing.join(', ')}`);
    }
  },
};
