import * as gazette from '@hyunbinseo/holidays-kr/all';
import KoreanLunarCalendar from 'korean-lunar-calendar';

/**
 * South Korea's public holidays (공휴일) for any year from 2014 to 2050. Pure and browser-safe: the
 * Lambdas, the CDK app, the simulator, the sandbox and a staffing planner all read this one module.
 *
 * Two sources, in this order:
 *
 * 1. **The gazette** — `@hyunbinseo/holidays-kr`, which transcribes the 월력요항 that the state
 *    publishes each year (KASI, now the 우주항공청). It has every holiday the government declared,
 *    one-off days included (election days, 임시공휴일). Its years are {@link GAZETTE_YEARS}; a
 *    package update adds the next year without a code change (the `y<year>` exports are read).
 * 2. **The rules** — for later years, computed from 관공서의 공휴일에 관한 규정 (대통령령) 제2조
 *    (which days are holidays) and 제3조 (대체공휴일), with the lunar dates of 설날, 부처님 오신 날
 *    and 추석 from `korean-lunar-calendar` (KASI tables, Korean time — the Chinese calendar can
 *    differ by a day, e.g. 설날 2027 is 02-07 in Korea and 02-06 in China). Every computed holiday
 *    is `provisional: true` until the gazette year confirms it; one-off days (elections, 임시공휴일)
 *    cannot be computed and are absent from computed years.
 *
 * The substitute-holiday rules (제3조, as amended 2013-11, 2021-08 and 2023-05; 제헌절 and 노동절
 * from 2026 as the 2026 and 2027 gazettes list them):
 * - 설날 전날·설날·설날 다음 날 and 추석 전날·추석·추석 다음 날: when one of them falls on a
 *   **Sunday** or on another holiday, the first non-holiday after it is a holiday (Saturday does
 *   not count);
 * - 3ㆍ1절, 광복절, 개천절, 한글날, 제헌절 (국경일), 어린이날, 부처님 오신 날, 기독탄신일, 노동절:
 *   when one falls on a **Saturday, a Sunday** or another holiday, the first non-holiday after it
 *   is a holiday;
 * - 1월 1일 and 현충일 get none.
 * "Non-holiday" is a weekday (Monday–Friday) that is no holiday and no substitute already given.
 * When two holidays share a date, one of them keeps the date and the other is substituted (the
 * gazette gives 2025-05-05 어린이날 + 부처님 오신 날 one substitute, 2025-05-06); a holiday without a
 * substitute rule keeps the date first, so the one with the rule is the one substituted.
 *
 * The cross-check test (test/unit/domain/holidays.test.ts) proves the rules reproduce every gazette
 * year exactly, one-off days aside, names included.
 */

export interface PublicHoliday {
  /** `YYYY-MM-DD`, Korean calendar date. */
  readonly date: string;
  /** The gazette's names for the date, e.g. `['설날']`, `['어린이날', '부처님 오신 날']`, `['대체공휴일(3ㆍ1절)']`. */
  readonly names: readonly string[];
  /** The holiday a 대체공휴일 substitutes for (`설날`, `추석`, `3ㆍ1절` …); absent on other days. */
  readonly substituteFor?: string;
  /** True when computed from the rules and not yet confirmed by a gazette year. */
  readonly provisional: boolean;
}

type GazetteYear = Readonly<Record<string, readonly string[]>>;

const GAZETTE: ReadonlyMap<number, GazetteYear> = new Map(
  Object.entries(gazette as Record<string, GazetteYear>).flatMap(([key, value]) => {
    const match = /^y(\d{4})$/.exec(key);
    return match ? [[Number(match[1]), value] as const] : [];
  }),
);

/** Years the gazette package lists, ascending. */
export const GAZETTE_YEARS: readonly number[] = [...GAZETTE.keys()].sort((a, b) => a - b);

/** The last date the gazette confirms (31 December of its last year); later holidays are computed. */
export const GAZETTE_CONFIRMED_TILL = `${GAZETTE_YEARS.at(-1) ?? 0}-12-31`;

/** Years the rules can compute: the 대체공휴일 system starts in 2014; the lunar tables end in 2050. */
export const FIRST_COMPUTABLE_YEAR = 2014;
export const LAST_COMPUTABLE_YEAR = 2050;

/** One-off days of the gazette that no rule produces: election days and 임시공휴일. */
export const isOneOffHolidayName = (name: string): boolean => /선거|임시공휴일/.test(name);

type SubstituteRule = 'saturday-or-sunday' | 'sunday' | 'none';

interface HolidayRule {
  readonly name: string;
  /** The name inside `대체공휴일(…)`. */
  readonly substituteLabel: string;
  readonly date: (year: number) => string;
  readonly substitute: SubstituteRule;
  /** First date the substitute rule applies to (the amendment's entry into force). */
  readonly substituteFrom?: string;
  /** First year the day is a holiday at all. */
  readonly fromYear?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;

/** `YYYY-MM-DD` plus `days` calendar days. */
export const addDays = (date: string, days: number): string => {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
};

/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

const lunarToSolar = (year: number, month: number, day: number): string => {
  const calendar = new KoreanLunarCalendar();
  if (!calendar.setLunarDate(year, month, day, false)) {
    throw new RangeError(`holidays: lunar ${year}-${month}-${day} is outside the lunar tables`);
  }
  const solar = calendar.getSolarCalendar();
  return isoDate(solar.year, solar.month, solar.day);
};

const solar =
  (month: number, day: number) =>
  (year: number): string =>
    isoDate(year, month, day);
const lunar =
  (month: number, day: number, offset = 0) =>
  (year: number): string =>
    addDays(lunarToSolar(year, month, day), offset);

/** From 2014-01-01 (2013-11-05 amendment): 설날, 추석, 어린이날. */
const SINCE_2014 = '2014-01-01';
/** 2021-08-04 amendment: the 국경일 (first substitute: 광복절 2021-08-16). */
const SINCE_2021_08 = '2021-08-04';
/** 2023-05-04 amendment: 부처님 오신 날 and 기독탄신일 (first substitute: 2023-05-29). */
const SINCE_2023_05 = '2023-05-04';

/**
 * The holidays of 제2조 in the order they keep a shared date: holidays without a substitute rule
 * first, then fixed solar dates, then lunar ones.
 */
const RULES: readonly HolidayRule[] = [
  { name: '1월 1일', substituteLabel: '1월 1일', date: solar(1, 1), substitute: 'none' },
  { name: '현충일', substituteLabel: '현충일', date: solar(6, 6), substitute: 'none' },
  {
    name: '3ㆍ1절',
    substituteLabel: '3ㆍ1절',
    date: solar(3, 1),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2021_08,
  },
  {
    name: '노동절',
    substituteLabel: '노동절',
    date: solar(5, 1),
    substitute: 'saturday-or-sunday',
    fromYear: 2026,
  },
  {
    name: '어린이날',
    substituteLabel: '어린이날',
    date: solar(5, 5),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2014,
  },
  {
    name: '제헌절',
    substituteLabel: '제헌절',
    date: solar(7, 17),
    substitute: 'saturday-or-sunday',
    fromYear: 2026,
  },
  {
    name: '광복절',
    substituteLabel: '광복절',
    date: solar(8, 15),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2021_08,
  },
  {
    name: '개천절',
    substituteLabel: '개천절',
    date: solar(10, 3),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2021_08,
  },
  {
    name: '한글날',
    substituteLabel: '한글날',
    date: solar(10, 9),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2021_08,
  },
  {
    name: '기독탄신일',
    substituteLabel: '기독탄신일',
    date: solar(12, 25),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2023_05,
  },
  {
    name: '설날 전날',
    substituteLabel: '설날',
    date: lunar(1, 1, -1),
    substitute: 'sunday',
    substituteFrom: SINCE_2014,
  },
  {
    name: '설날',
    substituteLabel: '설날',
    date: lunar(1, 1),
    substitute: 'sunday',
    substituteFrom: SINCE_2014,
  },
  {
    name: '설날 다음 날',
    substituteLabel: '설날',
    date: lunar(1, 1, 1),
    substitute: 'sunday',
    substituteFrom: SINCE_2014,
  },
  {
    name: '부처님 오신 날',
    substituteLabel: '부처님 오신 날',
    date: lunar(4, 8),
    substitute: 'saturday-or-sunday',
    substituteFrom: SINCE_2023_05,
  },
  {
    name: '추석 전날',
    substituteLabel: '추석',
    date: lunar(8, 15, -1),
    substitute: 'sunday',
    substituteFrom: SINCE_2014,
  },
  {
    name: '추석',
    substituteLabel: '추석',
    date: lunar(8, 15),
    substitute: 'sunday',
    substituteFrom: SINCE_2014,
  },
  {
    name: '추석 다음 날',
    substituteLabel: '추석',
    date: lunar(8, 15, 1),
    substitute: 'sunday',
    substituteFrom: SINCE_2014,
  },
];

const checkComputable = (year: number): void => {
  if (!Number.isInteger(year) || year < FIRST_COMPUTABLE_YEAR || year > LAST_COMPUTABLE_YEAR) {
    throw new RangeError(
      `holidays: ${year} is outside the computable years ${FIRST_COMPUTABLE_YEAR}–${LAST_COMPUTABLE_YEAR}`,
    );
  }
};

export interface ComputeOptions {
  /**
   * Declared one-off holidays of the year (date → names), e.g. an election day: they are holidays
   * that substitutes skip. The cross-check passes the gazette's one-off days here.
   */
  readonly oneOffs?: Readonly<Record<string, readonly string[]>>;
}

/** The year's holidays computed from the rules (all `provisional: true`), sorted by date. */
export const computeKoreanHolidays = (year: number, options: ComputeOptions = {}): PublicHoliday[] => {
  checkComputable(year);
  const byDate = new Map<string, HolidayRule[]>();
  for (const rule of RULES) {
    if (rule.fromYear !== undefined && year < rule.fromYear) continue;
    const date = rule.date(year);
    byDate.set(date, [...(byDate.get(date) ?? []), rule]);
  }
  const taken = new Set<string>([...byDate.keys(), ...Object.keys(options.oneOffs ?? {})]);
  const substitutes = new Map<string, string>();
  const isNonHoliday = (date: string): boolean => {
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6 && !taken.has(date);
  };
  const hasSubstitute = (rule: HolidayRule, date: string): boolean =>
    rule.substitute !== 'none' && (rule.substituteFrom === undefined || date >= rule.substituteFrom);
  for (const date of [...byDate.keys()].sort()) {
    const dow = dayOfWeek(date);
    // Stable sort: a holiday without a substitute keeps the shared date.
    const rules = [...(byDate.get(date) ?? [])].sort(
      (a, b) => Number(hasSubstitute(a, date)) - Number(hasSubstitute(b, date)),
    );
    rules.forEach((rule, index) => {
      if (!hasSubstitute(rule, date)) return;
      const weekend = rule.substitute === 'sunday' ? dow === 0 : dow === 0 || dow === 6;
      const overlapped = index > 0;
      if (!weekend && !overlapped) return;
      let substitute = addDays(date, 1);
      while (!isNonHoliday(substitute)) substitute = addDays(substitute, 1);
      taken.add(substitute);
      substitutes.set(substitute, rule.substituteLabel);
    });
  }
  const holidays: PublicHoliday[] = [
    ...[...byDate].map(([date, rules]) => ({
      date,
      names: rules.map((r) => r.name),
      provisional: true,
    })),
    ...[...substitutes].map(([date, label]) => ({
      date,
      names: [`대체공휴일(${label})`],
      substituteFor: label,
      provisional: true,
    })),
  ];
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
};

const SUBSTITUTE_NAME = /^대체공휴일\((.+)\)$/;

const fromGazette = (year: GazetteYear): PublicHoliday[] =>
  Object.entries(year)
    .map(([date, names]) => {
      const substituteFor = names.map((n) => SUBSTITUTE_NAME.exec(n)?.[1]).find((n) => n !== undefined);
      return {
        date,
        names: [...names],
        ...(substituteFor !== undefined && { substituteFor }),
        provisional: false,
      };
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

/** The gazette's list for `year`, or undefined when the package does not have the year yet. */
export const gazetteHolidays = (year: number): PublicHoliday[] | undefined => {
  const listed = GAZETTE.get(year);
  return listed ? fromGazette(listed) : undefined;
};

/**
 * The public holidays of `year`: the gazette's when it has the year, otherwise computed and
 * `provisional`. Throws RangeError for a year neither source covers.
 */
export const koreanPublicHolidays = (year: number): PublicHoliday[] =>
  gazetteHolidays(year) ?? computeKoreanHolidays(year);

/** The public holidays from `from` to `till` (inclusive, `YYYY-MM-DD`), sorted by date. */
export const koreanPublicHolidaysBetween = (from: string, till: string): PublicHoliday[] => {
  const first = Number(from.slice(0, 4));
  const last = Number(till.slice(0, 4));
  const holidays: PublicHoliday[] = [];
  for (let year = first; year <= last; year++) {
    holidays.push(...koreanPublicHolidays(year).filter((h) => h.date >= from && h.date <= till));
  }
  return holidays;
};

/** The holiday on `date` (`YYYY-MM-DD`), or undefined on an ordinary day. */
export const koreanPublicHolidayOn = (date: string): PublicHoliday | undefined =>
  koreanPublicHolidays(Number(date.slice(0, 4))).find((h) => h.date === date);
