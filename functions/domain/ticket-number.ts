/**
 * Ticket numbers a caller can key on a telephone: digits only, 11 of them.
 *
 *     2027 000123 4
 *     └yr┘ └seq─┘ └ Damm check digit over the first 10 digits
 *
 * - 4-digit year (the city's calendar year at creation) + the 6-digit zero-padded per-year sequence
 *   (atomic counter, 1 … 999,999 — Cheongju registered 12,385 reports in 2016) + 1 check digit.
 * - Why Damm: its quasigroup is totally anti-symmetric, so it detects every single-digit error and
 *   every transposition of adjacent digits — the two mistakes people make on a keypad — with one
 *   decimal digit and no extra symbol (ISBN-10's `X`, or a letter, cannot be keyed on a phone).
 *   Verhoeff gives the same guarantees with three tables; Luhn misses 09↔90 transpositions.
 *
 * DTMF/typing noise policy of {@link parseTicketNumber}:
 * - surrounding whitespace, and spaces and dashes anywhere, are removed (`2027-000-0123`, a pasted
 *   `2027 000123 4`);
 * - a trailing run of `#`/`*` is removed (the terminator key, kept by some flows);
 * - anything else (letters, `*`/`#` in the middle, other punctuation, full-width digits) → `FORMAT`.
 */

/** Damm's order-10 weakly totally anti-symmetric quasigroup (Damm 2004, as published). */
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export const TICKET_NUMBER_LENGTH = 11;
export const MIN_TICKET_YEAR = 2000;
export const MAX_TICKET_YEAR = 9999;
export const MAX_TICKET_SEQUENCE = 999_999;

/** The Damm interim digit of a string of ASCII digits (0 for a valid number including its check digit). */
const dammInterim = (digits: string): number => {
  let interim = 0;
  for (let i = 0; i < digits.length; i++) {
    const row = DAMM_TABLE[interim];
    const next = row?.[digits.charCodeAt(i) - 48];
    if (next === undefined) throw new RangeError('dammInterim: not a digit string');
    interim = next;
  }
  return interim;
};

/** The Damm check digit to append to `digits` (a string of ASCII digits). */
export const dammCheckDigit = (digits: string): number => dammInterim(digits);

/** True when the last digit of `digits` is the Damm check digit of the rest. */
export const isDammValid = (digits: string): boolean => /^\d+$/.test(digits) && dammInterim(digits) === 0;

/** Formats a ticket number; throws RangeError for a year or sequence out of range (a programming error). */
export const formatTicketNumber = (year: number, seq: number): string => {
  if (!Number.isInteger(year) || year < MIN_TICKET_YEAR || year > MAX_TICKET_YEAR) {
    throw new RangeError(`formatTicketNumber: year ${year} outside ${MIN_TICKET_YEAR}–${MAX_TICKET_YEAR}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_TICKET_SEQUENCE) {
    throw new RangeError(`formatTicketNumber: sequence ${seq} outside 1–${MAX_TICKET_SEQUENCE}`);
  }
  const body = `${year}${String(seq).padStart(6, '0')}`;
  return `${body}${dammCheckDigit(body)}`;
};

export type ParsedTicketNumber =
  | { ok: true; year: number; seq: number; value: string }
  | { ok: false; reason: 'FORMAT' | 'CHECK_DIGIT' };

/** Longest raw input considered at all; anything longer is `FORMAT` without further work. */
const MAX_RAW_INPUT = 64;

/** Parses keyed or typed input under the noise policy above; never throws. */
export const parseTicketNumber = (input: unknown): ParsedTicketNumber => {
  if (typeof input !== 'string' || input.length > MAX_RAW_INPUT) return { ok: false, reason: 'FORMAT' };
  const cleaned = input
    .trim()
    .replace(/[*#]+$/, '')
    .replace(/[ -]/g, '');
  if (cleaned.length !== TICKET_NUMBER_LENGTH || !/^\d+$/.test(cleaned))
    return { ok: false, reason: 'FORMAT' };
  const year = Number(cleaned.slice(0, 4));
  const seq = Number(cleaned.slice(4, 10));
  if (year < MIN_TICKET_YEAR || seq < 1) return { ok: false, reason: 'FORMAT' };
  if (!isDammValid(cleaned)) return { ok: false, reason: 'CHECK_DIGIT' };
  return { ok: true, year, seq, value: cleaned };
};

/**
 * The number as Polly should read it: one digit at a time, grouped 4-3-4 with commas
 * (`2 0 2 7, 0 0 0, 1 2 3 4`). Spaces make Polly read digits one by one instead of "이백이억…";
 * the commas give short pauses so the caller can key along, and 4-3-4 keeps the year together and
 * ends with a four-digit group, like the 3-4-4 rhythm of Korean phone numbers. Strings that are
 * not 11 digits are spaced without grouping; non-digits are dropped.
 */
export const spokenDigits = (value: string): string => {
  const digits = value.replace(/\D/g, '');
  const spaced = (part: string): string => part.split('').join(' ');
  if (digits.length !== TICKET_NUMBER_LENGTH) return spaced(digits);
  return [digits.slice(0, 4), digits.slice(4, 7), digits.slice(7)].map(spaced).join(', ');
};

/** A ticket number as people write it, `2027-000-0017` (the SMS and the desk); other text unchanged. */
export const displayTicketNumber = (value: string): string =>
  /^\d{11}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 7)}-${value.slice(7)}` : value;
