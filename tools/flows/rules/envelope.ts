import { generatedName } from '#infra/connect/flow-content';
import { isRecord, type LintRule } from './context';

/**
 * Every action writes its Parameters and Transitions as objects (`{}` when empty). Connect's exports
 * write `null` for an action without parameters and Connect accepts that (rule `structure`); our
 * flows spell the envelope out so every rule and the simulator read one shape.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'envelope',
  description: 'every action writes Parameters and Transitions objects',
  profile: 'project',
  check(ctx) {
    for (const action of ctx.rawActions) {
      if (!isRecord(action) || generatedName(action) !== undefined) continue;
      const missing = (['Parameters', 'Transitions'] as const).filter(
        (key) => action[key] === undefined || action[key] === null,
      );
      if (missing.length > 0 && typeof action.Identifier === 'string')
        ctx.report(action.Identifier, `write ${missing.join(' and ')} as an object ({} when empty)`);
    }
  },
};
