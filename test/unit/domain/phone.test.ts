import { describe, expect, it } from 'vitest';
import { formatPhone, isE164, maskPhone, maskPhoneNumbersInText, toE164 } from '#domain/phone';

describe('toE164', () => {
  it.each([
    ['+821012345678', '+821012345678'],
    ['010-1234-5678', '+821012345678'],
    ['01012345678', '+821012345678'],
    ['02-123-4567', '+8221234567'],
    ['043 201 0001', '+82432010001'],
    ['+1 (234) 567-8900', '+12345678900'],
  ])('normalises %s to %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([['anonymous'], [''], ['12345'], ['+0123456789'], ['1588-1234'], [`+8210${'1'.repeat(20)}`]])(
    'refuses %j',
    (input) => {
      expect(toE164(input)).toBeUndefined();
    },
  );

  it('isE164 accepts only the strict form', () => {
    expect(isE164('+821012345678')).toBe(true);
    expect(isE164('821012345678')).toBe(false);
    expect(isE164('+82 10 1234 5678')).toBe(false);
  });
});

describe('formatPhone', () => {
  it('writes Korean numbers in national form with dashes', () => {
    expect(formatPhone('+821012345678')).toBe('010-1234-5678');
    expect(formatPhone('+8221234567')).toBe('02-123-4567');
    expect(formatPhone('+82432010001')).toBe('043-201-0001');
    expect(formatPhone('01012345678')).toBe('010-1234-5678');
  });

  it('leaves foreign numbers and non-numbers as given', () => {
    expect(formatPhone('+12025550123')).toBe('+12025550123');
    expect(formatPhone('unknown')).toBe('unknown');
  });
});

describe('maskPhone', () => {
  it.each([
    ['+821012345678', '010-****-5678'],
    ['010-1234-5678', '010-****-5678'],
    ['+82111234567', '011-***-4567'],
    ['+8221234567', '02-***-4567'],
    ['+82212345678', '02-****-5678'],
    ['+82432010001', '043-***-0001'],
    ['+827012345678', '070-****-5678'],
    ['+8215881234', '****-1234'],
    ['+12345678900', '+*******8900'],
    ['anonymous', '***'],
    ['', '***'],
  ])('masks %j as %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('maskPhoneNumbersInText', () => {
  it('masks E.164, bare 82-prefixed and Korean national numbers inside text', () => {
    const text = 'caller +821012345678 said call 010-9876-5432 or 02 123 4567, raw 821055556666.';
    const masked = maskPhoneNumbersInText(text);
    expect(masked).toBe('caller 010-****-5678 said call 010-****-5432 or 02-***-4567, raw 010-****-6666.');
    expect(masked).not.toMatch(/1234|9876|123 4|5555/);
  });

  it('masks a number inside JSON-ish text', () => {
    expect(maskPhoneNumbersInText('{"Address":"+821012345678"}')).toBe('{"Address":"010-****-5678"}');
  });

  it('leaves ticket numbers, UUIDs, timestamps and ordinary numbers alone', () => {
    const text =
      'ticket 20270000123 contact 4a573372-1f28-4e26-b97b-012345678901 at 2027-03-05T14:03:07.123+09:00 count 42';
    expect(maskPhoneNumbersInText(text)).toBe(text);
  });
});
