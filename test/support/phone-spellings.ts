import fc from 'fast-check';

/**
 * fast-check generators of the ways people write Korean phone numbers (issue 11): separators,
 * +82 with or without the trunk 0, `(0)`, bare 82, URL-encoded `+`, parentheses, full-width
 * digits, in a context of Korean text, dates and ticket numbers. Shared by the masking tests and
 * the log guard's own test.
 */

/** Digits only, full-width digits read as ASCII: what a reader could reassemble from the text. */
export const digitsOf = (text: string): string =>
  text.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');

export const fullWidth = (text: string): string =>
  text.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const digits = (n: number, first = '0123456789') =>
  fc
    .tuple(
      fc.constantFrom(...first),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n - 1, maxLength: n - 1 }),
    )
    .map(([a, b]) => a + b);

/** A Korean number as [prefix with trunk 0, middle, last 4]. */
export const koreanNumber = fc.oneof(
  fc.tuple(fc.constant('010'), digits(4), digits(4)),
  fc.tuple(fc.constantFrom('011', '016', '017', '018', '019'), digits(3, '23456789'), digits(4)),
  fc.tuple(fc.constant('02'), fc.oneof(digits(3, '23456789'), digits(4, '23456789')), digits(4)),
  fc.tuple(
    fc.constantFrom(
      '031',
      '032',
      '033',
      '041',
      '042',
      '043',
      '044',
      '051',
      '052',
      '053',
      '054',
      '055',
      '061',
      '062',
      '063',
      '064',
    ),
    fc.oneof(digits(3, '23456789'), digits(4, '23456789')),
    digits(4),
  ),
  fc.tuple(fc.constant('070'), digits(4, '23456789'), digits(4)),
  fc.tuple(fc.constantFrom('0502', '0503', '0504', '0505', '0506', '0507', '0508'), digits(3), digits(4)),
);

export const separator = fc.constantFrom('', ' ', '-', '.', ' - ', '–', '—', '\u00a0', ' . ', '/', '－');
export const international = fc.constantFrom(
  '',
  '+82 ',
  '+82-',
  '+82',
  '+82 0',
  '+82 (0)',
  '82-',
  '82 ',
  '%2B82',
  '%2B82%20',
  '＋82 ',
  '+',
);
export const context = fc.tuple(
  fc.constantFrom('', '연락처 ', '전화:', '번호는', '"', 'tel:', '1. ', '2027-05-03 ', '접수 20270001234, '),
  fc.constantFrom('', ' 입니다', '로 연락 바랍니다', '.', ',', '"', ' (야간)', ' 2027-05-03'),
);

/** Writes a number the way people do. */
export const spelling = fc
  .tuple(koreanNumber, separator, international, fc.boolean(), fc.boolean())
  .map(([[prefix, middle, last], sep, intl, paren, wide]) => {
    const body = (head: string) =>
      paren && intl === '' ? `(${head}) ${middle}${sep}${last}` : `${head}${sep}${middle}${sep}${last}`;
    // `+` alone is the slip `+010-…`: the national number keeps its 0.
    let written = intl === '' || intl === '+' ? `${intl}${body(prefix)}` : `${intl}${body(prefix.slice(1))}`;
    // Full-width digits come from the same keyboard mode; %2B stays ASCII.
    if (wide) written = fullWidth(written).replace('%２B', '%2B').replace('%２０', '%20');
    return { written, e164: `+82${prefix.slice(1)}${middle}${last}`, subscriber: middle + last };
  });
