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

/**
 * Phone-number-looking substrings in free text: E.164 (`+821012345678`), the same without `+`
 * (`821012345678`), and Korean national numbers with or without separators (`010-1234-5678`,
 * `02 123 4567`, `01012345678`). Digit runs that are part of a longer number or word (ticket
 * numbers `2027…`, UUIDs, timestamps) are not matched.
 */
const PHONE_IN_TEXT =
  /(?<![\w+])(?:\+[1-9]\d{6,14}|82[1-9]\d{7,9}|0(?:2|[1-9]\d)[ .-]?\d{3,4}[ .-]?\d{4})(?![\w])/g;

/** Replaces every phone number in `text` by its {@link maskPhone} form. */
export const maskPhoneNumbersInText = (text: string): string =>
  text.replace(PHONE_IN_TEXT, (match) => {
    const candidate = /^82/.test(match) ? `+${match}` : match;
    return maskPhone(candidate);
  });
