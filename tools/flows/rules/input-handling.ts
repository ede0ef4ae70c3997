import { intIn, isTrue } from '../action-catalog';
import { isRecord, type LintRule } from './context';

/**
 * GetParticipantInput: InputTimeLimitSeconds is a static positive integer (the console bounds it to
 * 180 s); with StoreInput True, InputValidation is required.
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-getparticipantinput.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/store-customer-input.html
 */
export const rule: LintRule = {
  id: 'input-handling',
  description: 'GetParticipantInput has a static time limit, and InputValidation when it stores input',
  profile: 'connect',
  check(ctx) {
    for (const { action } of ctx.known) {
      if (action.Type !== 'GetParticipantInput') continue;
      const id = action.Identifier;
      const params = action.Parameters;
      if (!intIn(params.InputTimeLimitSeconds, 1, 180)) {
        ctx.report(id, 'InputTimeLimitSeconds must be a static positive integer');
      }
      if (isTrue(params.StoreInput) && !isRecord(params.InputValidation))
        ctx.report(id, 'StoreInput True requires InputValidation');
    }
  },
};
