import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhoneNumbersInText } from '#domain/phone';
import { formatTicketNumber } from '#domain/ticket-number';
import { rawPhoneNumbersIn } from '#test/log-guard';
import { context, spelling } from '#test/phone-spellings';

/** The integration suite's log guard must see what the masker must hide, and nothing else. */
describe('log guard detector (test/support/log-guard.ts)', { timeout: 30_000 }, () => {
  it('finds every generated spelling of a raw number, and none once masked', () => {
    fc.assert(
      fc.property(spelling, context, ({ written }, [before, after]) => {
        const line = `{"level":"INFO","message":"${before}${written}${after}"}`;
        expect(rawPhoneNumbersIn(line).length).toBeGreaterThan(0);
        expect(rawPhoneNumbersIn(maskPhoneNumbersInText(line))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds nothing in a request id whose digit groups spell a number across its dashes', () => {
    const line =
      '{"function_request_id":"5e564fe0-3166-4094-8ac1-40a68c057fd2","messageId":"20265000308-v1"}';
    expect(rawPhoneNumbersIn(line)).toEqual([]);
    // The same digits written as a number are still found.
    expect(rawPhoneNumbersIn('"note":"0-3166-4094-8"')).toContain('0316640948');
  });

  it('finds nothing in ticket numbers, timestamps and masked numbers', () => {
    const ticket = formatTicketNumber(2027, 123);
    expect(
      rawPhoneNumbersIn(
        `{"ticketNumber":"${ticket}","at":"2027-03-05T14:03:07.123+09:00","caller":"010-****-5678","ms":1735689600000}`,
      ),
    ).toEqual([]);
  });
});
