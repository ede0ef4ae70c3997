import { describe, expect, it } from 'vitest';
import { createKbIndex } from '#kb/engine';
import { compileLexicon, DEFAULT_LEXICON_DATA } from '#kb/lexicon';

const lexicon = compileLexicon(DEFAULT_LEXICON_DATA);
const expands = (query: string) => [...lexicon.expand(query).keys()];

describe('civil-service lexicon', () => {
  it('has more than 100 colloquial entries', () => {
    expect(DEFAULT_LEXICON_DATA.expansions.length).toBeGreaterThan(100);
    expect(lexicon.size).toBeGreaterThan(300);
  });

  it.each([
    ['주차 딱지 떼였어요', ['과태료', '주정차위반']],
    ['차가 끌려갔어요', ['견인']],
    ['끌려가면 어디로 가요', ['견인']],
    ['차 뺏겼어요', ['견인']],
    ['땅값 알고 싶어요', ['공시지가']],
    ['물이 새요', ['누수']],
    ['물새는데요', ['누수']],
    ['쓰레기 버리는 날', ['배출요일']],
    ['차를 도둑맞았어요', ['도난']],
    ['아부지 차를 제가 타려면', ['아버지']],
    ['월급을 두 달째 못 받았어요', ['임금체불']],
    ['재산세 언제 내요', ['납부기간']],
  ])('expands %s', (query, expected) => {
    expect(expands(query)).toEqual(expect.arrayContaining(expected));
  });

  it('matches keys regardless of spacing', () => {
    expect(expands('쓰레기버리는날')).toEqual(expands('쓰레기 버리는 날'));
  });

  it('adds expanded terms with a lower weight than the words of the query', () => {
    const index = createKbIndex([]);
    const weights = index.analyze('딱지');
    expect(weights.get('딱지')).toBe(1);
    expect(weights.get('과태료')).toBeGreaterThan(0);
    expect(weights.get('과태료')).toBeLessThan(1);
  });

  it('finds an entry through a colloquial word that the entry never uses', () => {
    const entries = [
      {
        id: 'towing',
        category: 'vehicle-traffic' as const,
        title: '견인 차량 찾기',
        answer: '견인차량보관소에서 찾습니다.',
      },
      {
        id: 'bus',
        category: 'vehicle-traffic' as const,
        title: '시내버스 노선',
        answer: '버스정보시스템에서 확인합니다.',
      },
    ];
    expect(createKbIndex(entries).search('차가 끌려갔어요')[0]?.id).toBe('towing');
    expect(createKbIndex(entries, { lexicon: false }).search('차가 끌려갔어요')[0]?.id).not.toBe('towing');
  });
});
