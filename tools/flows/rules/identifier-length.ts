import type { LintRule } from './context';

export const MAX_IDENTIFIER_LENGTH = 50;

/**
 * Action identifiers are at most 50 characters.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'identifier-length',
  description: `action identifiers are at most ${MAX_IDENTIFIER_LENGTH} characters`,
  profile: 'connect',
  check(ctx) {
    for (const action of ctx.wellFormed) {
      const length = [...action.Identifier].length;
      if (length > MAX_IDENTIFIER_LENGTH) {
        ctx.report(action.Identifier, `Identifier is ${length} characters; max ${MAX_IDENTIFIER_LENGTH}`);
      }
    }
  },
};
