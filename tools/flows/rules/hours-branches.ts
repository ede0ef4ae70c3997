import { conditionsOf } from '../types';
import type { LintRule } from './context';

/**
 * CheckHoursOfOperation has exactly the two conditions Equals True and Equals False.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-checkhoursofoperation.html
 */
export const rule: LintRule = {
  id: 'hours-branches',
  description: 'CheckHoursOfOperation has exactly the True and False conditions',
  profile: 'connect',
  check(ctx) {
    for (const { action } of ctx.known) {
      if (action.Type !== 'CheckHoursOfOperation') continue;
      const conditions = conditionsOf(action);
      const operands = conditions.filter((c) => c.operator === 'Equals').map((c) => c.operand);
      if (conditions.length !== 2 || !operands.includes('True') || !operands.includes('False')) {
        ctx.report(
          action.Identifier,
          'CheckHoursOfOperation needs exactly the conditions Equals True and Equals False',
        );
      }
    }
  },
};
