/**
 * Telephone numbers: E.164 normalisation and the Korean display mask. Pure; the logger's masking
 * (`#commons/masking`) and the caller hash build on it.
 */

/** E.164: `+`, a country code not starting with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const isE164 = (value: string): boolean => E164_PATTERN.test(value);

/**
 * Normalises a number to E.164, or returns undefined. Accepts E.164 with spaces, dashes, dots or
 * parentheses, and Korean national numbers (`010-1234-5678`, `02-123-4567`, `043 201 0001`), which
 * become `+82…` without the trunk `0`. Nothing else is guessed.
 */
export const toE164 = (input: string): string | undefined => {
  if (input.length > 40) return undefined;
  const compact = input.trim().replace(/[\s().-]/g, '');
  if (E164_PATTERN.test(compact)) return compact;
  if (/^0[1-9]\d{7,9}$/.test(compact)) return `+82${compact.slice(1)}`;
  return undefined;
};

const stars = (count: number): string => '*'.repeat(count);

/** Korean national number (with trunk 0) → [prefix, middle, last4], or undefined if not recognisable. */
const koreanGroups = (national: string): [string, string, string] | undefined => {
  // Seoul 02: 02-XXX-XXXX or 02-XXXX-XXXX
  if (/^02\d{7,8}$/.test(national)) return ['02', national.slice(2, -4), national.slice(-4)];
  // mobile 01X, area codes 0[3-6]X, 070 (VoIP), 050X (personal numbers: treated as 3-digit prefix)
  if (/^0[1-9]\d\d{7,8}$/.test(national))
    return [national.slice(0, 3), national.slice(3, -4), national.slice(-4)];
  return undefined;
};

/**
 * A number as people write it: Korean numbers in national form with dashes (`+821012345678` →
 * `010-1234-5678`, `+8221234567` → `02-123-4567`), anything else as given. For screens that may
 * show the full number (the sandbox's own simulated calls); logs use {@link maskPhone}.
 */
export const formatPhone = (input: string): string => {
  const e164 = toE164(input);
  if (e164 === undefined || !e164.startsWith('+82')) return input;
  const groups = koreanGroups(`0${e164.slice(3)}`);
  return groups === undefined ? `0${e164.slice(3)}` : groups.join('-');
};

/**
 * Masks a number for display and logs, keeping only what a counselor needs to recognise it:
 * `+821012345678` → `010-****-5678`, `+8221234567` → `02-***-4567`, `+82432010001` → `043-***-0001`,
 * Korean 8-digit service numbers (`1588-1234`) → `****-1234`, other countries → `+*******8900`
 * (the last four digits only). Anything that is not a number → `***`.
 */
export const maskPhone = (input: string): string => {
  const e164 = toE164(input);
  if (e164 === undefined) return '***';
  if (e164.startsWith('+82')) {
    const national = `0${e164.slice(3)}`;
    const groups = koreanGroups(national);
    if (groups !== undefined) return `${groups[0]}-${stars(groups[1].length)}-${groups[2]}`;
    const rest = e164.slice(3);
    if (/^1\d{7}$/.test(rest)) return `****-${rest.slice(-4)}`;
  }
  return `+${stars(e164.length - 5)}${e164.slice(-4)}`;
};

/*
 * ─── Phone numbers in free text ────────────────────────────────────────────────────────────────
 *
 * Descriptions, notes and log lines carry numbers the way people type them: `010-1234-5678`,
 * `010 - 1234 - 5678`, `(010) 1234-5678`, `010.1234.5678`, `+82 10 1234 5678`, `+82-10-…`,
 * `+82 (0)10 …`, `+82 010 …`, `82-10-…`, `821012345678`, URL-encoded `%2B8210…` (and `%20`
 * spaces), full-width `０１０－１２３４－５６７８`, Unicode dashes and no-break spaces; landlines
 * `02-123-4567`, `(043) 201-0001`, `043 201 0001`; `070` VoIP and `050X` personal numbers. Every one
 * is masked to the {@link maskPhone} form. Not masked, on purpose: 15XX/16XX/18XX representative
 * numbers (`1588-1234`) and `080`/`060` service numbers — they belong to businesses, not people,
 * and a counselor's note often needs them — plus ticket numbers (`2027 000123 4`, Damm-checked,
 * always starting with the year), dates, times, amounts and IDs.
 *
 * Why hand-written and not libphonenumber-js `findNumbers` (tried, 1.13.16, `max` metadata, KR
 * default): it found every generated spelling except URL-encoded `+`, but it also "found" phone
 * numbers in ticket numbers written in groups (90 of 20,000 generated tickets, e.g. `2072 431464 3`
 * → +82431464), in 10-digit business registration numbers (`123-45-67890` → a KR "mobile"), and
 * it drops numbers its metadata deems invalid — yet a made-up or mistyped number is still personal
 * data. Filtering its output back down to the Korean numbering plan takes as much code as the
 * scanner below, which knows that plan (전기통신번호관리세칙: 01X mobile, 02 and 0NN area codes,
 * 070, 050X) and nothing else. The property test (test/unit/domain/phone-masking.test.ts) generates
 * the spellings and the look-alikes.
 *
 * How: the text is normalised (full-width forms, Unicode dashes and spaces, `%2B`/`%20`/`%2D`/
 * `%28`/`%29`/`%2E`) with a map back to the original positions; runs of digits and separators are
 * cut into digit groups; from each group, the longest window of groups (separated by at most 3 of
 * space, `-`, `.`, `/`, `(`, `)`) that spells a Korean number — its first group starting with a
 * whole area/mobile prefix — or, after a `+`, any E.164 number, is replaced, an opening `(` or the
 * `+` before it included. A group of 4 digits and a prefix (`5678010`) is read as two numbers
 * typed without a space. Not recognised: digits spelled one by one with spaces, or in words (공일공).
 */

const NORMALISED: Readonly<Record<string, string>> = {
  '\uff0b': '+',
  '\uff0d': '-',
  '\uff08': '(',
  '\uff09': ')',
  '\uff0e': '.',
  '\uff0f': '/',
  '\u00a0': ' ',
  '\u3000': ' ',
  '\u2212': '-',
};
const PERCENT_ENCODED: Readonly<Record<string, string>> = {
  '2B': '+',
  '20': ' ',
  '2D': '-',
  '28': '(',
  '29': ')',
  '2E': '.',
};

/** Characters {@link normalise} rewrites; text without them is used as it is. */
const NEEDS_NORMALISING = /[\uff08-\uff19\uff0b\u00a0\u2000-\u2015\u202f\u2212\u3000%]/;

/** `text` with the spellings above normalised, and for each normalised char its original span. */
const normalise = (
  text: string,
): { text: string; from: (i: number) => number; to: (i: number) => number } => {
  if (!NEEDS_NORMALISING.test(text)) return { text, from: (i) => i, to: (i) => i + 1 };
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    let mapped: string = ch;
    let width = 1;
    if (code >= 0xff10 && code <= 0xff19) mapped = String.fromCharCode(code - 0xff10 + 48);
    else if ((code >= 0x2000 && code <= 0x200a) || code === 0x202f) mapped = ' ';
    else if (code >= 0x2010 && code <= 0x2015) mapped = '-';
    else if (NORMALISED[ch] !== undefined) mapped = NORMALISED[ch];
    else if (ch === '%') {
      const encoded = PERCENT_ENCODED[text.slice(i + 1, i + 3).toUpperCase()];
      if (encoded !== undefined) {
        mapped = encoded;
        width = 3;
      }
    }
    out += mapped;
    from.push(i);
    to.push(i + width);
    i += width;
  }
  return { text: out, from: (i) => from[i] as number, to: (i) => to[i] as number };
};

/** Korean prefixes a number's first written group must begin with (the whole prefix). */
const KOREAN_PREFIX = /^(?:01[016789]|02|0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])|070|050[2-8])/;
/** Korean national numbers (with trunk 0) by the numbering plan; subscriber lengths kept lenient. */
const KOREAN_NATIONAL =
  /^(?:01[016789]\d{7,8}|02\d{7,8}|0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])\d{7,8}|070\d{8}|050[2-8]\d{7,8})$/;

/** The E.164 form of a window of digit groups, or undefined when it spells no phone number. */
const windowNumber = (groups: readonly string[], plus: boolean): string | undefined => {
  const first = groups[0] ?? '';
  const joined = groups.join('');
  let national: string[];
  // A `+` before a national number (`+010-…`) is a slip of the finger: no country code starts with 0.
  const international = plus && !joined.startsWith('0');
  if (
    international ||
    (first === '82' && groups.length > 1) ||
    (groups.length === 1 && first.startsWith('82'))
  ) {
    if (!joined.startsWith('82')) {
      return international && /^[1-9]\d{7,14}$/.test(joined) ? `+${joined}` : undefined;
    }
    let rest = first === '82' ? groups.slice(1) : [first.slice(2), ...groups.slice(1)];
    if (rest[0] === '0') rest = rest.slice(1);
    const head = rest[0] ?? '';
    national = [head.startsWith('0') ? head : `0${head}`, ...rest.slice(1)];
  } else {
    national = [...groups];
  }
  const digits = national.join('');
  if (!KOREAN_NATIONAL.test(digits)) return undefined;
  const prefix = KOREAN_PREFIX.exec(digits)?.[0] ?? '';
  if (national.length > 1 && (national[0] ?? '').length < prefix.length) return undefined;
  return `+82${digits.slice(1)}`;
};

/** Runs of digits and separators that begin with a digit, `+` or `(` and end with a digit. */
const RUN = /[0-9+(][0-9+()./ \t-]*[0-9]|[0-9]/g;
const GROUP = /[0-9]+/g;
const RUN_MAY_HOLD_NUMBER = /\+|(?:^|[^0-9])(?:0|82)|[0-9]{4}0/;
const GLUED = /^\d{4}(?:01[016789]|02|0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])|070|050[2-8])$/;
const MAX_SEPARATOR = 3;
const MAX_GROUPS = 7;

/**
 * Replaces every Korean phone number in `text`, in any of the spellings above, and every
 * `+`-prefixed international number, by its {@link maskPhone} form. The one masking function for
 * text that leaves the ticket store (department messages, logs through the masking logger).
 */
export const maskPhoneNumbersInText = (text: string): string => {
  if (!/[0-9\uff10-\uff19]/.test(text)) return text;
  const norm = normalise(text);
  const spans: { start: number; end: number; replacement: string }[] = [];
  for (const run of norm.text.matchAll(RUN)) {
    // Only a `+`, a trunk 0 or a bare 82 at a group's start begins a number.
    if (!RUN_MAY_HOLD_NUMBER.test(run[0])) continue;
    const runStart = run.index;
    const groups = [...run[0].matchAll(GROUP)].flatMap((g) => {
      const start = runStart + g.index;
      // Two numbers typed without a space (`…5678010-…`): the last group of one, a prefix of the next.
      const glued = GLUED.exec(g[0]);
      return glued
        ? [
            { digits: g[0].slice(0, 4), start, end: start + 4 },
            { digits: g[0].slice(4), start: start + 4, end: start + g[0].length },
          ]
        : [{ digits: g[0], start, end: start + g[0].length }];
    });
    for (let s = 0; s < groups.length; ) {
      const startGroup = groups[s] as (typeof groups)[number];
      // What stands between the previous group (or the run's start) and this one.
      const lead = norm.text.slice(s === 0 ? runStart : (groups[s - 1]?.end ?? runStart), startGroup.start);
      const plus = lead.includes('+');
      // Only a `+`, a trunk 0 or a bare 82 starts a number: skip the rest without trying windows.
      if (!plus && !startGroup.digits.startsWith('0') && !startGroup.digits.startsWith('82')) {
        s++;
        continue;
      }
      let match: { e: number; e164: string } | undefined;
      const written: string[] = [];
      let length = 0;
      for (let e = s; e < groups.length && e < s + MAX_GROUPS; e++) {
        const group = groups[e] as (typeof groups)[number];
        if (e > s) {
          const gap = norm.text.slice((groups[e - 1] as (typeof groups)[number]).end, group.start);
          if (gap.length > MAX_SEPARATOR || gap.includes('+')) break;
        }
        written.push(group.digits);
        length += group.digits.length;
        // The longest written form: 82 0 10 1234 5678, or 15 digits of E.164.
        if (length > 16) break;
        if (length < 8) continue;
        const e164 = windowNumber(written, plus);
        if (e164 !== undefined) match = { e, e164 };
      }
      if (match === undefined) {
        s++;
        continue;
      }
      // Include the `+` (and spaces after it) or an opening `(` written just before the number.
      const prefix = /[+(][ \t]*$/.exec(lead);
      const start = prefix ? startGroup.start - prefix[0].length : startGroup.start;
      const end = (groups[match.e] as (typeof groups)[number]).end;
      spans.push({
        start: norm.from(start),
        end: norm.to(end - 1),
        replacement: maskPhone(match.e164),
      });
      s = match.e + 1;
    }
  }
  let out = '';
  let last = 0;
  for (const span of spans) {
    out += text.slice(last, span.start) + span.replacement;
    last = span.end;
  }
  return out + text.slice(last);
};
