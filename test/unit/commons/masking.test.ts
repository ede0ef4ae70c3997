import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMaskingLogger, maskingJsonReplacer, maskPhone } from '#commons/masking';
import { logger, METRICS_NAMESPACE, SERVICE_NAME } from '#commons/powertools';
import { rawPhoneNumbersIn } from '#test/log-guard';
import { spelling } from '#test/phone-spellings';

/** Captures what a logger writes (Powertools writes JSON lines to stdout/stderr outside dev mode). */
const captureOutput = () => {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  vi.spyOn(console, 'info').mockImplementation((line: unknown) => void lines.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
  vi.spyOn(console, 'warn').mockImplementation((line: unknown) => void lines.push(String(line)));
  return lines;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('maskPhone (re-exported)', () => {
  it('masks a Korean mobile number for display', () => {
    expect(maskPhone('+821012345678')).toBe('010-****-5678');
  });
});

describe('maskingJsonReplacer', () => {
  it('masks phone numbers in strings, under phone keys and in numbers', () => {
    const json = JSON.stringify(
      {
        message: 'lookup for +821012345678',
        callerNumber: '+82 10 1234 5678',
        nested: { list: ['010-2222-3333'], Address: '+821044445555' },
        raw: 821066667777,
        count: 3,
        ticketNumber: '20270000123',
      },
      maskingJsonReplacer,
    );
    expect(json).not.toMatch(/1234|2222|4444|6666/);
    expect(JSON.parse(json)).toEqual({
      message: 'lookup for 010-****-5678',
      callerNumber: '010-****-5678',
      nested: { list: ['010-****-3333'], Address: '010-****-5555' },
      raw: '010-****-7777',
      count: 3,
      ticketNumber: '20270000123',
    });
  });
});

describe('masking logger', () => {
  it('never prints an unmasked caller number, in messages, attributes or errors', () => {
    const lines = captureOutput();
    const log = createMaskingLogger({ serviceName: 'test' });
    log.info('caller +821012345678 asked for status', { caller: { number: '+821012345678' } });
    log.error('failed', new Error('no ticket for 010-1234-5678'));
    log.warn('event', { Details: { ContactData: { CustomerEndpoint: { Address: '+821012345678' } } } });
    const output = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(output).toContain('010-****-5678');
    expect(output).not.toContain('+821012345678');
    expect(output).not.toContain('010-1234-5678');
    expect(output).not.toContain('12345678');
  });

  it('is the logger exported by the Powertools module, with the service name', () => {
    const lines = captureOutput();
    logger.info('hello from +821099998888');
    const entry = JSON.parse(lines.at(-1) ?? '{}');
    expect(entry.service).toBe(SERVICE_NAME);
    expect(entry.message).toBe('hello from 010-****-8888');
    expect(METRICS_NAMESPACE).toBe('Minwon365');
  });
});

describe('masking logger, structurally (fast-check)', () => {
  /** Any JSON-like value with phone spellings at random string leaves, keys included. */
  const withNumbers = fc.letrec((tie) => ({
    leaf: fc.oneof(
      spelling.map((s) => s.written),
      fc.tuple(fc.string(), spelling, fc.string()).map(([a, s, b]) => `${a}${s.written}${b}`),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    ),
    node: fc.oneof(
      { depthSize: 'small' },
      tie('leaf'),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom('caller', 'note', 'description', 'Address', 'text', 'x'), tie('node'), {
        maxKeys: 4,
      }),
    ),
  })).node;

  it('never prints a raw number, wherever in the message, attributes or error it is', () => {
    const lines = captureOutput();
    const log = createMaskingLogger({ serviceName: 'test' });
    fc.assert(
      fc.property(withNumbers, spelling, (attributes, inMessage) => {
        lines.length = 0;
        log.info(`call from ${inMessage.written}`, { attributes });
        log.error('failed', new Error(`no ticket for ${inMessage.written}`));
        expect(lines.length).toBeGreaterThanOrEqual(2);
        expect(rawPhoneNumbersIn(lines.join('\n'))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
