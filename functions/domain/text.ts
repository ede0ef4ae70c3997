import * as z from 'zod';

/**
 * Free text from callers, counselors and flows (ticket description, location, notes).
 *
 * Policy (applied in this order):
 * 1. must be a string; raw input longer than 4 × the limit is refused before any other work
 *    (a 10 KB string costs nothing);
 * 2. Unicode NFC normalisation (decomposed Hangul jamo from some keyboards/OSes become syllables,
 *    so lengths and comparisons are what a reader sees);
 * 3. line breaks (CR LF, CR, LF, U+2028, U+2029) and tabs are normalised, not refused: the desk's
 *    report form is a multi-line text area and pasted text carries tabs. In a `multiline` field
 *    (description, note) line breaks become `\n`, trailing spaces of each line go, and more than
 *    one blank line in a row collapses to one; in a one-line field (location, search queries) they
 *    become a space. Tabs always become a space;
 * 4. trim, and runs of spaces (any Unicode space separator) collapse to one ASCII space;
 * 5. refused: the other control characters (C0 and C1, e.g. NUL, ESC, NEL); format characters
 *    (zero-width space/joiners, bidi overrides and isolates, soft hyphen, BOM); lone surrogates;
 *    private-use and unassigned code points; invisible Hangul fillers;
 * 6. refused: emoji (Extended_Pictographic). Department systems and Polly read them badly and a
 *    civil-complaint record does not need them; the counselor describes in words instead (the
 *    desk says so next to the field, {@link textIssueMessageKo});
 * 7. length counted in code points after normalisation (a line break counts one): 1 … limit
 *    (empty → refused when required).
 *
 * Everything else is welcome: Hangul, Hanja, Latin, digits, punctuation and symbols. Injection
 * strings (`'; DROP TABLE`, `<script>`, `${…}`) are plain text here; whoever renders text into
 * HTML or SSML escapes it there. Consumers that need one line (an SQS summary, a spoken text)
 * may show `\n` as a space.
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
  /** Keep line breaks (as `\n`); otherwise they become spaces. Default false. */
  multiline?: boolean;
}

export const DESCRIPTION_MAX = 1000;
export const LOCATION_MAX = 200;
export const NOTE_MAX = 500;

/** The rules of the ticket's text fields, shared by the API, the flows, the domain and the desk form. */
export const DESCRIPTION_RULE: Readonly<TextRule> = { max: DESCRIPTION_MAX, multiline: true };
export const LOCATION_RULE: Readonly<TextRule> = { max: LOCATION_MAX, required: false };
export const NOTE_RULE: Readonly<TextRule> = { max: NOTE_MAX, required: false, multiline: true };

/** English messages for logs and flow `error` fields; never include the text itself. */
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

/**
 * Why a text was refused, in Korean, for the counselor (the desk shows it next to the field; the
 * API's 400 answers carry it). `max` is the field's limit.
 */
export const textIssueMessageKo = (issue: TextIssue, max: number): string => {
  switch (issue) {
    case 'NOT_STRING':
      return '글자로 입력해 주세요.';
    case 'EMPTY':
      return '비어 있습니다. 입력해 주세요.';
    case 'TOO_LONG':
      return `${max.toLocaleString('ko-KR')}자 이하로 입력해 주세요.`;
    case 'CONTROL_CHARACTER':
      return '입력할 수 없는 제어 문자가 들어 있습니다. 붙여 넣은 글이라면 직접 다시 입력해 주세요.';
    case 'INVISIBLE_CHARACTER':
      return '보이지 않는 특수 문자(폭 없는 공백, 방향 제어 문자 등)가 들어 있습니다. 직접 다시 입력해 주세요.';
    case 'LONE_SURROGATE':
      return '깨진 문자가 들어 있습니다. 직접 다시 입력해 주세요.';
    case 'UNASSIGNED_CHARACTER':
      return '표시할 수 없는 문자가 들어 있습니다. 직접 다시 입력해 주세요.';
    case 'EMOJI':
      return '이모지(그림 문자)는 입력할 수 없습니다. 글로 적어 주세요.';
  }
};

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/u;
const UNASSIGNED = /[\p{Co}\p{Cn}]/u;
// Pictographs, flags (regional indicators), skin tones, keycaps and the emoji variation selector.
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}]|\u20E3|\uFE0F/u;

/** One line: spaces collapsed and trimmed. */
const normaliseLine = (line: string): string => line.replace(/\p{Zs}+/gu, ' ').trim();

/**
 * NFC; tabs to spaces; line breaks to `\n` (multiline) or a space; spaces collapsed and trimmed (per
 * line when multiline, at most one blank line in a row). Lone surrogates survive (NFC keeps them)
 * and are refused by {@link checkText}.
 */
export const normaliseText = (input: string, options: { multiline?: boolean } = {}): string => {
  const text = input.normalize('NFC').replace(/\t/g, ' ');
  if (options.multiline !== true) return normaliseLine(text.replace(LINE_BREAK, ' '));
  return text
    .split(LINE_BREAK)
    .map(normaliseLine)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};

/** Length as the rules count it: code points of the normalised text. */
export const textLength = (normalised: string): number => [...normalised].length;

/** Applies the policy above; never throws. */
export const checkText = (input: unknown, rule: TextRule): TextCheck => {
  if (typeof input !== 'string') return { ok: false, issue: 'NOT_STRING' };
  if (input.length > rule.max * 4) return { ok: false, issue: 'TOO_LONG' };
  // Lone surrogates first: String#normalize keeps them, but they must never reach storage.
  if (LONE_SURROGATE.test(input)) return { ok: false, issue: 'LONE_SURROGATE' };
  const value = normaliseText(input, { multiline: rule.multiline === true });
  // The kept line breaks are the only control characters allowed.
  if (CONTROL.test(value.replace(/\n/g, ''))) return { ok: false, issue: 'CONTROL_CHARACTER' };
  if (INVISIBLE.test(value)) return { ok: false, issue: 'INVISIBLE_CHARACTER' };
  if (UNASSIGNED.test(value)) return { ok: false, issue: 'UNASSIGNED_CHARACTER' };
  if (EMOJI.test(value)) return { ok: false, issue: 'EMOJI' };
  if (value.length === 0 && rule.required !== false) return { ok: false, issue: 'EMPTY' };
  if (textLength(value) > rule.max) return { ok: false, issue: 'TOO_LONG' };
  return { ok: true, value };
};

/**
 * A zod schema for one free-text field: validates with {@link checkText} and outputs the
 * normalised string. The issue code is in the zod issue's `params.textIssue`, the field's limit in
 * `params.max` (the API turns both into a Korean reason).
 */
export const freeText = (rule: TextRule) =>
  z.unknown().transform((input, ctx): string => {
    const result = checkText(input, rule);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: TEXT_ISSUE_MESSAGES[result.issue],
        params: { textIssue: result.issue, max: rule.max },
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
          params: { textIssue: result.issue, max: rule.max },
        });
        return z.NEVER;
      }
      return result.value === '' ? undefined : result.value;
    })
    .optional();

export const descriptionSchema = freeText(DESCRIPTION_RULE);
export const locationSchema = optionalFreeText(LOCATION_RULE);
export const noteSchema = optionalFreeText(NOTE_RULE);
