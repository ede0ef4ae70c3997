import { describe, expect, it } from 'vitest';
import {
  forEachHangulStem,
  forEachToken,
  stripSuffixes,
  TOKEN_PART,
  TOKEN_SPAN,
  TOKEN_WORD,
  tokenize,
  typoVariants,
} from '#kb/tokenizer';

const bigrams = (tokens: string[]) => new Set(tokens.filter((token) => token.length === 2));

describe('Korean tokenizer', () => {
  it('gives a compound written without a space the same bigrams as the spaced form', () => {
    const joined = tokenize('과태료납부');
    const spaced = tokenize('과태료 납부');
    expect(bigrams(joined)).toEqual(bigrams(spaced));
    expect(spaced).toEqual(expect.arrayContaining(['과태료', '과태', '태료', '료납', '납부']));
  });

  it('strips particles so 과태료를 and 과태료는 index as 과태료', () => {
    expect(tokenize('과태료를')).toEqual(['과태료', '과태', '태료']);
    expect(tokenize('과태료는')).toEqual(tokenize('과태료'));
    expect(tokenize('물이')).toEqual(['물']);
  });

  it('strips verb endings after a noun (주차위반했는데요 → 주차위반)', () => {
    expect(stripSuffixes('주차위반했는데요')).toBe('주차위반');
    expect(stripSuffixes('신청하려고요')).toBe('신청');
    expect(tokenize('주차위반했는데요')).toEqual(['주차위반', '주차', '차위', '위반']);
  });

  it('does not cut nouns that end like a particle (도로, 상수도, 납부기한, 공시지가)', () => {
    expect(stripSuffixes('도로')).toBe('도로');
    expect(stripSuffixes('상수도')).toBe('상수도');
    expect(stripSuffixes('납부기한이')).toBe('납부기한');
    expect(stripSuffixes('개별공시지가를')).toBe('개별공시지가');
  });

  it('is insensitive to extra spaces and punctuation', () => {
    expect(tokenize('  과태료   납부 ')).toEqual(tokenize('과태료 납부'));
    expect(tokenize('과태료, 납부')).not.toContain('료납');
  });

  it('lower-cases Latin letters and separates digits and Hangul', () => {
    expect(tokenize('KTX역 3층 CCTV 2024년')).toEqual(['ktx', '역', '3', '층', 'cctv', '2024', '년']);
    expect(tokenize('ＣＣＴＶ')).toEqual(['cctv']);
  });

  it('drops filler words such as 어떻게 and 하나요', () => {
    expect(tokenize('여권 발급 어떻게 하나요?')).toEqual(['여권', '권발', '발급']);
  });

  it('tells whole words, pairs inside a word and pairs across a space apart', () => {
    const kinds: [string, number][] = [];
    forEachToken('과태료 납부 KTX', (token, kind) => kinds.push([token, kind]));
    expect(kinds).toEqual([
      ['과태료', TOKEN_WORD],
      ['과태', TOKEN_PART],
      ['태료', TOKEN_PART],
      ['료납', TOKEN_SPAN],
      ['납부', TOKEN_WORD],
      ['ktx', TOKEN_WORD],
    ]);
  });

  it('lists the stems of the Hangul words of a text, without stop words', () => {
    const stems: string[] = [];
    forEachHangulStem('혹시 재산세를 어떻게 내나요 KTX', (stem) => stems.push(stem));
    expect(stems).toEqual(['재산세', '내']);
  });
});

describe('typo variants', () => {
  it.each([
    ['제산세', '재산세'], // ㅔ/ㅐ sound alike
    ['전잎신고', '전입신고'], // final ㅍ/ㅂ pronounced alike
    ['레카', '렉카'], // a final consonant left out
    ['여궘', '여권'], // a final consonant typed wrong (ㅁ/ㄴ are neighbouring keys)
    ['가로둥', '가로등'], // ㅜ/ㅡ are neighbouring keys
    ['건출물대장', '건축물대장'], // final ㄹ/ㄱ are neighbouring keys
  ])('reaches %s → %s with one jamo changed', (typed, meant) => {
    expect(typoVariants(typed)).toContain(meant);
  });

  it('changes one syllable at a time and leaves other characters alone', () => {
    const variants = typoVariants('a과b');
    expect(variants.length).toBeGreaterThan(5);
    expect(variants.every((variant) => variant.startsWith('a') && variant.endsWith('b'))).toBe(true);
    expect(variants).not.toContain('a과b');
    expect(typoVariants('abc')).toEqual([]);
  });
});
