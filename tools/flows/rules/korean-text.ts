import { spokenTexts } from '../spoken-texts';
import { ssmlToText } from '../ssml';
import type { LintRule } from './context';

const JSONPATH = /\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+|\[[^\]]*\])*/g;
const HAS_JSONPATH = /\$\.[A-Za-z0-9_]/;
const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/;
const LATIN = /[A-Za-z]/;

/** Text as the caller hears it, with dynamic parts (JSONPath, placeholders) removed. */
const staticWords = (text: string, ssml: boolean): string =>
  (ssml ? ssmlToText(text) : text)
    .replace(/\$\{[^}]*\}/g, ' ')
    .replace(JSONPATH, ' ')
    .trim();

/**
 * minwon365: what citizens hear is Korean. Static words must include Hangul, so English-only or
 * empty prompts are caught; dynamic-only text (a Lambda's message) is checked where it is produced.
 */
export const rule: LintRule = {
  id: 'korean-text',
  description: 'customer-facing text is Korean',
  profile: 'project',
  check(ctx) {
    for (const { action } of ctx.known) {
      for (const [path, text, isSsml] of spokenTexts(action)) {
        const words = staticWords(text, isSsml);
        const dynamicOnly = words === '' && (HAS_JSONPATH.test(text) || text.includes('${'));
        if (!dynamicOnly && !HANGUL.test(words)) {
          const what = LATIN.test(words) ? 'English-only' : 'empty or has no Korean words';
          ctx.report(action.Identifier, `${path} is ${what}: "${words.slice(0, 40)}"`);
        }
      }
    }
  },
};
