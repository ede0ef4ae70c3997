import { intIn } from '../action-catalog';
import type { LintRule } from './context';

/**
 * InvokeLambdaFunction's InvocationTimeLimitSeconds is a static integer greater than 0 and at most 8.
 * https://docs.aws.amazon.com/connect/latest/devguide/interactions-invokelambdafunction.html
 */
export const rule: LintRule = {
  id: 'lambda-timeout',
  description: 'InvokeLambdaFunction time limit is an integer from 1 to 8 seconds',
  profile: 'connect',
  check(ctx) {
    for (const { action } of ctx.known) {
      if (action.Type !== 'InvokeLambdaFunction') continue;
      const limit = action.Parameters.InvocationTimeLimitSeconds;
      if (!intIn(limit, 1, 8)) {
        ctx.report(
          action.Identifier,
          `InvocationTimeLimitSeconds ${JSON.stringify(limit)} is not an integer from 1 to 8`,
        );
      }
    }
  },
};
