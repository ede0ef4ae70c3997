import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeKoreanHolidays,
  dayOfWeek,
  FIRST_COMPUTABLE_YEAR,
  GAZETTE_CONFIRMED_TILL,
  GAZETTE_YEARS,
  gazetteHolidays,
  isOneOffHolidayName,
  koreanPublicHolidayOn,
  koreanPublicHolidays,
  koreanPublicHolidaysBetween,
  LAST_COMPUTABLE_YEAR,
  type PublicHoliday,
} from '#domain/holidays';

const line = (h: PublicHoliday): string => `${h.date} ${h.names.join('+')}`;

/** The gazette year without its one-off days (elections, 임시공휴일), and those days apart. */
const gazetteSplit = (year: number) => {
  const listed = gazetteHolidays(year) ?? [];
  const oneOffs = Object.fromEntries(
    listed.filter((h) => h.names.some(isOneOffHolidayName)).map((h) => [h.date, h.names]),
  );
  const regular = listed
    .map((h) => ({ ...h, names: h.names.filter((n) => !isOneOffHolidayName(n)) }))
    .filter((h) => h.names.length > 0);
  return { oneOffs, regular };
};

describe('the gazette (npm @hyunbinseo/holidays-kr)', () => {
  it('covers 2018 to 2027 at least, and its last year is the confirmed end', () => {
    expect(GAZETTE_YEARS.slice(0, 10)).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(GAZETTE_CONFIRMED_TILL).toBe(`${GAZETTE_YEARS.at(-1)}-12-31`);
  });

  it('lists 노동절 2027-05-01 and its substitute 2027-05-03, and 제헌절 with its substitute', () => {
    const y2027 = koreanPublicHolidays(2027).map(line);
    expect(y2027).toContain('2027-05-01 노동절');
    expect(y2027).toContain('2027-05-03 대체공휴일(노동절)');
    expect(y2027).toContain('2027-07-17 제헌절');
    expect(y2027).toContain('2027-07-19 대체공휴일(제헌절)');
    expect(koreanPublicHolidays(2027).every((h) => !h.provisional)).toBe(true);
  });

  it('marks 대체공휴일 with the holiday they substitute for', () => {
    expect(koreanPublicHolidayOn('2027-02-09')).toEqual({
      date: '2027-02-09',
      names: ['대체공휴일(설날)'],
      substituteFor: '설날',
      provisional: false,
    });
    expect(koreanPublicHolidayOn('2026-12-25')?.names).toEqual(['기독탄신일']);
    expect(koreanPublicHolidayOn('2026-12-24')).toBeUndefined();
  });
});

describe('computed holidays (관공서의 공휴일에 관한 규정 제2조·제3조, korean-lunar-calendar)', {
  timeout: 30_000,
}, () => {
  it.each(GAZETTE_YEARS.map((y) => [y]))(
    'reproduce the gazette year %i exactly, one-off days aside',
    (year) => {
      const { oneOffs, regular } = gazetteSplit(year);
      const computed = computeKoreanHolidays(year, { oneOffs });
      expect(computed.map(line)).toEqual(regular.map(line));
      expect(computed.map((h) => h.substituteFor)).toEqual(regular.map((h) => h.substituteFor));
    },
  );

  it('are provisional, and later years come from the rules: 설날 2028 is 01-26…28', () => {
    const y2028 = koreanPublicHolidays(2028);
    expect(y2028.every((h) => h.provisional)).toBe(true);
    expect(y2028.map(line)).toEqual(
      expect.arrayContaining(['2028-01-26 설날 전날', '2028-01-27 설날', '2028-01-28 설날 다음 날']),
    );
  });

  it('substitute 추석 when it shares 2028-10-03 with 개천절 (the first non-holiday after the block)', () => {
    const y2028 = koreanPublicHolidays(2028).map(line);
    expect(y2028).toContain('2028-10-03 개천절+추석');
    expect(y2028).toContain('2028-10-05 대체공휴일(추석)');
  });

  it('give 설날 no substitute for a Saturday but one for a Sunday', () => {
    // 2027: 설날 전날 is a Saturday, 설날 a Sunday → one substitute (Tuesday 02-09), as gazetted.
    const substitutes = computeKoreanHolidays(2027).filter((h) => h.substituteFor === '설날');
    expect(substitutes.map((h) => h.date)).toEqual(['2027-02-09']);
  });

  it('refuse years outside the rules and the lunar tables with a RangeError', () => {
    expect(() => computeKoreanHolidays(FIRST_COMPUTABLE_YEAR - 1)).toThrow(RangeError);
    expect(() => koreanPublicHolidays(LAST_COMPUTABLE_YEAR + 1)).toThrow(/outside the computable years/);
  });

  const computableYear = fc.integer({ min: FIRST_COMPUTABLE_YEAR, max: LAST_COMPUTABLE_YEAR });

  it('never put a substitute on a weekend or on another holiday (every computable year)', () => {
    fc.assert(
      fc.property(computableYear, (year) => {
        const holidays = computeKoreanHolidays(year);
        const regularDates = new Set(holidays.filter((h) => !h.substituteFor).map((h) => h.date));
        const dates = holidays.map((h) => h.date);
        expect(new Set(dates).size).toBe(dates.length);
        for (const h of holidays.filter((x) => x.substituteFor)) {
          expect([0, 6], h.date).not.toContain(dayOfWeek(h.date));
          expect(regularDates.has(h.date), h.date).toBe(false);
          expect(h.date.slice(0, 4)).toBe(String(year));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('give every weekend or shared date of a substitutable holiday exactly one substitute after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2024, max: LAST_COMPUTABLE_YEAR }), (year) => {
        const holidays = computeKoreanHolidays(year);
        const lost = holidays
          .filter((h) => !h.substituteFor)
          .flatMap((h) => {
            const dow = dayOfWeek(h.date);
            return h.names.flatMap((name, i) => {
              if (name === '1월 1일' || name === '현충일') return [];
              const lunarBlock = /설날|추석/.test(name);
              const weekend = lunarBlock ? dow === 0 : dow === 0 || dow === 6;
              return weekend || i > 0 ? [name] : [];
            });
          });
        const substitutes = holidays.filter((h) => h.substituteFor);
        expect(substitutes.length).toBe(lost.length);
      }),
      { numRuns: 30 },
    );
  });

  it('have every regular holiday of 제2조 in every year from 2026 (17 days, fewer when two share a date)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2026, max: LAST_COMPUTABLE_YEAR }), (year) => {
        const names = computeKoreanHolidays(year).flatMap((h) => (h.substituteFor ? [] : h.names));
        expect(names).toHaveLength(17);
        expect(new Set(names).size).toBe(17);
      }),
      { numRuns: 25 },
    );
  });
});

describe('koreanPublicHolidaysBetween', () => {
  it('joins gazette and computed years inside the range', () => {
    const holidays = koreanPublicHolidaysBetween('2027-12-01', '2028-01-31');
    expect(holidays.map(line)).toEqual([
      '2027-12-25 기독탄신일',
      '2027-12-27 대체공휴일(기독탄신일)',
      '2028-01-01 1월 1일',
      '2028-01-26 설날 전날',
      '2028-01-27 설날',
      '2028-01-28 설날 다음 날',
    ]);
    expect(holidays.map((h) => h.provisional)).toEqual([false, false, true, true, true, true]);
  });
});
