import { generatedName } from '#infra/connect/flow-content';
import { isRecord, type LintRule } from './context';

/**
 * Every action is an object with a string Identifier and Type; Parameters and Transitions, when
 * written, are objects ("Flow language actions": the action envelope). Exports from Connect write
 * `"Parameters": null` for actions without parameters (test/flows/published), so null and absent are
 * accepted here; the project rule `envelope` asks for objects.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
const isObjectOrNothing = (value: unknown): boolean =>
  value === undefined || value === null || isRecord(value);

export const rule: LintRule = {
  id: 'structure',
  description:
    'every action has a string Identifier and Type; Parameters and Transitions are objects when written',
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
        if (!isObjectOrNothing(action.Parameters)) problems.push('has Parameters that are not an object');
        if (!isObjectOrNothing(action.Transitions)) problems.push('has Transitions that are not an object');
      }
      if (problems.length > 0) ctx.report(id ?? `#${index}`, `action ${problems.join(', ')}`);
    });
  },
};
