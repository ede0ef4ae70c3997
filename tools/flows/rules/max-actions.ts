import type { LintRule } from './context';

export const MAX_ACTIONS = 250;

/**
 * A flow holds at most 250 actions.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-example.html
 */
export const rule: LintRule = {
  id: 'max-actions',
  description: `a flow has at most ${MAX_ACTIONS} actions`,
  profile: 'connect',
  check(ctx) {
    if (ctx.rawActions.length > MAX_ACTIONS) {
      ctx.report(undefined, `${ctx.rawActions.length} actions; Connect allows at most ${MAX_ACTIONS}`);
    }
  },
};
