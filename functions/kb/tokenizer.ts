/**
 * Korean-aware analyser for the knowledge base. The same function analyses entries and queries,
 * so that whatever it does to a word it does on both sides.
 *
 * - NFKC + lower case; Hangul syllable runs, Latin runs and digit runs are separate words
 *   (`KTX역` → `ktx`, `역`; `2024년` → `2024`, `년`).
 * - Hangul words lose trailing particles (조사) and common verb endings (`과태료를` → `과태료`,
 *   `주차위반했는데요` → `주차위반`), then emit the whole stem (3+ syllables) and its syllable
 *   bigrams. Adjacent words also emit the bigram across the space (`과태료 납부` → `료납`), so
 *   `과태료납부` and `과태료 납부` produce the same bigrams: spacing does not matter.
 * - Stop words (어떻게, 궁금, 알려주세요 …) produce nothing and break adjacency.
 */

const HANGUL_START = 0xac00;
const HANGUL_END = 0xd7a3;

/** Suffixes stripped from the end of a Hangul word, longest first. */
const SUFFIXES: readonly string[] = [
  // verb endings after a noun (하다/되다/있다 forms) and polite endings
  '해야하나요',
  '해야되나요',
  '하려는데요',
  '했었는데요',
  '되었는데요',
  '하려고하는데',
  '하고싶은데요',
  '하고싶어요',
  '하고싶은데',
  '했는데요',
  '하는데요',
  '되는데요',
  '됐는데요',
  '하려는데',
  '하려고요',
  '했었는데',
  '했습니다',
  '되었어요',
  '하는건가요',
  '해야돼요',
  '해야해요',
  '해야되요',
  '인가요',
  '있나요',
  '없나요',
  '되나요',
  '하나요',
  '했나요',
  '됐나요',
  '할까요',
  '될까요',
  '하려면',
  '하려고',
  '했는데',
  '하는데',
  '되는데',
  '됐는데',
  '했어요',
  '됐어요',
  '됩니다',
  '합니다',
  '입니다',
  '해주세요',
  '주세요',
  '하는지',
  '되는지',
  '인지요',
  '인데요',
  '이에요',
  '이예요',
  '예요',
  '하면요',
  '되면요',
  '해도',
  '해서',
  '해야',
  '하면',
  '되면',
  '하고',
  '하는',
  '되는',
  '해요',
  '돼요',
  '되요',
  '했고',
  '됐고',
  '했어',
  '됐어',
  '하게',
  '되게',
  '할때',
  '하기',
  '되기',
  '이라서',
  '라서',
  '이라고',
  '라고',
  '이라는',
  '라는',
  '인데',
  '인지',
  '는데요',
  '는데',
  '는지',
  '나요',
  '까요',
  '세요',
  '어요',
  '아요',
  '네요',
  '군요',
  '고요',
  '했',
  '됐',
  '하',
  '할',
  '한',
  '해',
  '돼',
  '된',
  '될',
  '함',
  '됨',
  // particles (조사)
  '에서부터',
  '으로부터',
  '에서는',
  '에게는',
  '으로는',
  '까지는',
  '부터는',
  '이랑은',
  '에서도',
  '에게서',
  '께서는',
  '이나요',
  '에서',
  '에게',
  '한테',
  '께서',
  '으로',
  '까지',
  '부터',
  '보다',
  '처럼',
  '마다',
  '이나',
  '이랑',
  '이요',
  '은요',
  '는요',
  '에는',
  '로는',
  '에도',
  '밖에',
  '이며',
  '이고',
  '이든',
  '든지',
  '라도',
  '이라도',
  '만큼',
  '대로',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '의',
  '도',
  '만',
  '로',
  '와',
  '랑',
  '요',
  '나',
].sort((a, b) => b.length - a.length);

/**
 * Nouns ending in a syllable that is also a particle or an ending (상수도, 도로, 납부기한 …): a cut
 * that would remove part of one of them at the end of a word is not made, so compounds such as
 * `개별공시지가` and `납부기한` stay whole.
 */
const PROTECTED_TAILS: readonly string[] = [
  '수도',
  '하수도',
  '제도',
  '정도',
  '한도',
  '지도',
  '속도',
  '보도',
  '인도',
  '차도',
  '용도',
  '온도',
  '경기도',
  '충청북도',
  '도로',
  '경로',
  '통로',
  '진로',
  '수로',
  '선로',
  '차로',
  '문의',
  '회의',
  '동의',
  '합의',
  '협의',
  '건의',
  '이의',
  '지가',
  '물가',
  '휴가',
  '허가',
  '추가',
  '평가',
  '단가',
  '원가',
  '대가',
  '증가',
  '국가',
  '필요',
  '중요',
  '기한',
  '제한',
  '권한',
  '상한',
  '하한',
  '시한',
  '피해',
  '손해',
  '재해',
  '수해',
  '방해',
  '침해',
  '공해',
  '수요',
  '마을',
  '가을',
  '오이',
  '종이',
  '길이',
  '높이',
  '넓이',
  '어린이',
  '고양이',
  '오토바이',
  '아이',
  '놀이',
  '나이',
  '미만',
  '불만',
  '이하',
  '전입',
];

/** Words that carry no meaning for search (after suffix stripping). */
const STOP_WORDS = new Set([
  '어떻게',
  '어떡',
  '어떡해',
  '어떡하',
  '어떤',
  '어디',
  '어디서',
  '어디로',
  '언제',
  '언제까지',
  '무엇',
  '뭐',
  '뭔',
  '뭔가',
  '뭐예요',
  '뭘',
  '왜',
  '좀',
  '제가',
  '저희',
  '저',
  '우리',
  '그냥',
  '혹시',
  '궁금',
  '궁금해',
  '궁금합니다',
  '궁금한데',
  '알려주',
  '알려줘',
  '알고',
  '알고싶',
  '싶어',
  '싶은데',
  '싶습니다',
  '문의',
  '문의드',
  '관련',
  '관련해서',
  '관해서',
  '대해',
  '대해서',
  '있는',
  '있어',
  '있는지',
  '그런데',
  '근데',
  '그리고',
  '지금',
  '이거',
  '그거',
  '저거',
  '네',
  '아',
  '그',
  '이',
  '것',
  '거',
  '건가',
  '안녕하세',
  '안녕하세요',
  '여보세요',
  '말씀',
  '이번',
  '다시',
  '하',
  '되',
  '돼',
  '해',
  '했',
  '할',
  '한',
  '된',
  '될',
  '있',
  '요',
  '수',
  '등',
  '및',
  '또는',
  '경우',
  '때',
  '가요',
  '나요',
  '하나',
  '건',
  '게',
  '데',
  '부탁',
  '부탁드립니다',
  '알려',
  '주세',
  '가능',
  '가능한가',
  '되나',
  '하나',
  '하는',
  '됩니',
  '합니',
  '있습니',
]);

/** NFKC, lower case. */
export const normalize = (text: string): string =>
  // NFKC only matters outside printable ASCII and precomposed Hangul: skip it when it cannot change anything.
  (NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text).toLowerCase();

const NEEDS_NFKC = /[^\t\n\r\u0020-\u007e\uac00-\ud7a3]/;

/** One-syllable particles that may be cut even when a single syllable remains. */
const SHORT_STEM_PARTICLES = new Set(['을', '를', '은', '는', '이', '에', '요']);

const NONE: readonly string[] = [];

const groupByLast = (words: readonly string[]): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  for (const word of words) {
    const last = word.charAt(word.length - 1);
    const list = map.get(last) ?? [];
    list.push(word);
    map.set(last, list);
  }
  return map;
};

const SUFFIXES_BY_LAST = groupByLast(SUFFIXES);
const TAILS_BY_LAST = groupByLast(PROTECTED_TAILS);

const cutsProtected = (stem: string, suffixLength: number, last: string): boolean => {
  for (const tail of TAILS_BY_LAST.get(last) ?? NONE) {
    if (suffixLength < tail.length && stem.endsWith(tail)) return true;
  }
  return false;
};

const stemCache = new Map<string, string>();

/** Strips trailing particles / endings (at most three rounds). */
export const stripSuffixes = (word: string): string => {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const stem = strip(word);
  if (stemCache.size >= 100_000) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
};

const strip = (word: string): string => {
  let stem = word;
  for (let round = 0; round < 3; round++) {
    let cut = false;
    const last = stem.charAt(stem.length - 1);
    for (const suffix of SUFFIXES_BY_LAST.get(last) ?? NONE) {
      if (stem.length <= suffix.length || !stem.endsWith(suffix)) continue;
      const rest = stem.length - suffix.length;
      // One-syllable suffixes are cut only from words that keep two syllables (도로 stays), except
      // the unambiguous particles (물이 → 물, 차를 → 차).
      if (rest < (suffix.length === 1 && !SHORT_STEM_PARTICLES.has(suffix) ? 2 : 1)) continue;
      if (cutsProtected(stem, suffix.length, last)) continue;
      stem = stem.slice(0, rest);
      cut = true;
      break;
    }
    if (!cut) break;
  }
  return stem;
};

export const isStopWord = (word: string): boolean => STOP_WORDS.has(word);

const onlySpaces = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return false;
  }
  return true;
};

/**
 * What a token is: a whole word (a stem, a word of one or two syllables, a Latin or digit run), a
 * syllable pair inside a longer stem, or the pair across a space between two words.
 */
export const TOKEN_WORD = 0;
export const TOKEN_PART = 1;
export const TOKEN_SPAN = 2;
export type TokenKind = typeof TOKEN_WORD | typeof TOKEN_PART | typeof TOKEN_SPAN;

type Emit = (token: string, kind: TokenKind) => void;

/** What a Hangul word contributes, computed once per distinct word (the hot path of a build). */
interface HangulWord {
  /** The stem (3+ syllables) and its syllable bigrams, or the one-syllable stem. */
  tokens: readonly string[];
  /** Char codes of the stem's first and last syllables (for the bigram across a space). */
  first: number;
  last: number;
}

/** `null`: a stop word (before or after suffix stripping). */
const wordCache = new Map<string, HangulWord | null>();

const analyzeHangulWord = (word: string): HangulWord | null => {
  const cached = wordCache.get(word);
  if (cached !== undefined) return cached;
  let result: HangulWord | null = null;
  if (!STOP_WORDS.has(word)) {
    const stem = stripSuffixes(word);
    if (!STOP_WORDS.has(stem)) {
      const tokens: string[] = [];
      if (stem.length === 1) tokens.push(stem);
      else {
        if (stem.length > 2) tokens.push(stem);
        for (let i = 0; i + 1 < stem.length; i++) tokens.push(stem.slice(i, i + 2));
      }
      result = { tokens, first: stem.charCodeAt(0), last: stem.charCodeAt(stem.length - 1) };
    }
  }
  if (wordCache.size >= 100_000) wordCache.clear();
  wordCache.set(word, result);
  return result;
};

/**
 * Bigrams across a space, by pair of syllables: the same string object every time. The key stays
 * a small integer (11,172 syllables squared < 2^30), which a Map hashes fastest.
 */
const pairCache = new Map<number, string>();
const SYLLABLES = HANGUL_END - HANGUL_START + 1;

const pair = (a: number, b: number): string => {
  const key = (a - HANGUL_START) * SYLLABLES + (b - HANGUL_START);
  let value = pairCache.get(key);
  if (value === undefined) {
    value = String.fromCharCode(a, b);
    if (pairCache.size >= 100_000) pairCache.clear();
    pairCache.set(key, value);
  }
  return value;
};

const OTHER = 0;
const SYLLABLE = 1;
const LATIN = 2;
const DIGIT = 3;

/** Word class of a (normalised, lower-case) char code. */
const classOf = (code: number): number =>
  code >= HANGUL_START && code <= HANGUL_END
    ? SYLLABLE
    : code >= 97 && code <= 122
      ? LATIN
      : code >= 48 && code <= 57
        ? DIGIT
        : OTHER;

/**
 * Calls `emit` for every token of `text` (with repetitions: term frequency matters) and its kind. A word is a
 * run of Hangul syllables, of Latin letters or of digits. Hangul words are analysed once and
 * cached, so a build emits the same string objects again and again (no slicing, and their hashes
 * are already computed when the index looks them up).
 */
export const forEachToken = (text: string, emit: Emit): void => {
  const source = normalize(text);
  const length = source.length;
  let previousEnd = -1;
  let previousStemLast = 0; // last syllable of the previous Hangul stem, 0 when not adjacent
  let i = 0;
  while (i < length) {
    const kind = classOf(source.charCodeAt(i));
    if (kind === OTHER) {
      i++;
      continue;
    }
    const start = i;
    do i++;
    while (i < length && classOf(source.charCodeAt(i)) === kind);
    const adjacent = previousEnd >= 0 && onlySpaces(source, previousEnd, start);
    previousEnd = i;
    const word = source.slice(start, i);
    if (kind !== SYLLABLE) {
      emit(word, TOKEN_WORD);
      previousStemLast = 0;
      continue;
    }
    const analysed = analyzeHangulWord(word);
    if (analysed === null) {
      previousStemLast = 0;
      continue;
    }
    if (adjacent && previousStemLast !== 0) emit(pair(previousStemLast, analysed.first), TOKEN_SPAN);
    const tokens = analysed.tokens;
    // The first token is the stem (or the only pair of a two-syllable word); the rest are its pairs.
    for (let t = 0; t < tokens.length; t++) emit(tokens[t] as string, t === 0 ? TOKEN_WORD : TOKEN_PART);
    previousStemLast = analysed.last;
  }
};

/** All tokens of `text`, in order, with repetitions. */
export const tokenize = (text: string): string[] => {
  const tokens: string[] = [];
  forEachToken(text, (token) => tokens.push(token));
  return tokens;
};

/** Text without anything but Hangul, Latin letters and digits (spacing-insensitive matching). */
export const compact = (text: string): string => normalize(text).replace(/[^\uac00-\ud7a3a-z0-9]+/g, '');

/**
 * Calls `emit` with the stem of every Hangul word of `text` that is not a stop word (the same
 * stems `forEachToken` derives its tokens from). The engine uses it to look up unknown words of a
 * query for typo variants.
 */
export const forEachHangulStem = (text: string, emit: (stem: string) => void): void => {
  const source = normalize(text);
  const length = source.length;
  let i = 0;
  while (i < length) {
    if (classOf(source.charCodeAt(i)) !== SYLLABLE) {
      i++;
      continue;
    }
    const start = i;
    do i++;
    while (i < length && classOf(source.charCodeAt(i)) === SYLLABLE);
    const word = source.slice(start, i);
    if (STOP_WORDS.has(word)) continue;
    const stem = stripSuffixes(word);
    if (!STOP_WORDS.has(stem)) emit(stem);
  }
};

// ---- typo variants ----------------------------------------------------------------------------
// A Hangul syllable is (initial, medial, final) jamo: code = 0xAC00 + (L * 21 + V) * 28 + T.
// Callers' typing errors are mostly one jamo off: a neighbouring key on the standard two-set
// (두벌식) keyboard (ㅂㅈㄷㄱㅅ / ㅁㄴㅇㄹㅎ / ㅋㅌㅊㅍ, ㅛㅕㅑㅐㅔ / ㅗㅓㅏㅣ / ㅠㅜㅡ), a vowel that sounds
// the same (ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅚ/ㅞ), a plain/tense/aspirated consonant pair, a final consonant that
// is pronounced alike (받침 ㄱ/ㅋ/ㄲ, ㄷ/ㅅ/ㅆ/ㅈ/ㅊ/ㅌ/ㅎ, ㅂ/ㅍ) or a final consonant missed or added.

const NO_INDEXES: readonly number[] = [];

/** Initial consonants in syllable-code order (index 0-18). */
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
/** Final consonants (index 0 = none). */
const FINALS = ' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';

/** Pairs of letters a caller confuses; each pair works both ways. */
const CONSONANT_CONFUSIONS = [
  // two-set keyboard neighbours (rows and the key below)
  'ㅂㅈ',
  'ㅈㄷ',
  'ㄷㄱ',
  'ㄱㅅ',
  'ㅁㄴ',
  'ㄴㅇ',
  'ㅇㄹ',
  'ㄹㅎ',
  'ㅋㅌ',
  'ㅌㅊ',
  'ㅊㅍ',
  'ㅂㅁ',
  'ㅈㄴ',
  'ㄷㅇ',
  'ㄱㄹ',
  'ㅅㅎ',
  'ㅁㅋ',
  'ㄴㅌ',
  'ㅇㅊ',
  'ㄹㅍ',
  // plain, tense and aspirated
  'ㄱㄲ',
  'ㄷㄸ',
  'ㅂㅃ',
  'ㅅㅆ',
  'ㅈㅉ',
  'ㄱㅋ',
  'ㄷㅌ',
  'ㅂㅍ',
  'ㅈㅊ',
];
const VOWEL_CONFUSIONS = [
  'ㅛㅕ',
  'ㅕㅑ',
  'ㅑㅐ',
  'ㅐㅔ',
  'ㅗㅓ',
  'ㅓㅏ',
  'ㅏㅣ',
  'ㅠㅜ',
  'ㅜㅡ',
  'ㅛㅗ',
  'ㅕㅓ',
  'ㅑㅏ',
  'ㅐㅣ',
  'ㅗㅜ',
  'ㅓㅜ',
  'ㅓㅡ',
  'ㅏㅡ',
  'ㅒㅖ',
  'ㅙㅚ',
  'ㅚㅞ',
  'ㅙㅞ',
  'ㅘㅏ',
  'ㅝㅓ',
  'ㅢㅡ',
  'ㅢㅣ',
];
/** Finals pronounced alike at the end of a syllable (a typed 받침 is often one of its group). */
const FINAL_GROUPS = ['ㄱㄲㅋㄳㄺ', 'ㄷㅅㅆㅈㅊㅌㅎ', 'ㅂㅍㅄㄼㄿ', 'ㄴㄵㄶ', 'ㄹㄽㄾㅀ', 'ㅁㄻ'];
/** Finals a caller may have added by mistake or left out (the frequent ones). */
const COMMON_FINALS = 'ㄱㄴㄹㅁㅂㅅㅇ';

const neighbours = (
  alphabet: string,
  pairs: readonly string[],
  groups: readonly string[] = [],
): number[][] => {
  const out = Array.from({ length: alphabet.length }, () => new Set<number>());
  const link = (a: string, b: string) => {
    const x = alphabet.indexOf(a);
    const y = alphabet.indexOf(b);
    if (x < 0 || y < 0 || x === y) return;
    out[x]?.add(y);
    out[y]?.add(x);
  };
  for (const pair of pairs) link(pair.charAt(0), pair.charAt(1));
  for (const group of groups) for (const a of group) for (const b of group) link(a, b);
  return out.map((set) => [...set]);
};

const INITIAL_NEIGHBOURS = neighbours(INITIALS, CONSONANT_CONFUSIONS);
const MEDIAL_NEIGHBOURS = neighbours(MEDIALS, VOWEL_CONFUSIONS);
const FINAL_NEIGHBOURS = neighbours(FINALS, CONSONANT_CONFUSIONS, FINAL_GROUPS);
const COMMON_FINAL_INDEXES = [...COMMON_FINALS].map((letter) => FINALS.indexOf(letter));

/**
 * Words one typing error away from `word` (one jamo of one syllable replaced, or a final
 * consonant dropped or added), for looking up an unknown query word in the index's vocabulary.
 * Non-Hangul characters are left as they are.
 */
export const typoVariants = (word: string): string[] => {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i) - HANGUL_START;
    if (code < 0 || code > HANGUL_END - HANGUL_START) continue;
    const l = Math.floor(code / 588);
    const v = Math.floor((code % 588) / 28);
    const t = code % 28;
    const put = (nl: number, nv: number, nt: number) => {
      out.push(
        word.slice(0, i) + String.fromCharCode(HANGUL_START + nl * 588 + nv * 28 + nt) + word.slice(i + 1),
      );
    };
    for (const nl of INITIAL_NEIGHBOURS[l] ?? NO_INDEXES) put(nl, v, t);
    for (const nv of MEDIAL_NEIGHBOURS[v] ?? NO_INDEXES) put(l, nv, t);
    if (t === 0) for (const nt of COMMON_FINAL_INDEXES) put(l, v, nt);
    else {
      put(l, v, 0);
      for (const nt of FINAL_NEIGHBOURS[t] ?? NO_INDEXES) put(l, v, nt);
    }
  }
  return out;
};
