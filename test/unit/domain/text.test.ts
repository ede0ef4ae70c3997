import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  checkText,
  DESCRIPTION_MAX,
  descriptionSchema,
  LOCATION_MAX,
  locationSchema,
  normaliseText,
} from '#domain/text';

const rule = { max: DESCRIPTION_MAX };

describe('checkText accepts', () => {
  it.each([
    ['상당구 용암동 가로등이 꺼져 있습니다.', 'Korean with punctuation'],
    ['Pothole near Gate 3, 2m wide (approx.)', 'Latin, digits, punctuation'],
    ["'; DROP TABLE tickets; --", 'an SQL injection string, as plain text'],
    ['<script>alert(1)</script> ${process.env}', 'markup and template syntax, as plain text'],
    ['淸州 市廳 ①②③ ※ ~ ₩1,000', 'Hanja and symbols'],
  ])('%s (%s)', (input) => {
    expect(checkText(input, rule)).toEqual({ ok: true, value: input });
  });

  it('normalises decomposed Hangul jamo to NFC syllables', () => {
    const decomposed = '가로등'.normalize('NFD');
    expect(decomposed).not.toBe('가로등');
    expect(checkText(decomposed, rule)).toEqual({ ok: true, value: '가로등' });
  });

  it('trims and collapses Unicode spaces (including the ideographic space)', () => {
    expect(checkText('  도로\u3000\u3000파손 \u00a0 신고  ', rule)).toEqual({
      ok: true,
      value: '도로 파손 신고',
    });
  });

  it('counts length in code points after normalisation, up to the limit exactly', () => {
    const exactly = '가'.repeat(DESCRIPTION_MAX);
    expect(checkText(exactly, rule).ok).toBe(true);
    expect(checkText('𝐀'.repeat(10), { max: 10 }).ok).toBe(true);
    expect(checkText('가'.normalize('NFD').repeat(DESCRIPTION_MAX), rule).ok).toBe(true);
  });

  it('allows empty text when not required', () => {
    expect(checkText('   ', { max: 10, required: false })).toEqual({ ok: true, value: '' });
  });
});

describe('checkText refuses', () => {
  it.each([
    ['line\nfeed', 'CONTROL_CHARACTER'],
    ['tab\there', 'CONTROL_CHARACTER'],
    ['nul\u0000byte', 'CONTROL_CHARACTER'],
    ['escape \u001b[31m red', 'CONTROL_CHARACTER'],
    ['C1 \u0085 next line', 'CONTROL_CHARACTER'],
    ['C1 \u009b csi', 'CONTROL_CHARACTER'],
    ['zero\u200bwidth', 'INVISIBLE_CHARACTER'],
    ['joiner\u200dhere', 'INVISIBLE_CHARACTER'],
    ['bidi \u202eoverride', 'INVISIBLE_CHARACTER'],
    ['isolate \u2066x\u2069', 'INVISIBLE_CHARACTER'],
    ['a\ufeffbom inside', 'INVISIBLE_CHARACTER'],
    ['soft\u00adhyphen', 'INVISIBLE_CHARACTER'],
    ['hangul\u3164filler', 'INVISIBLE_CHARACTER'],
    ['lone \ud800 high', 'LONE_SURROGATE'],
    ['lone \udc00 low', 'LONE_SURROGATE'],
    ['private \ue000 use', 'UNASSIGNED_CHARACTER'],
    ['noncharacter \uffff', 'UNASSIGNED_CHARACTER'],
    ['가로등 고장 💡', 'EMOJI'],
    ['flag 🇰🇷', 'EMOJI'],
    ['keycap 1\ufe0f\u20e3', 'EMOJI'],
    ['thumbs 👍🏽', 'EMOJI'],
    ['   ', 'EMPTY'],
    ['', 'EMPTY'],
  ])('%j with %s', (input, issue) => {
    expect(checkText(input, rule)).toEqual({ ok: false, issue });
  });

  it('one code point over the limit, and a 10 KB string, with TOO_LONG', () => {
    expect(checkText('가'.repeat(DESCRIPTION_MAX + 1), rule)).toEqual({ ok: false, issue: 'TOO_LONG' });
    expect(checkText('x'.repeat(10 * 1024), rule)).toEqual({ ok: false, issue: 'TOO_LONG' });
  });

  it('a leading byte-order mark is trimmed like whitespace, not refused', () => {
    expect(checkText('\ufeff안내', rule)).toEqual({ ok: true, value: '안내' });
  });

  it.each([[undefined], [null], [42], [{}], [['text']]])('non-string %j with NOT_STRING', (input) => {
    expect(checkText(input, rule)).toEqual({ ok: false, issue: 'NOT_STRING' });
  });
});

describe('normaliseText', () => {
  it('is idempotent', () => {
    const once = normaliseText('  a\u3000 b  '.normalize('NFD'));
    expect(normaliseText(once)).toBe(once);
  });
});

describe('zod schemas', () => {
  const intake = z.object({ description: descriptionSchema, location: locationSchema });

  it('output normalised text', () => {
    expect(intake.parse({ description: '  도로 파손  ', location: ' 상당로 55 ' })).toEqual({
      description: '도로 파손',
      location: '상당로 55',
    });
  });

  it('turn a missing, null or blank location into undefined', () => {
    expect(intake.parse({ description: 'x' }).location).toBeUndefined();
    expect(intake.parse({ description: 'x', location: null }).location).toBeUndefined();
    expect(intake.parse({ description: 'x', location: '  ' }).location).toBeUndefined();
  });

  it('report the text issue code and path without echoing the text', () => {
    const result = intake.safeParse({ description: 'call me 💡', location: 'y'.repeat(LOCATION_MAX + 1) });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['description', 'contains emoji'],
      ['location', 'is too long'],
    ]);
    expect(JSON.stringify(issues)).not.toContain('call me');
  });

  it('refuse a missing description', () => {
    expect(intake.safeParse({}).success).toBe(false);
  });
});
