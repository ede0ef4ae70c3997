import { findPlaceholders, hasMalformedPlaceholder, isKnownPlaceholder, visitStrings } from '../placeholders';
import type { LintRule } from './context';

/**
 * minwon365: placeholders in contact-flows/ are ones the CDK app replaces
 * (infra/connect/flow-catalog.ts PLACEHOLDERS, infra/connect/flow-content.ts); after synth none
 * remain.
 */
export const rule: LintRule = {
  id: 'placeholder',
  description: 'placeholders are known (and, after synth, all replaced)',
  profile: 'project',
  check(ctx) {
    for (const { action } of ctx.known) {
      visitStrings(action.Parameters, (text, path) => {
        if (action.Type === 'InvokeLambdaFunction' && path === 'LambdaFunctionARN') return; // lambda-target
        for (const ref of findPlaceholders(text)) {
          if (ctx.options.synthesized) ctx.report(action.Identifier, `${path}: ${ref.text} was not replaced`);
          else if (!isKnownPlaceholder(ref))
            ctx.report(action.Identifier, `${path}: unknown placeholder ${ref.text}`);
        }
        if (hasMalformedPlaceholder(text)) {
          ctx.report(
            action.Identifier,
            `${path}: malformed placeholder in ${JSON.stringify(text.slice(0, 40))}`,
          );
        }
      });
    }
  },
};
