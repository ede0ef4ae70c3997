import { describe, expect, it } from 'vitest';
import {
  FLOW_RESPONSE_MAX_BYTES,
  FlowResponseError,
  flowResponse,
  invalidInput,
  truncateText,
} from '#commons/flow-response';

describe('flowResponse', () => {
  it('stringifies numbers and booleans, drops undefined and turns null into an empty string', () => {
    expect(
      flowResponse({
        status: 'OK',
        openTickets: 2,
        callerKnown: false,
        latestTicket: null,
        skipped: undefined,
      }),
    ).toEqual({ status: 'OK', openTickets: '2', callerKnown: 'false', latestTicket: '' });
  });

  it('returns only string values', () => {
    const response = flowResponse({ status: 'OK', a: 1.5, b: true, c: '문자' });
    for (const value of Object.values(response)) expect(typeof value).toBe('string');
  });

  it('refuses nested values at the type level and at run time', () => {
    // @ts-expect-error nested objects are not flow values
    expect(() => flowResponse({ status: 'OK', nested: { a: 1 } })).toThrow(FlowResponseError);
    // @ts-expect-error arrays are not flow values
    expect(() => flowResponse({ status: 'OK', list: ['a'] })).toThrow('must be a string, number or boolean');
  });

  it('refuses NaN and Infinity', () => {
    expect(() => flowResponse({ status: 'OK', n: Number.NaN })).toThrow('not a finite number');
    expect(() => flowResponse({ status: 'OK', n: Number.POSITIVE_INFINITY })).toThrow(FlowResponseError);
  });

  it('requires a non-empty status', () => {
    expect(() => flowResponse({ status: '' })).toThrow('non-empty status');
    // @ts-expect-error status is required
    expect(() => flowResponse({ other: 'x' })).toThrow(FlowResponseError);
  });

  it('refuses keys a flow cannot address', () => {
    expect(() => flowResponse({ status: 'OK', 'bad key': 'x' })).toThrow('key "bad key" is invalid');
    expect(() => flowResponse({ status: 'OK', $x: 'x' })).toThrow(FlowResponseError);
  });

  it('refuses a response over the size cap and accepts one just under it', () => {
    const overhead = Buffer.byteLength(JSON.stringify({ status: 'OK', big: '' }));
    const fits = 'a'.repeat(FLOW_RESPONSE_MAX_BYTES - overhead);
    expect(flowResponse({ status: 'OK', big: fits }).big).toHaveLength(fits.length);
    expect(() => flowResponse({ status: 'OK', big: `${fits}a` })).toThrow(/over 32000/);
    // Korean text counts in UTF-8 bytes (3 per syllable), not characters.
    expect(() => flowResponse({ status: 'OK', big: '가'.repeat(11_000) })).toThrow(FlowResponseError);
  });
});

describe('invalidInput', () => {
  it('answers status INVALID_INPUT with a bounded error text and extra fields', () => {
    const response = invalidInput('x'.repeat(500), { ticketNumber: '' });
    expect(response.status).toBe('INVALID_INPUT');
    expect([...(response.error ?? '')]).toHaveLength(200);
    expect(response.ticketNumber).toBe('');
  });

  it('cannot be overridden to another status by extra fields', () => {
    expect(invalidInput('bad', { status: 'OK' }).status).toBe('INVALID_INPUT');
  });
});

describe('truncateText', () => {
  it('keeps short text and cuts long text by code points with an ellipsis', () => {
    expect(truncateText('가나다', 3)).toBe('가나다');
    expect(truncateText('가나다라', 3)).toBe('가나…');
    expect(truncateText('𝐀𝐁𝐂𝐃', 3)).toBe('𝐀𝐁…');
  });
});
