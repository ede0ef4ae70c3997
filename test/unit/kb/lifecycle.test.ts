import { describe, expect, it } from 'vitest';
import { maskQuery, queryGaps } from '#functions/use-cases/kb-gaps';
import { DEFAULT_LEXICON_DATA } from '#kb/lexicon';
import { formatLexiconText, parseLexiconText } from '#kb/lexicon-text';
import {
  addMonths,
  changedKbFields,
  isReviewOverdue,
  KB_ACTIONS,
  KB_STATES,
  nextKbState,
} from '#kb/lifecycle';
import { decodeCursor, encodeCursor, InvalidCursorError } from '#kb/paging';

describe('상담DB entry lifecycle', () => {
  it('goes draft → review → published → retired, with reject back to draft', () => {
    expect(nextKbState('create', undefined)).toBe('draft');
    expect(nextKbState('submit', 'draft')).toBe('review');
    expect(nextKbState('reject', 'review')).toBe('draft');
    expect(nextKbState('publish', 'review')).toBe('published');
    expect(nextKbState('retire', 'published')).toBe('retired');
  });

  it('refuses publishing an unreviewed draft, retiring twice and submitting twice', () => {
    expect(nextKbState('publish', 'draft')).toBeUndefined();
    expect(nextKbState('publish', 'published')).toBeUndefined();
    expect(nextKbState('retire', 'retired')).toBeUndefined();
    expect(nextKbState('submit', 'review')).toBeUndefined();
    expect(nextKbState('create', 'draft')).toBeUndefined();
  });

  it('turns any existing entry into a draft on edit or restore, a retired one included', () => {
    for (const state of KB_STATES) {
      expect(nextKbState('edit', state)).toBe('draft');
      expect(nextKbState('restore', state)).toBe('draft');
    }
    expect(nextKbState('edit', undefined)).toBeUndefined();
    expect(KB_ACTIONS).toContain('import');
  });

  it('names the content fields that changed between versions', () => {
    const before = { id: 'a', category: 'tax' as const, title: '제목', answer: '답', keywords: ['x'] };
    expect(changedKbFields(before, { ...before, answer: '새 답', keywords: ['x'] })).toEqual(['answer']);
    expect(changedKbFields(before, { id: 'a', category: 'tax', title: '제목', answer: '답' })).toEqual([
      'keywords',
    ]);
    expect(changedKbFields(undefined, before)).toEqual(['answer', 'category', 'keywords', 'title']);
  });

  it('adds months to review dates, clamping to the month’s last day', () => {
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(isReviewOverdue('2026-01-01', '2026-01-02')).toBe(true);
    expect(isReviewOverdue('2026-01-02', '2026-01-02')).toBe(false);
    expect(isReviewOverdue(undefined, '2026-01-02')).toBe(false);
  });
});

describe('lexicon line format', () => {
  it('round-trips the built-in lexicon', () => {
    const text = formatLexiconText(DEFAULT_LEXICON_DATA);
    const { data, errors } = parseLexiconText(text);
    expect(errors).toEqual([]);
    expect(data.expansions).toEqual(DEFAULT_LEXICON_DATA.expansions);
    expect(data.synonyms).toEqual(DEFAULT_LEXICON_DATA.synonyms);
  });

  it('reads expansions, weights, synonyms and comments, and names each bad line', () => {
    const { data, errors } = parseLexiconText(
      [
        '# 주석',
        '딱지, 스티커 => 과태료 @0.5',
        '= 견인, 렉카',
        '',
        '화살표 없음',
        '=> 과태료',
        '= 하나',
        'a => b @2',
      ].join('\n'),
    );
    expect(data.expansions).toEqual([{ match: ['딱지', '스티커'], expand: ['과태료'], weight: 0.5 }]);
    expect(data.synonyms).toEqual([['견인', '렉카']]);
    expect(errors.map((error) => error.line)).toEqual([5, 6, 7, 8]);
  });
});

describe('page cursors', () => {
  it('round-trips a key and refuses forged or foreign ones', () => {
    const key = { id: 'vt-001', sk: 'HEAD', departmentId: 'water', stateKey: 'published#vt-001' };
    const cursor = encodeCursor(key);
    expect(decodeCursor(cursor, ['id', 'sk', 'departmentId', 'stateKey'])).toEqual(key);
    expect(() => decodeCursor(cursor, ['id', 'sk'])).toThrow(InvalidCursorError);
    expect(() => decodeCursor('not-base64-json', ['id'])).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor({ id: { S: 'x' } }), ['id'])).toThrow(InvalidCursorError);
    expect(decodeCursor(undefined, ['id'])).toBeUndefined();
  });
});

describe('search log and gaps', () => {
  it('masks phone numbers in logged queries and groups queries ignoring spacing', () => {
    const masked = maskQuery('  010-1234-5678 번호로 딱지 문자 ');
    expect(masked.query).not.toContain('1234-5678');
    expect(masked.key).toBe(maskQuery('010-1234-5678번호로 딱지문자').key);
  });

  it('lists frequent queries whose searches ended with no result used, most unanswered first', () => {
    const search = (query: string, used: string[], resultIds = ['a'], at = '2026-05-01T01:00:00Z') => ({
      searchId: `${query}-${Math.random()}`,
      at,
      query,
      queryKey: maskQuery(query).key,
      resultIds,
      opened: [],
      used,
    });
    const gaps = queryGaps(
      [
        search('전기차 충전', []),
        search('전기차충전', [], []),
        search('전기차 충전', [], [], '2026-05-02T01:00:00Z'),
        search('여권 발급', ['a']),
        search('여권 발급', ['a']),
        search('드론 신고', []),
        search('드론 신고', []),
        search('한 번만', []),
      ],
      2,
    );
    expect(gaps.map((gap) => [gap.query, gap.searches, gap.unanswered, gap.noResults])).toEqual([
      ['전기차 충전', 3, 3, 2],
      ['드론 신고', 2, 2, 0],
    ]);
  });
});
