import { FLOW_LANGUAGE_VERSION } from '../types';
import type { LintRule } from './context';

/**
 * Version is "2019-10-30", the only version of the Flow language.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-example.html
 */
export const rule: LintRule = {
  id: 'version',
  description: `Version is "${FLOW_LANGUAGE_VERSION}"`,
  profile: 'connect',
  check(ctx) {
    if (ctx.flow.Version !== FLOW_LANGUAGE_VERSION) {
      ctx.report(
        undefined,
        `Version is ${JSON.stringify(ctx.flow.Version)}; expected "${FLOW_LANGUAGE_VERSION}"`,
      );
    }
  },
};
