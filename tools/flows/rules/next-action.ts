import { edgesOf } from '../types';
import type { LintRule } from './context';

/**
 * Every NextAction (plain, condition, error) names an action of the flow.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'next-action',
  description: 'every NextAction (plain, condition, error) names an action',
  profile: 'connect',
  check(ctx) {
    for (const action of ctx.byId.values()) {
      for (const edge of edgesOf(action)) {
        if (!ctx.byId.has(edge.target)) {
          ctx.report(
            action.Identifier,
            `${edge.kind === 'next' ? 'NextAction' : edge.label} goes to "${edge.target}", which does not exist`,
          );
        }
      }
    }
  },
};
