import type { LintRule } from './context';

/**
 * Action identifiers are unique within the flow.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'identifier-unique',
  description: 'action identifiers are unique',
  profile: 'connect',
  check(ctx) {
    const seen = new Set<string>();
    for (const action of ctx.wellFormed) {
      if (seen.has(action.Identifier))
        ctx.report(action.Identifier, 'another action has the same Identifier');
      seen.add(action.Identifier);
    }
  },
};
