import { describe, expect, it } from 'vitest';
import { parseKbJsonl } from '#kb/jsonl';

const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, category: 'tax', title: '자동차세', answer: '6월과 12월에 냅니다.', ...extra });

describe('KB JSON Lines parsing', () => {
  it('accepts valid entries, skips blank lines and keeps unknown fields', () => {
    const result = parseKbJsonl(
      `${good('a', { source: 'x' })}\n\n${good('b', { updatedAt: '2025-02-28' })}\n`,
    );
    expect(result.errors).toEqual([]);
    expect(result.entries.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(result.entries[0]).toMatchObject({ source: 'x' });
  });

  it('reports every bad line with its 1-based line number', () => {
    const text = [
      good('a'),
      '{not json',
      good('b', { category: 'parking' }),
      JSON.stringify({ id: 'c', category: 'tax', title: '제목' }),
      good('a'),
      good('d', { updatedAt: '2025-02-30' }),
      good('__meta__'),
    ].join('\n');
    const { errors, entries } = parseKbJsonl(text);
    expect(entries.map((entry) => entry.id)).toEqual(['a']);
    expect(errors.map((error) => error.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors[0]?.message).toMatch(/invalid JSON/);
    expect(errors[1]?.message).toMatch(/^category:/);
    expect(errors[2]?.message).toMatch(/^answer:/);
    expect(errors[3]?.message).toBe('duplicate id "a" (first on line 1)');
    expect(errors[4]?.message).toMatch(/updatedAt/);
    expect(errors[5]?.message).toMatch(/reserved/);
  });
});
