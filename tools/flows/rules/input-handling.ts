import { intIn, isTrue } from '../action-catalog';
import { conditionsOf, errorTypesOf } from '../types';
import { isRecord, type LintRule } from './context';

/**
 * GetParticipantInput handles a silent caller and a wrong key. InputTimeLimitSeconds is a static
 * positive integer (the console bounds it to 180 s). In menu mode InputTimeLimitExceeded and
 * NoMatchingCondition are required and digit conditions expected. With StoreInput True,
 * InputValidation is required, and a silent caller continues on the success branch with the value
 * "Timeout" — so the next action must check $.StoredCustomerInput for it, as the docs advise.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-getparticipantinput.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/store-customer-input.html
 */
export const rule: LintRule = {
  id: 'input-handling',
  description: 'GetParticipantInput handles timeout and no-match',
  profile: 'connect',
  check(ctx) {
    for (const { action } of ctx.known) {
      if (action.Type !== 'GetParticipantInput') continue;
      const id = action.Identifier;
      const params = action.Parameters;
      if (!intIn(params.InputTimeLimitSeconds, 1, 180)) {
        ctx.report(id, 'InputTimeLimitSeconds must be a static positive integer');
      }
      if (isTrue(params.StoreInput)) {
        const nextId = action.Transitions.NextAction;
        const next = typeof nextId === 'string' ? ctx.byId.get(nextId) : undefined;
        const checksTimeout =
          next?.Type === 'Compare' &&
          next.Parameters?.ComparisonValue === '$.StoredCustomerInput' &&
          conditionsOf(next).some((c) => c.label === 'Equals Timeout');
        if (!checksTimeout) {
          ctx.report(
            id,
            'stored input continues with "Timeout" when the caller is silent: NextAction must be a Compare of $.StoredCustomerInput with Equals Timeout',
          );
        }
        if (!isRecord(params.InputValidation)) ctx.report(id, 'StoreInput True requires InputValidation');
      } else {
        const errors = errorTypesOf(action);
        for (const needed of ['InputTimeLimitExceeded', 'NoMatchingCondition']) {
          if (!errors.includes(needed)) ctx.report(id, `menu input must handle ${needed}`);
        }
        if (conditionsOf(action).length === 0) ctx.report(id, 'menu input has no digit conditions');
      }
    }
  },
};
