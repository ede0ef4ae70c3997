import type { PlanningConfig } from '#commons/planning-config';
import { dayTypeOf, holidaysFromHours, isCalendarDate, openingHoursOn } from '#domain/planning/calendar';
import { type DayFigures, dayFigures } from '#domain/planning/day-figures';
import type { DayModel, DayType, DayTypeProfile } from '#domain/planning/day-model';
import { counselorsFromShifts, DaySimulation, modelAdapter, setUpDay } from '#domain/planning/day-simulation';
import { PlanError, planDay } from '#domain/planning/plan';
import type { StaffingPlan } from '#domain/planning/plan-file';
import type { ArrivalRefit } from '#functions/use-cases/arrival-refit';

/**
 * The 계획 (planning) screen's logic, apart from its view (planning.tsx) so that it is tested
 * without a browser: the form checked with Korean messages, then the staffing plan (planDay:
 * Erlang A per 30 minutes, shifts) and the simulated day (DaySimulation with the model adapter: the
 * queue, patience, queued callbacks and redials, without the contact flows) on the counselors of
 * the plan's shifts. Everything runs in the browser on the day model from `GET /api/planning/model`;
 * the arrival profile may be replaced by the one refit from the Contacts table
 * (`GET /api/planning/arrivals`).
 */

export type { ArrivalRefit, PlanningConfig };

export const DAY_TYPE_LABELS: Record<DayType, string> = {
  weekday: '평일',
  saturday: '토요일',
  sundayHoliday: '일요일·공휴일',
  dayAfterLongHoliday: '연휴 다음 날',
};

/**
 * Seconds from a call's arrival to the counselor queue (greeting, recording notice, the menu): an
 * assumption of this view (the day simulation measures it through the real flows instead).
 */
export const IVR_SECONDS = 40;
/** The inbound flow's report key (2, 생활불편신고) queues with priority 2 (docs/flows/README.md). */
const PRIORITY_BY_CATEGORY = { 'living-complaints': 2 } as const;
export const DEFAULT_ANSWER_RATE_PERCENT = 98.8;
export const SIMULATION_SEED = 1;

export interface PlanForm {
  date: string;
  /** As typed; blank = the day model's (or the refit's) figure for the day type. */
  calls: string;
  /** Percent as typed, e.g. "98.8". */
  answerRate: string;
}

export interface FormIssue {
  field: keyof PlanForm;
  message: string;
}

export interface CheckedForm {
  date: string;
  calls: number | undefined;
  answerRate: number;
}

/** The form's values, or a Korean message per wrong field. */
export const checkForm = (
  form: PlanForm,
  config: PlanningConfig,
): { ok: true; value: CheckedForm } | { ok: false; issues: FormIssue[] } => {
  const issues: FormIssue[] = [];
  const date = form.date.trim();
  if (!isCalendarDate(date))
    issues.push({ field: 'date', message: '날짜를 YYYY-MM-DD 형식의 실제 날짜로 입력해 주세요.' });
  else if (!openingHoursOn(date, config.hours))
    issues.push({ field: 'date', message: `${date}은(는) 콜센터 휴무일이라 계획할 통화가 없습니다.` });
  const callsText = form.calls.trim().replace(/,/g, '');
  let calls: number | undefined;
  if (callsText !== '') {
    calls = Number(callsText);
    if (!/^\d+$/.test(callsText) || !Number.isSafeInteger(calls) || calls < 1 || calls > 100_000)
      issues.push({ field: 'calls', message: '예상 통화량은 1에서 100,000 사이의 정수로 입력해 주세요.' });
  }
  const rateText = form.answerRate.trim().replace(/%$/, '');
  const rate = Number(rateText);
  if (rateText === '' || !Number.isFinite(rate) || rate < 50 || rate >= 100)
    issues.push({
      field: 'answerRate',
      message: '목표 응답률은 50 이상 100 미만의 백분율로 입력해 주세요(예: 98.8).',
    });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { date, calls, answerRate: rate / 100 } };
};

/** The day model with the refit's profiles for the day types that had data (the others keep the model's). */
export const modelWithProfile = (model: DayModel, refit: ArrivalRefit | null): DayModel => {
  if (!refit) return model;
  const dayTypes = { ...model.dayTypes };
  for (const [type, fit] of Object.entries(refit.dayTypes) as [DayType, ArrivalRefit['dayTypes'][DayType]][])
    if (fit.profile) dayTypes[type] = fit.profile;
  return { ...model, dayTypes };
};

export interface DayInfo {
  dayType: DayType;
  holiday: boolean;
  open: { start: string; end: string } | undefined;
  /** The profile the plan uses for that day type, and where it comes from. */
  profile: DayTypeProfile;
  source: 'model' | 'refit';
}

/** What the date is (day type, hours) and which profile applies, for the form's hints. */
export const dayInfo = (config: PlanningConfig, date: string, refit: ArrivalRefit | null): DayInfo | null => {
  if (!isCalendarDate(date)) return null;
  const model = config.dayModel;
  const verdict = dayTypeOf(date, holidaysFromHours(config.hours), model.longHolidayMinDays);
  const fitted = refit?.dayTypes[verdict.dayType].profile ?? null;
  return {
    dayType: verdict.dayType,
    holiday: verdict.holiday,
    open: openingHoursOn(date, config.hours),
    profile: fitted ?? model.dayTypes[verdict.dayType],
    source: fitted ? 'refit' : 'model',
  };
};

export interface PlannedDay {
  plan: StaffingPlan;
  simulated: DayFigures;
  source: 'model' | 'refit';
}

/** Plans the day and simulates it on the plan's shifts; a PlanError/RangeError becomes a Korean message. */
export const planAndSimulate = async (
  config: PlanningConfig,
  form: CheckedForm,
  refit: ArrivalRefit | null,
): Promise<PlannedDay> => {
  const dayModel = modelWithProfile(config.dayModel, refit);
  const city = { ...config, id: config.city.id, dayModel };
  const info = dayInfo(config, form.date, refit);
  const plan = planDay({
    date: form.date,
    ...(form.calls !== undefined ? { calls: form.calls } : {}),
    answerRate: form.answerRate,
    city,
  });
  const day = setUpDay({
    date: form.date,
    calls: plan.inputs.calls,
    seed: SIMULATION_SEED,
    city,
  });
  const simulation = new DaySimulation({
    calls: day.calls,
    counselors: counselorsFromShifts(plan.shifts),
    adapter: modelAdapter({
      ivrSeconds: IVR_SECONDS,
      callbackOfferAfterSeconds: config.callbackOfferAfterSeconds,
      priorityByCategory: PRIORITY_BY_CATEGORY,
    }),
    seed: SIMULATION_SEED,
  });
  const contacts = await simulation.run();
  const simulated = dayFigures({
    contacts,
    spans: simulation.stateSpans(),
    intervalStarts: plan.intervals.map((i) => Number(i.start.slice(0, 2)) * 60 + Number(i.start.slice(3, 5))),
  });
  return { plan, simulated, source: info?.source ?? 'model' };
};

/** A planner error in Korean (the planner's own messages are English, for the CLI). */
export const planErrorKo = (error: unknown): string => {
  if (error instanceof PlanError || error instanceof RangeError)
    return `이 날짜는 계획할 수 없습니다: ${error.message}`;
  return '계획을 계산하지 못했습니다. 입력값을 확인한 뒤 다시 시도해 주세요.';
};

/** "98.8%" from 0.988. */
export const pct = (share: number, digits = 1): string => `${(share * 100).toFixed(digits)}%`;
