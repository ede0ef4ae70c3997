import { afterAll, expect } from 'vitest';

/**
 * The integration suite's log guard: every line a test file writes (stdout, stderr, console — the
 * real handlers log there through the masking logger) is scanned for raw phone numbers when the
 * file ends. The detector is deliberately more eager than `maskPhoneNumbersInText` and written
 * apart from it: it undoes the spellings (full-width digits, `%2B`) and flags every window of digit
 * groups that spells a Korean mobile or landline number, wherever it starts — so a spelling the
 * masker missed shows up here.
 * test/unit/log-guard.test.ts proves it catches the spellings of issue 11.
 */

/** `text` with the spellings undone: ASCII digits and `+`, and `%2B`/`%20` decoded. */
export const undoSpellings = (text: string): string =>
  text
    .replace(/[\uff10-\uff19\uff0b]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/%2B/gi, '+')
    .replace(/%20/g, ' ');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Digits written with separators between them (space, dot, dash, slash, parentheses, Unicode dashes). */
const RUN = /[0-9][0-9\s.\-()/\u2010-\u2015\u2212\uff0d\uff08\uff09]*[0-9]|[0-9]/g;

/** A Korean number by the numbering plan: national (0…), or after 82 / +82 with or without the 0. */
const KOREAN_NUMBER =
  /^(?:820?|0)(?:1[016789][0-9]{7,8}|2[2-9][0-9]{6,7}|(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])[2-9][0-9]{6,7}|70[0-9]{8}|50[2-8][0-9]{7,8})$/;

/**
 * Raw (unmasked) Korean phone numbers in `text`: every run of consecutive digit groups (any
 * separators, up to 8 groups) whose digits spell a Korean number.
 */
export const rawPhoneNumbersIn = (text: string): string[] => {
  const found: string[] = [];
  // UUIDs (request and contact ids) are random hex whose digit groups can spell a number with the
  // dashes as separators ("5e564fe0-3166-4094-8ac1-…" reads 0-3166-4094-8): not numbers anyone wrote.
  const plain = undoSpellings(text).replace(UUID, 'uuid');
  for (const run of plain.matchAll(RUN)) {
    const groups = run[0].match(/[0-9]+/g) ?? [];
    // The last four digits of a masked number (`010-****-5678`) start no number.
    const afterMask = /\*[-\s]?$/.test(plain.slice(Math.max(0, run.index - 2), run.index));
    for (let i = afterMask ? 1 : 0; i < groups.length; i++) {
      for (let j = i; j < groups.length && j < i + 8; j++) {
        const digits = groups.slice(i, j + 1).join('');
        if (KOREAN_NUMBER.test(digits)) found.push(digits);
      }
    }
  }
  return found;
};

/**
 * Records what the current test file writes (passing it through) and fails the file when a raw
 * number was written. Called from the integration project's setup file.
 */
const written: string[] = [];

/** What the current test file has written so far (after {@link installLogGuard}). */
export const capturedOutput = (): readonly string[] => written;

export const installLogGuard = (): void => {
  const record = (chunk: unknown) => {
    written.push(
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk),
    );
  };
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((...args: unknown[]) => {
      record(args[0]);
      return original(...args);
    }) as typeof stream.write;
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      record(args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
      original(...args);
    };
  }
  afterAll(() => {
    const leaks = written.flatMap((line) =>
      rawPhoneNumbersIn(line).map((n) => `${n} in: ${line.slice(0, 300)}`),
    );
    expect(leaks, 'raw phone numbers in the log output of this test file').toEqual([]);
  });
};
