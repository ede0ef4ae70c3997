import { generatedName } from '#infra/connect/flow-content';
import { isTrue, OPERATORS } from '../action-catalog';
import { conditionsOf } from '../types';
import { isRecord, type LintRule } from './context';

/**
 * Conditions appear only on types that support them, with the operators and operands their type
 * documents: Loop exactly Equals ContinueLooping and Equals DoneLooping; Loop prompts only Equals
 * MessagesInterrupted; Get customer input (menu) Equals a single 0-9, * or #, and none with
 * StoreInput True; a Compare without conditions always takes NoMatchingCondition.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 * https://docs.aws.amazon.com/connect/latest/devguide/participant-actions-getparticipantinput.html
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-loop.html
 */
export const rule: LintRule = {
  id: 'conditions',
  description: 'conditions are supported by the type and use valid operators and operands',
  profile: 'connect',
  check(ctx) {
    for (const { action, spec } of ctx.known) {
      const id = action.Identifier;
      const conditions = conditionsOf(action);
      const raw = Array.isArray(action.Transitions.Conditions) ? action.Transitions.Conditions : [];
      const malformed = raw.some(
        (c) =>
          !isRecord(c) ||
          !isRecord(c.Condition) ||
          !Array.isArray(c.Condition.Operands) ||
          c.Condition.Operands.length !== 1,
      );
      if (malformed)
        ctx.report(id, 'each condition needs NextAction and a Condition with Operator and one Operand');
      if (!spec.conditions) {
        if (conditions.length > 0) ctx.report(id, `${action.Type} does not support conditions`);
        continue;
      }
      const unknown = conditions.filter((c) => !(OPERATORS as readonly string[]).includes(c.operator ?? ''));
      if (unknown.length > 0) ctx.report(id, `unknown operator ${unknown.map((c) => c.operator).join(', ')}`);
      const unsupported = conditions.filter(
        (c) =>
          (OPERATORS as readonly string[]).includes(c.operator ?? '') &&
          !spec.conditions?.operators.includes(c.operator ?? ''),
      );
      if (unsupported.length > 0) {
        ctx.report(
          id,
          `${action.Type} supports only the operator(s) ${spec.conditions.operators.join(', ')}; found ${unsupported.map((c) => c.operator).join(', ')}`,
        );
      }
      const operands = spec.conditions.operands;
      if (operands && action.Type !== 'CheckHoursOfOperation') {
        const equals = conditions.filter((c) => c.operator === 'Equals').map((c) => c.operand ?? '');
        const foreign = conditions.some((c) => !operands.includes(c.operand ?? ''));
        const exact = action.Type === 'Loop';
        if (
          foreign ||
          (exact && (conditions.length !== operands.length || operands.some((o) => !equals.includes(o))))
        ) {
          ctx.report(
            id,
            `${action.Type} ${exact ? 'needs exactly' : 'supports only'} the conditions ${operands.map((o) => `Equals ${o}`).join(' and ')}`,
          );
        }
      }
      const generated = generatedName(action.Transitions.Conditions) !== undefined; // made at synth
      if (action.Type === 'Compare' && conditions.length === 0 && !generated) {
        ctx.report(id, 'Compare without conditions always takes NoMatchingCondition');
      }
      if (action.Type === 'GetParticipantInput') {
        const store = isTrue(action.Parameters.StoreInput);
        if (store && conditions.length > 0)
          ctx.report(id, 'conditions are not supported when StoreInput is True');
        if (!store && conditions.some((c) => c.operator !== 'Equals' || !/^[0-9*#]$/.test(c.operand ?? ''))) {
          ctx.report(id, 'menu conditions must be Equals with a single 0-9, * or # operand');
        }
      }
    }
  },
};
