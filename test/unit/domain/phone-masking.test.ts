import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhoneNumbersInText } from '#domain/phone';
import { formatTicketNumber } from '#domain/ticket-number';
import { context, digitsOf, spelling } from '#test/phone-spellings';

describe('maskPhoneNumbersInText: the spellings of issue 11', () => {
  it.each([
    ['+82 10 1234 5678'],
    ['%2B821012345678'],
    ['(010) 1234-5678'],
    ['+82-10-1234-5678'],
    ['010 - 1234 - 5678'],
    ['０１０-１２３４-５６７８'],
    ['０１０－１２３４－５６７８'],
    ['010.1234.5678'],
    ['+82 (0)10 1234 5678'],
    ['+82 010 1234 5678'],
    ['82-10-1234-5678'],
    ['%2B82%2010%201234%205678'],
    ['010\u00a01234\u00a05678'],
    ['+010-1234-5678'],
  ])('masks %j', (written) => {
    expect(maskPhoneNumbersInText(`연락처 ${written} 입니다`)).toBe('연락처 010-****-5678 입니다');
  });

  it.each([
    ['02-123-4567', '02-***-4567'],
    ['(02)1234-5678', '02-****-5678'],
    ['+82 2 1234 5678', '02-****-5678'],
    ['(043) 201-0001', '043-***-0001'],
    ['043.201.0001', '043-***-0001'],
    ['070-1234-5678', '070-****-5678'],
    ['0505-123-4567', '050-****-4567'],
    ['+1 (415) 555-2671', '+*******2671'],
  ])('masks the landline, VoIP, personal or foreign number %j', (written, masked) => {
    expect(maskPhoneNumbersInText(written)).toBe(masked);
  });

  it('masks two numbers typed without a space between them', () => {
    expect(maskPhoneNumbersInText('010-1234-5678010-9876-5432')).toBe('010-****-5678010-****-5432');
  });

  it.each([
    ['1588-1234 (대표번호)'],
    ['080-123-4567 수신자 부담'],
    ['사업자등록번호 123-45-67890'],
    ['주문번호 0123456789'],
    ['금액 1,234,567원, 12345678원'],
    ['2027-05-03 08:30, 2027.05.03, 20270503, 2027년 5월 3일'],
    ['05.03 방문'],
    ['contact 4a573372-1f28-4e26-b97b-012345678901 at 2027-03-05T14:03:07.123+09:00'],
  ])('leaves representative numbers, IDs, amounts and dates alone: %j', (text) => {
    expect(maskPhoneNumbersInText(text)).toBe(text);
  });
});

describe('maskPhoneNumbersInText properties (fast-check)', { timeout: 30_000 }, () => {
  it('masks every generated spelling of a Korean number, in any context', () => {
    fc.assert(
      fc.property(spelling, context, ({ written, e164 }, [before, after]) => {
        const masked = maskPhoneNumbersInText(`${before}${written}${after}`);
        expect(masked).toContain(maskPhone(e164));
        // Exactly the context's digits and the masked form's remain: no digit of the number leaks.
        expect(digitsOf(masked)).toBe(digitsOf(before) + digitsOf(maskPhone(e164)) + digitsOf(after));
        expect(maskPhone(e164)).toMatch(/^0\d{1,2}-\*{3,5}-\d{4}$/);
      }),
      { numRuns: 3000 },
    );
  });

  const ticket = fc
    .tuple(
      fc.integer({ min: 2000, max: 2099 }),
      fc.integer({ min: 1, max: 999_999 }),
      fc.constantFrom('compact', 'dash', 'space'),
    )
    .map(([year, seq, format]) => {
      const t = formatTicketNumber(year, seq);
      if (format === 'compact') return t;
      const sep = format === 'dash' ? '-' : ' ';
      return `${t.slice(0, 4)}${sep}${t.slice(4, 10)}${sep}${t.slice(10)}`;
    });

  it('never touches a ticket number (11 digits, Damm check), alone or next to a phone number', () => {
    fc.assert(
      fc.property(ticket, spelling, fc.constantFrom(' ', ', ', ' / ', '\n'), (t, phone, join) => {
        expect(maskPhoneNumbersInText(`접수번호 ${t} 입니다`)).toBe(`접수번호 ${t} 입니다`);
        const both = maskPhoneNumbersInText(`접수번호 ${t}${join}연락처 ${phone.written}`);
        expect(both).toBe(`접수번호 ${t}${join}연락처 ${maskPhone(phone.e164)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('never touches dates, times or amounts', () => {
    const date = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    const dateText = fc.tuple(date, fc.integer({ min: 0, max: 5 })).map(([d, style]) => {
      const [y, m, day] = d.toISOString().slice(0, 10).split('-') as [string, string, string];
      const hhmm = d.toISOString().slice(11, 16);
      return [
        `${y}-${m}-${day}`,
        `${y}.${m}.${day} ${hhmm}`,
        `${y}/${m}/${day}`,
        `${y}${m}${day}`,
        `${y}년 ${Number(m)}월 ${Number(day)}일 ${hhmm}`,
        `${m}.${day} ${hhmm}`,
      ][style] as string;
    });
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 999_999_999 }).map((n) => `${n}원`),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => `${n.toLocaleString('en-US')}원`),
    );
    fc.assert(
      fc.property(fc.oneof(dateText, amount), (text) => {
        expect(maskPhoneNumbersInText(`기준 ${text} 확인`)).toBe(`기준 ${text} 확인`);
      }),
      { numRuns: 3000 },
    );
  });
});
