import { describe, expect, it } from 'vitest';
import {
  dammCheckDigit,
  formatTicketNumber,
  isDammValid,
  parseTicketNumber,
  spokenDigits,
} from '#domain/ticket-number';

/** Deterministic pseudo-random generator (mulberry32) so the property loop is reproducible. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Every variant of `value` with exactly one digit changed. */
const singleDigitChanges = (value: string): string[] => {
  const variants: string[] = [];
  for (let position = 0; position < value.length; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      if (String(digit) === value[position]) continue;
      variants.push(`${value.slice(0, position)}${digit}${value.slice(position + 1)}`);
    }
  }
  return variants;
};

/** Every variant of `value` with two differing adjacent digits swapped. */
const adjacentTranspositions = (value: string): string[] => {
  const variants: string[] = [];
  for (let position = 0; position < value.length - 1; position++) {
    const a = value[position];
    const b = value[position + 1];
    if (a === b) continue;
    variants.push(`${value.slice(0, position)}${b}${a}${value.slice(position + 2)}`);
  }
  return variants;
};

const isAccepted = (candidate: string): boolean => parseTicketNumber(candidate).ok;

describe('Damm check digit', () => {
  it('matches the published worked example (572 → check digit 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
    expect(isDammValid('5724')).toBe(true);
    expect(isDammValid('5723')).toBe(false);
  });

  it('detects every single-digit change and adjacent transposition of every 4-digit body', () => {
    // Exhaustive over all 10,000 bodies: the property of the table itself, not just our samples.
    let checked = 0;
    const undetected: string[] = [];
    for (let body = 0; body < 10_000; body++) {
      const value = `${String(body).padStart(4, '0')}`;
      const full = `${value}${dammCheckDigit(value)}`;
      for (const variant of [...singleDigitChanges(full), ...adjacentTranspositions(full)]) {
        if (isDammValid(variant)) undetected.push(`${full}→${variant}`);
        checked++;
      }
    }
    expect(undetected).toEqual([]);
    expect(checked).toBeGreaterThan(10_000 * 45);
  });
});

describe('formatTicketNumber', () => {
  it('builds year + 6-digit zero-padded sequence + check digit, 11 digits', () => {
    const value = formatTicketNumber(2027, 123);
    expect(value).toMatch(/^2027000123\d$/);
    expect(value).toHaveLength(11);
    expect(isDammValid(value)).toBe(true);
  });

  it('round-trips through parseTicketNumber', () => {
    for (const [year, seq] of [
      [2027, 1],
      [2027, 999_999],
      [2000, 42],
      [2099, 12_385],
    ] as const) {
      const value = formatTicketNumber(year, seq);
      expect(parseTicketNumber(value)).toEqual({ ok: true, year, seq, value });
    }
  });

  it.each([
    [1999, 1],
    [10_000, 1],
    [2027, 0],
    [2027, 1_000_000],
    [2027, 1.5],
    [2027.5, 1],
    [2027, -1],
  ])('refuses year %d with sequence %d', (year, seq) => {
    expect(() => formatTicketNumber(year, seq)).toThrow(RangeError);
  });
});

describe('parseTicketNumber rejects every single-digit error and adjacent transposition', () => {
  const samples = [
    formatTicketNumber(2027, 1),
    formatTicketNumber(2027, 123),
    formatTicketNumber(2026, 12_385),
    formatTicketNumber(2031, 999_999),
    formatTicketNumber(2028, 505_050),
  ];

  it.each(samples)('exhaustively for %s', (value) => {
    const changes = singleDigitChanges(value);
    const swaps = adjacentTranspositions(value);
    expect(changes).toHaveLength(11 * 9);
    expect(swaps.length).toBeGreaterThan(0);
    for (const variant of [...changes, ...swaps]) {
      expect(isAccepted(variant), `${variant} (from ${value}) must be rejected`).toBe(false);
    }
  });

  it('for 2,000 pseudo-random valid numbers (property loop)', () => {
    const next = rng(20270001);
    let variantsChecked = 0;
    for (let i = 0; i < 2_000; i++) {
      const year = 2000 + Math.floor(next() * 100);
      const seq = 1 + Math.floor(next() * 999_999);
      const value = formatTicketNumber(year, seq);
      expect(isAccepted(value)).toBe(true);
      for (const variant of [...singleDigitChanges(value), ...adjacentTranspositions(value)]) {
        if (isAccepted(variant)) throw new Error(`${variant} (from ${value}) was accepted`);
        variantsChecked++;
      }
    }
    expect(variantsChecked).toBeGreaterThan(2_000 * 99);
  });

  it('reports a wrong check digit as CHECK_DIGIT, not FORMAT', () => {
    const value = formatTicketNumber(2027, 123);
    const wrong = `${value.slice(0, 10)}${(Number(value[10]) + 1) % 10}`;
    expect(parseTicketNumber(wrong)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
  });
});

describe('parseTicketNumber noise policy', () => {
  const value = formatTicketNumber(2027, 123);

  it.each([
    [`${value}#`, 'a trailing # terminator'],
    [`${value}*`, 'a trailing * terminator'],
    [`${value}##`, 'repeated terminators'],
    [`  ${value} `, 'surrounding whitespace'],
    [`${value.slice(0, 4)}-${value.slice(4, 7)}-${value.slice(7)}`, 'the dashed display form'],
    [`${value.slice(0, 4)} ${value.slice(4, 10)} ${value.slice(10)}`, 'spaces between groups'],
  ])('accepts %s (%s)', (input) => {
    expect(parseTicketNumber(input)).toEqual({ ok: true, year: 2027, seq: 123, value });
  });

  it.each([
    ['', 'empty'],
    [value.slice(0, 10), 'too short'],
    [`${value}0`, 'too long'],
    [`${value.slice(0, 5)}*${value.slice(5)}`, '* in the middle'],
    [`#${value}`, 'a leading #'],
    [`${value.slice(0, 5)}a${value.slice(6)}`, 'a letter'],
    ['２０２７０００１２３４', 'full-width digits'],
    [`${value}.`, 'other punctuation'],
    ['1'.repeat(10_000), 'a 10 KB string'],
    [`${formatTicketNumber(2027, 1).slice(0, 4)}0000000`, 'sequence zero'],
  ])('refuses %j as FORMAT (%s)', (input) => {
    expect(parseTicketNumber(input)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it.each([[undefined], [null], [20270001234], [{}], [['2027']]])(
    'refuses non-string %j as FORMAT',
    (input) => {
      expect(parseTicketNumber(input)).toEqual({ ok: false, reason: 'FORMAT' });
    },
  );

  it('refuses years before 2000 as FORMAT even with a valid check digit', () => {
    const body = '1999000123';
    expect(parseTicketNumber(`${body}${dammCheckDigit(body)}`)).toEqual({ ok: false, reason: 'FORMAT' });
  });
});

describe('spokenDigits', () => {
  it('spaces every digit and groups a ticket number 4-3-4 with commas', () => {
    expect(spokenDigits('20270000123')).toBe('2 0 2 7, 0 0 0, 0 1 2 3');
  });

  it('strips separators and terminators before speaking', () => {
    expect(spokenDigits('2027-000-0123#')).toBe('2 0 2 7, 0 0 0, 0 1 2 3');
  });

  it('spaces other digit strings without grouping', () => {
    expect(spokenDigits('12345')).toBe('1 2 3 4 5');
    expect(spokenDigits('')).toBe('');
  });
});
