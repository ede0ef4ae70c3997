import * as z from 'zod';

/**
 * Free text from callers, counselors and flows (ticket description, location, notes).
 *
 * Policy (applied in this order):
 * 1. must be a string; raw input longer than 4 × the limit is refused before any other work
 *    (a 10 KB string costs nothing);
 * 2. Unicode NFC normalisation (decomposed Hangul jamo from some keyboards/OSes become syllables,
 *    so lengths and comparisons are what a reader sees);
 * 3. trim, and runs of spaces (any Unicode space separator) collapse to one ASCII space;
 * 4. refused: control characters — all of C0 and C1, including tab and line feed (one-line text
 *    keeps TTS, SQS summaries and CSV exports simple; the desk app joins lines before sending);
 *    format characters (zero-width space/joiners, bidi overrides and isolates, soft hyphen, BOM);
 *    lone surrogates; private-use and unassigned code points; invisible Hangul fillers;
 * 5. refused: emoji (Extended_Pictographic). Department systems and Polly read them badly and a
 *    civil-complaint record does not need them; the counselor describes in words instead;
 * 6. length counted in code points after normalisation: 1 … limit (empty → refused when required).
 *
 * Everything else is welcome: Hangul, Hanja, Latin, digits, punctuation and symbols. Injection
 * strings (`'; DROP TABLE`, `<script>`, `${…}`) are plain text here; whoever renders text into
 * HTML or SSML escapes it there.
 */

export type TextIssue =
  | 'NOT_STRING'
  | 'EMPTY'
  | 'TOO_LONG'
  | 'CONTROL_CHARACTER'
  | 'INVISIBLE_CHARACTER'
  | 'LONE_SURROGATE'
  | 'UNASSIGNED_CHARACTER'
  | 'EMOJI';

export type TextCheck = { ok: true; value: string } | { ok: false; issue: TextIssue };

export interface TextRule {
  /** Maximum length in code points after normalisation. */
  max: number;
  /** Whether the empty string (after trimming) is refused. Default true. */
  required?: boolean;
}

export const DESCRIPTION_MAX = 1000;
export const LOCATION_MAX = 200;
export const NOTE_MAX = 500;

/** English messages for logs and `error` fields; never include the text itself. */
export const TEXT_ISSUE_MESSAGES: Readonly<Record<TextIssue, string>> = {
  NOT_STRING: 'must be a string',
  EMPTY: 'must not be empty',
  TOO_LONG: 'is too long',
  CONTROL_CHARACTER: 'contains control characters',
  INVISIBLE_CHARACTER: 'contains invisible or direction-changing characters',
  LONE_SURROGATE: 'contains malformed UTF-16 (lone surrogate)',
  UNASSIGNED_CHARACTER: 'contains private-use or unassigned characters',
  EMOJI: 'contains emoji',
};

const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/u;
const UNASSIGNED = /[\p{Co}\p{Cn}]/u;
// Pictographs, flags (regional indicators), skin tones, keycaps and the emoji variation selector.
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}]|\u20E3|\uFE0F/u;

/** NFC, trim, collapse spaces. Lone surrogates survive (NFC keeps them) and are refused by {@link checkText}. */
export const normaliseText = (input: string): string =>
  input
    .normalize('NFC')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();

/** Applies the policy above; never throws. */
export const checkText = (input: unknown, rule: TextRule): TextCheck => {
  if (typeof input !== 'string') return { ok: false, issue: 'NOT_STRING' };
  if (input.length > rule.max * 4) return { ok: false, issue: 'TOO_LONG' };
  // Lone surrogates first: String#normalize keeps them, but they must never reach storage.
  if (LONE_SURROGATE.test(input)) return { ok: false, issue: 'LONE_SURROGATE' };
  const value = normaliseText(input);
  if (CONTROL.test(value)) return { ok: false, issue: 'CONTROL_CHARACTER' };
  if (INVISIBLE.test(value)) return { ok: false, issue: 'INVISIBLE_CHARACTER' };
  if (UNASSIGNED.test(value)) return { ok: false, issue: 'UNASSIGNED_CHARACTER' };
  if (EMOJI.test(value)) return { ok: false, issue: 'EMOJI' };
  if (value.length === 0 && rule.required !== false) return { ok: false, issue: 'EMPTY' };
  if ([...value].length > rule.max) return { ok: false, issue: 'TOO_LONG' };
  return { ok: true, value };
};

/**
 * A zod schema for one free-text field: validates with {@link checkText} and outputs the
 * normalised string. The issue code is in the zod issue's `params.textIssue`.
 */
export const freeText = (rule: TextRule) =>
  z.unknown().transform((input, ctx): string => {
    const result = checkText(input, rule);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: TEXT_ISSUE_MESSAGES[result.issue],
        params: { textIssue: result.issue },
      });
      return z.NEVER;
    }
    return result.value;
  });

/** Like {@link freeText} with `required: false`, but missing, empty or blank input becomes `undefined`. */
export const optionalFreeText = (rule: Omit<TextRule, 'required'>) =>
  z
    .unknown()
    .transform((input, ctx): string | undefined => {
      if (input === undefined || input === null) return undefined;
      const result = checkText(input, { ...rule, required: false });
      if (!result.ok) {
        ctx.addIssue({
          code: 'custom',
          message: TEXT_ISSUE_MESSAGES[result.issue],
          params: { textIssue: result.issue },
        });
        return z.NEVER;
      }
      return result.value === '' ? undefined : result.value;
    })
    .optional();

export const descriptionSchema = freeText({ max: DESCRIPTION_MAX });
export const locationSchema = optionalFreeText({ max: LOCATION_MAX });
export const noteSchema = optionalFreeText({ max: NOTE_MAX });
