import { edgesOf } from '../types';
import type { LintRule } from './context';

/**
 * Every path ends in a transfer, a disconnect or the end of the flow: terminal actions have empty
 * Transitions, every other action a NextAction, and no loop is without a way out.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'path-end',
  description: 'every path ends in a transfer, a disconnect or the end of the flow',
  profile: 'connect',
  check(ctx) {
    for (const { action, spec } of ctx.known) {
      const id = action.Identifier;
      const kind = spec.kind(action);
      if (kind === 'end') {
        if (edgesOf(action).length > 0)
          ctx.report(id, `${action.Type} ends the flow; its Transitions must be empty`);
      } else if (typeof action.Transitions.NextAction !== 'string') {
        ctx.report(id, `${action.Type} does not end the flow but has no NextAction`);
      } else if (!ctx.canEnd.has(id)) {
        ctx.report(id, 'no path from this action reaches a transfer, a disconnect or the end of the flow');
      }
    }
  },
};
