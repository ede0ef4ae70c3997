import { CATEGORY_NAMES_KO, type CategoryCode } from '#domain/categories';
import type { CityConfigInput } from '#infra/config/schema';

/**
 * Cheongju's 365 민원콜센터. Facts from the seed article and press reports (see the brief).
 * Values marked `sample: true` (or commented "sample") are illustrations the city must confirm.
 */

/** Holidays and substitute holidays keep the weekend hours. */
const HOLIDAY_HOURS = { start: '09:00', end: '18:00' } as const;
const holiday = (date: string, nameKo: string, substituteFor?: string) => ({
  date,
  nameKo,
  ...HOLIDAY_HOURS,
  ...(substituteFor ? { substituteFor } : {}),
});

/**
 * 2027 public holidays (관공서의 공휴일에 관한 규정 and 공휴일에 관한 법률).
 * Substitute-holiday rules: 설날/추석 → the next non-holiday when a day of the three overlaps a
 * Sunday or another holiday (Saturday does not count); 국경일, 어린이날, 부처님오신날, 기독탄신일 →
 * the next non-holiday when it falls on Saturday, Sunday or another holiday. 신정 and 현충일 get
 * no substitute. Lunar dates were converted with the Korean (UTC+9) calendar; weekdays checked.
 * Not included: 노동절 (5/1; a public-holiday bill was pending when this was written) and any
 * election day (none is scheduled for 2027). Confirm against KASI's 2027 월력요항 each year.
 */
const HOLIDAYS_2027 = [
  holiday('2027-01-01', '신정'), // Fri
  // 설날 = lunar 1/1 = 2027-02-07 (Sun): the new moon is 2027-02-06 15:56 UTC, i.e. 02-07 00:56 KST.
  holiday('2027-02-06', '설날 연휴'), // Sat, lunar 12/30
  holiday('2027-02-07', '설날'), // Sun, lunar 1/1
  holiday('2027-02-08', '설날 연휴'), // Mon, lunar 1/2
  holiday('2027-02-09', '대체공휴일', '설날'), // Tue: 설날 (02-07) fell on a Sunday
  holiday('2027-03-01', '삼일절'), // Mon
  holiday('2027-05-05', '어린이날'), // Wed
  holiday('2027-05-13', '부처님오신날'), // Thu, lunar 4/8 (lunar month 4 begins 2027-05-06)
  holiday('2027-06-06', '현충일'), // Sun; 현충일 has no substitute holiday
  // 제헌절 became a public holiday again by the January 2026 amendment (all 국경일 are holidays).
  holiday('2027-07-17', '제헌절'), // Sat
  holiday('2027-07-19', '대체공휴일', '제헌절'), // Mon
  holiday('2027-08-15', '광복절'), // Sun
  holiday('2027-08-16', '대체공휴일', '광복절'), // Mon
  // 추석 = lunar 8/15 = 2027-09-15 (Wed); lunar month 8 begins 2027-09-01 KST. No weekend overlap.
  holiday('2027-09-14', '추석 연휴'), // Tue
  holiday('2027-09-15', '추석'), // Wed
  holiday('2027-09-16', '추석 연휴'), // Thu
  holiday('2027-10-03', '개천절'), // Sun
  holiday('2027-10-04', '대체공휴일', '개천절'), // Mon
  holiday('2027-10-09', '한글날'), // Sat
  holiday('2027-10-11', '대체공휴일', '한글날'), // Mon (10-10 is a Sunday)
  holiday('2027-12-25', '기독탄신일'), // Sat
  holiday('2027-12-27', '대체공휴일', '기독탄신일'), // Mon (substitute applies since 2023)
];

/** Seed shares, May–Dec 2016 (the brief). */
const SEED_SHARES: Record<CategoryCode, number> = {
  'vehicle-traffic': 0.199,
  tax: 0.169,
  'urban-realestate': 0.123,
  'health-environment': 0.119,
  'civil-general': 0.088,
  'city-admin': 0.08,
  'welfare-culture': 0.071,
  water: 0.056,
  agriculture: 0.04,
  'living-complaints': 0.036,
  'economy-investment': 0.019,
};

/**
 * Dev claims one US toll-free number (Connect cannot claim Korean numbers without documents, and a
 * new instance's phone-number quota is small); the other entry points exist only in the simulator.
 * Prod uses numbers ported into Connect: the ARNs below are samples until porting completes.
 */
const portedArn = (id: string) =>
  ({
    type: 'existing',
    phoneNumberArn: `arn:aws:connect:ap-northeast-2:111122223333:phone-number/${id}`,
    sample: true,
  }) as const;

type EntryPointInput = CityConfigInput['entryPoints'][number];

const legacy = (id: string, nameKo: string, displayNumber: string, arnId: string): EntryPointInput => ({
  id,
  nameKo,
  displayNumber,
  number: `+82${displayNumber.replaceAll('-', '').slice(1)}`,
  sample: true,
  provisioning: { dev: { type: 'none' }, prod: portedArn(arnId) },
});

const config = {
  id: 'cheongju',
  name: { ko: '청주시', en: 'Cheongju' },
  timezone: 'Asia/Seoul',
  voice: { id: 'Seoyeon', engine: 'neural' },
  entryPoints: [
    {
      id: 'unified',
      nameKo: '통합민원콜센터',
      displayNumber: '043-201-0001',
      number: '+82432010001',
      sample: false,
      provisioning: {
        dev: { type: 'claim', countryCode: 'US', numberType: 'TOLL_FREE' },
        prod: portedArn('00000000-0000-4000-8000-000000000001'),
      },
    },
    // Sample numbers: the legacy representative numbers are not confirmed by the seed.
    legacy('cityhall', '청주시청 대표전화', '043-201-2114', '00000000-0000-4000-8000-000000000002'),
    legacy('sangdang', '상당구청', '043-201-4000', '00000000-0000-4000-8000-000000000003'),
    legacy('seowon', '서원구청', '043-201-5000', '00000000-0000-4000-8000-000000000004'),
    legacy('heungdeok', '흥덕구청', '043-201-6000', '00000000-0000-4000-8000-000000000005'),
    legacy('cheongwon', '청원구청', '043-201-7000', '00000000-0000-4000-8000-000000000006'),
    legacy('barocall', '바로콜 생활불편신고', '043-201-0120', '00000000-0000-4000-8000-000000000007'),
  ],
  hours: {
    weekly: {
      MONDAY: { start: '08:00', end: '20:00' },
      TUESDAY: { start: '08:00', end: '20:00' },
      WEDNESDAY: { start: '08:00', end: '20:00' },
      THURSDAY: { start: '08:00', end: '20:00' },
      FRIDAY: { start: '08:00', end: '20:00' },
      SATURDAY: { start: '09:00', end: '18:00' },
      SUNDAY: { start: '09:00', end: '18:00' },
    },
    overrides: HOLIDAYS_2027,
  },
  categories: (Object.keys(SEED_SHARES) as CategoryCode[]).map((code) => ({
    code,
    nameKo: CATEGORY_NAMES_KO[code],
    seedShare: SEED_SHARES[code],
  })),
  departments: [
    {
      id: 'traffic',
      nameKo: '교통정책과',
      categories: ['vehicle-traffic'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    {
      id: 'parking',
      nameKo: '차량등록·주차관리',
      // Owns no category: reached by explicit transfer for registration, towing and parking fines.
      categories: [],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    { id: 'tax', nameKo: '세정과', categories: ['tax'], slaHours: 72, transfer: { type: 'queue' } },
    {
      id: 'urban',
      nameKo: '도시정책과',
      categories: ['urban-realestate'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    {
      id: 'health',
      nameKo: '보건환경국',
      categories: ['health-environment'],
      slaHours: 48,
      transfer: { type: 'queue' },
    },
    {
      id: 'civil',
      nameKo: '민원과',
      categories: ['civil-general'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    {
      id: 'admin',
      nameKo: '기획행정실',
      categories: ['city-admin'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    {
      id: 'welfare',
      nameKo: '복지정책과',
      categories: ['welfare-culture'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    {
      id: 'water',
      nameKo: '상수도사업본부',
      categories: ['water'],
      slaHours: 24,
      // Sample number: the waterworks headquarters runs its own line for leaks and bills.
      transfer: { type: 'phone', number: '+82432013300', sample: true },
    },
    {
      id: 'agriculture',
      nameKo: '농업정책과',
      categories: ['agriculture'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
    {
      id: 'living',
      nameKo: '도로과(생활불편)',
      categories: ['living-complaints'],
      slaHours: 48,
      transfer: { type: 'queue' },
    },
    {
      id: 'economy',
      nameKo: '투자유치과',
      categories: ['economy-investment'],
      slaHours: 72,
      transfer: { type: 'queue' },
    },
  ],
  connect: {
    instance: {
      dev: { type: 'create', alias: 'minwon365-cheongju-dev' },
      prod: { type: 'create', alias: 'minwon365-cheongju' },
    },
    // About 25 counselors; beyond 60 waiting callers the flows offer a call-back instead.
    counselorQueueMaxContacts: 60,
    departmentQueueMaxContacts: 10,
    // Offer a call-back that keeps the caller's place after two minutes on hold.
    callbackOfferAfterSeconds: 120,
    contactTraceRecordRetentionDays: 7,
    // Caller ID of the queues that call citizens back. Dev has only a US toll-free number, which
    // cannot place international calls: dev call-backs cannot reach Korean phones (synth warns).
    outboundCallerId: { dev: null, prod: 'unified' },
  },
  stages: {
    dev: {
      region: 'ap-northeast-2',
      removalPolicy: 'destroy',
      logRetentionDays: 14,
      alarmEmail: 'minwon365-dev-alarms@example.com', // sample: set the team's address
      ticketRetentionDays: 30,
    },
    prod: {
      region: 'ap-northeast-2',
      removalPolicy: 'retain',
      logRetentionDays: 365,
      alarmEmail: 'minwon365-alarms@example.com', // sample: set the operations address
      ticketRetentionDays: 1827, // five years, then TTL removes the ticket
    },
  },
} satisfies CityConfigInput;

export default config;
