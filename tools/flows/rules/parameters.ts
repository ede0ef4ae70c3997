import type { LintRule } from './context';

/**
 * Action parameters have the values their type documents (each catalog entry's
 * `parameterProblems`, cited there).
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'parameters',
  description: 'action parameters have valid values',
  profile: 'connect',
  check(ctx) {
    for (const { action, spec } of ctx.known) {
      for (const problem of spec.parameterProblems?.(action.Parameters) ?? [])
        ctx.report(action.Identifier, problem);
    }
  },
};
