import type { LintRule } from './context';

/**
 * StartAction names an action of the flow.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-example.html
 */
export const rule: LintRule = {
  id: 'start-action',
  description: 'StartAction names an action',
  profile: 'connect',
  check(ctx) {
    const start = ctx.flow.StartAction;
    if (typeof start !== 'string' || !ctx.byId.has(start)) {
      ctx.report(undefined, `StartAction ${JSON.stringify(start)} names no action`);
    }
  },
};
