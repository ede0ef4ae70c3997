import { generatedName } from '#infra/connect/flow-content';
import { isRecord, type LintRule } from './context';

/**
 * Every action is an object with a string Identifier and Type and object Parameters and
 * Transitions ("Flow language actions": the action envelope).
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'structure',
  description: 'every action has a string Identifier and Type and object Parameters and Transitions',
  profile: 'connect',
  check(ctx) {
    ctx.rawActions.forEach((action, index) => {
      if (generatedName(action) !== undefined) return; // actions generated at synth (`${gen:…}`)
      const problems: string[] = [];
      const id = isRecord(action) && typeof action.Identifier === 'string' ? action.Identifier : undefined;
      if (!isRecord(action)) problems.push('is not an object');
      else {
        if (id === undefined) problems.push('has no string Identifier');
        if (typeof action.Type !== 'string') problems.push('has no string Type');
        if (!isRecord(action.Parameters)) problems.push('has no Parameters object');
        if (!isRecord(action.Transitions)) problems.push('has no Transitions object');
      }
      if (problems.length > 0) ctx.report(id ?? `#${index}`, `action ${problems.join(', ')}`);
    });
  },
};
