import { errorTypesOf } from '../types';
import type { LintRule } from './context';

/**
 * The action declares only error types its type has, each once.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'error-type',
  description: 'the action declares only error types its type supports',
  profile: 'connect',
  check(ctx) {
    for (const { action, spec } of ctx.known) {
      const errors = errorTypesOf(action);
      const unsupported = errors.filter((type) => !spec.allowedErrors.includes(type));
      if (unsupported.length > 0)
        ctx.report(action.Identifier, `${action.Type} has no error type ${unsupported.join(', ')}`);
      const duplicated = errors.filter((type, index) => errors.indexOf(type) !== index);
      if (duplicated.length > 0)
        ctx.report(action.Identifier, `error type ${duplicated.join(', ')} is declared twice`);
    }
  },
};
