import { CATEGORY_NAMES_KO, type CategoryCode } from '#domain/categories';
import type { DayModelInput } from '#domain/planning/day-model';
import type { CityConfigInput } from '#infra/config/schema';

/**
 * Cheongju's 365 민원콜센터. Facts from the seed article and press reports (see the brief).
 * Values marked `sample: true` (or commented "sample") are illustrations the city must confirm.
 */

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

/**
 * The day model (README "Day model"): the seed's figures where it has them, the rest assumptions
 * to refit from the Contacts table and Connect's contact records once the center runs.
 * - Seed: 1,100 calls on a weekday (193,489 calls May–Dec 2016 over its ~175 weekdays), the
 *   category mix (`categories[].seedShare`), 54% dialing the unified number, 72.3% first-contact
 *   resolution, 12,385 reports a year (≈ 4.3% of ~290,000 calls).
 * - Assumed: the intraday curves (a typical Korean public-service line: morning peak 09–11, lunch
 *   dip, afternoon peak 14–16; 30-minute shares in percent), weekend and day-after volumes (a
 *   May–Dec 2016 calendar then totals ≈ 203,000 calls, 5% above the seed), how the legacy 46%
 *   split, menu behaviour, handle and after-call-work times, patience, call-back behaviour.
 */
/** Lognormal talk time (mean seconds, CV 0.7) and after-call work (mean seconds, CV 0.6). */
const handling = (talkMean: number, afterCallWorkMean = 40) =>
  ({
    talk: { type: 'lognormal', mean: talkMean, cv: 0.7 },
    afterCallWork: { type: 'lognormal', mean: afterCallWorkMean, cv: 0.6 },
  }) as const;

const DAY_MODEL = {
  dayTypes: {
    weekday: {
      calls: 1100,
      from: '08:00',
      // 08:00 … 19:30
      profile: [
        1.9, 2.8, 5.6, 6.6, 6.8, 6.4, 5.6, 4.7, 3.2, 3.0, 4.3, 5.3, 6.0, 6.2, 6.0, 5.6, 4.9, 4.1, 3.4, 2.6,
        1.7, 1.3, 1.0, 1.0,
      ],
    },
    saturday: {
      calls: 250,
      from: '09:00',
      // 09:00 … 17:30
      profile: [5.0, 6.6, 7.4, 8.0, 7.8, 6.8, 5.2, 4.8, 5.4, 5.8, 6.2, 5.9, 5.6, 5.1, 4.5, 3.9, 3.3, 2.7],
    },
    sundayHoliday: {
      calls: 180,
      from: '09:00',
      profile: [4.4, 5.8, 6.8, 7.8, 7.8, 7.2, 5.6, 5.2, 5.6, 6.0, 6.4, 6.3, 5.7, 5.2, 4.6, 4.0, 3.3, 2.3],
    },
    dayAfterLongHoliday: {
      // The backlog of a long holiday (설날, 추석, a three-day weekend) arrives in the morning.
      calls: 1500,
      from: '08:00',
      profile: [
        2.4, 3.8, 7.0, 8.1, 7.9, 6.9, 5.9, 4.8, 3.1, 2.9, 4.0, 4.9, 5.4, 5.5, 5.3, 4.9, 4.3, 3.6, 3.0, 2.3,
        1.5, 1.1, 0.8, 0.6,
      ],
    },
  },
  longHolidayMinDays: 3,
  entryPoints: [
    { id: 'unified', share: 0.54 }, // seed: 54% by December 2016
    { id: 'cityhall', share: 0.21 },
    { id: 'sangdang', share: 0.055 },
    { id: 'seowon', share: 0.055 },
    { id: 'heungdeok', share: 0.06 },
    { id: 'cheongwon', share: 0.05 },
    // 바로콜 skips the menu: its callers report living inconveniences.
    { id: 'barocall', share: 0.03, category: 'living-complaints' },
  ],
  menu: {
    // As contact-flows/inbound.json maps them (a test keeps the two in step).
    keys: {
      '2': 'living-complaints',
      '3': 'vehicle-traffic',
      '4': 'tax',
      '5': 'water',
      '6': 'welfare-culture',
      '7': 'urban-realestate',
      '8': 'health-environment',
    },
    ticketStatusKey: '1',
    counselorKey: '0',
    defaultCategory: 'civil-general',
    ticketStatusShare: 0.05,
    ticketStatusSelfServedShare: 0.6,
    categoryKeyShare: 0.7,
    counselorKeyShare: 0.8,
    wrongKeyShare: 0.02,
  },
  handling: {
    default: handling(180),
    byCategory: {
      'vehicle-traffic': handling(170),
      tax: handling(210),
      'urban-realestate': handling(230),
      'health-environment': handling(190),
      'civil-general': handling(150),
      'city-admin': handling(140),
      'welfare-culture': handling(200),
      water: handling(170),
      agriculture: handling(190),
      // Filing a report takes longer: location, description, the ticket number read back.
      'living-complaints': handling(240, 70),
      'economy-investment': handling(200),
    },
  },
  // Erlang A assumes exponential patience; the mean is the planner's input.
  patience: { type: 'exponential', mean: 180 },
  dispositions: {
    // With living-complaints below, the answered mix is 72.3% answered / 23.4% transferred / 4.3% ticket.
    default: { answered: 0.746, transferred: 0.241, ticket: 0.013 },
    byCategory: { 'living-complaints': { answered: 0.1, transferred: 0.05, ticket: 0.85 } },
  },
  callbacks: {
    acceptOfferShare: 0.3,
    redialShare: 0.5,
    redialDelay: { type: 'exponential', mean: 900 },
  },
  staffing: {
    shrinkage: 0,
    minOnPhones: 2,
    shifts: [
      // 8 paid hours in a 9-hour span with a 1-hour lunch starting 3–5 hours in (e.g. 09:00–18:00, lunch 12:00).
      { id: 'full', paidHours: 8, lunch: { minutes: 60, earliestAfterHours: 3, latestAfterHours: 5 } },
      { id: 'half', paidHours: 4 },
    ],
  },
} satisfies DayModelInput;

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
    // Public holidays (gazette, then computed) keep the weekend hours: generated for the rolling
    // window at synth (functions/domain/holidays-schedule.ts), not listed here.
    holidays: { calendar: 'KR', hours: 'SUNDAY' },
    overrides: [
      // 제23대 국회의원선거: the first Wednesday on or after 50 days before the 22nd Assembly's term
      // ends (2028-05-29), 공직선거법 제34조 — 2028-04-12. Election days are public holidays the rules
      // cannot compute; remove this once the 2028 gazette (npm @hyunbinseo/holidays-kr) lists it.
      { date: '2028-04-12', nameKo: '제23대 국회의원선거', start: '09:00', end: '18:00' },
    ],
  },
  categories: (Object.keys(SEED_SHARES) as CategoryCode[]).map((code) => ({
    code,
    nameKo: CATEGORY_NAMES_KO[code],
    seedShare: SEED_SHARES[code],
  })),
  dayModel: DAY_MODEL,
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
  sla: { warnHours: 24, checkEveryMinutes: 15, overdueAlarmThreshold: 1 },
  // 처리 결과 문자 안내. Sample identity until the city's Korean sender registration is approved
  // (README, "Citizen SMS"); dev only logs what it would send.
  sms: {
    originationIdentity:
      'arn:aws:sms-voice:ap-northeast-2:000000000000:pool/pool-0000000000000000000000000000000a',
    modes: { dev: 'off', prod: 'send' },
    sample: true,
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
