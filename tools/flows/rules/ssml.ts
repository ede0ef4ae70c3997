import { spokenTexts } from '../spoken-texts';
import { checkSsml } from '../ssml';
import type { LintRule } from './context';

/**
 * SSML prompts are well-formed and use only tags Amazon Polly supports (tools/flows/ssml.ts); a
 * Text parameter holds no SSML markup (it would be read out).
 * https://docs.aws.amazon.com/connect/latest/adminguide/supported-ssml-tags.html
 * https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html
 */
export const rule: LintRule = {
  id: 'ssml',
  description: 'SSML is well-formed',
  profile: 'connect',
  check(ctx) {
    for (const { action } of ctx.known) {
      for (const [path, text, isSsml] of spokenTexts(action)) {
        if (isSsml) {
          const problem = checkSsml(text);
          if (problem) ctx.report(action.Identifier, `${path}: ${problem}`);
        } else if (/<speak[\s>]/.test(text)) {
          ctx.report(action.Identifier, `${path} contains SSML markup; use the SSML parameter`);
        }
      }
    }
  },
};
