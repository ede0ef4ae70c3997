import { ACTION_CATALOG } from '../action-catalog';
import type { LintRule } from './context';

/**
 * The action type is in the action catalog (tools/flows/action-catalog.ts), which is also what the
 * simulator implements: the two agree on which types exist.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'unknown-type',
  description: 'the action type is one the linter (and the simulator) knows',
  profile: 'connect',
  check(ctx) {
    for (const action of ctx.wellFormed) {
      if (!ACTION_CATALOG[action.Type]) {
        ctx.report(
          action.Identifier,
          `action type "${action.Type}" is not in the action catalog (tools/flows/action-catalog.ts)`,
        );
      }
    }
  },
};
