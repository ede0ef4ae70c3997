import type { CategoryCode } from '#domain/categories';
import {
  dayTypeOf,
  type HoursSource,
  holidaysFromHours,
  type IsHoliday,
  openingHoursOn,
} from '#domain/planning/calendar';
import { dayIntervals } from '#domain/planning/calls';
import {
  averagePatienceSeconds,
  callMix,
  type DayModel,
  INTERVAL_MINUTES,
  toHhmm,
  toMinutes,
} from '#domain/planning/day-model';
import { erlangAMetrics, type QueueMetrics, requiredServers } from '#domain/planning/erlang';
import {
  type PlanInterval,
  type PlanShift,
  STAFFING_PLAN_KIND,
  type StaffingPlan,
} from '#domain/planning/plan-file';
import { coverRequirement } from '#domain/planning/shifts';

/**
 * The staffing planner: counselors needed per 30-minute interval of a date, rounded into shifts.
 *
 * 1. Day type from the date (holidays through an injectable predicate; default: the city's holiday
 *    calendar) and the opening hours on that date.
 * 2. Expected calls per interval from the day type's profile; the share that reaches the counselor
 *    queue and the mean handle time (talk + after-call work) from the day model's call mix.
 * 3. Per interval, the fewest counselors on the phones for which Erlang A (exponential patience
 *    with the model's mean) gives P(abandon) ≤ 1 − answer-rate target, and, when asked, the
 *    service level (share answered within t); never fewer than `staffing.minOnPhones` while open.
 *    Each interval is treated as in steady state (the usual stationary independent period-by-period
 *    approach of WFM tools); meeting the target in every interval meets it for the day.
 * 4. Counselors at work = on the phones / (1 − shrinkage), rounded up; shifts cover that
 *    (functions/domain/planning/shifts.ts); the scheduled counselors give the predicted figures.
 */

export interface PlanCity {
  id: string;
  timezone: string;
  hours: HoursSource;
  categories: readonly { code: CategoryCode; seedShare: number }[];
  dayModel: DayModel;
}

export interface PlanRequest {
  date: string;
  /** Calls in the day; default: the day type's `calls` in the day model. */
  calls?: number;
  /** Target answer rate, e.g. 0.988. */
  answerRate: number;
  /** Optional service-level target, e.g. { share: 0.8, seconds: 20 }. */
  serviceLevel?: { share: number; seconds: number };
  city: PlanCity;
  /** Public holidays; default: the city's holiday calendar (`city.hours.holidays`). */
  isHoliday?: IsHoliday;
}

const DEFAULT_SERVICE_LEVEL = { share: 0.8, seconds: 20 };
const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

export const planDay = (request: PlanRequest): StaffingPlan => {
  const { city, date } = request;
  const model = city.dayModel;
  if (!(request.answerRate > 0 && request.answerRate < 1))
    throw new PlanError(`answer rate must be between 0 and 1 (e.g. 0.988), got ${request.answerRate}`);
  const sl = request.serviceLevel;
  if (sl && (!(sl.share > 0 && sl.share < 1) || !(sl.seconds >= 0)))
    throw new PlanError('service level must be a share in (0, 1) and seconds ≥ 0, e.g. 0.8/20');
  const isHoliday = request.isHoliday ?? holidaysFromHours(city.hours);
  const verdict = dayTypeOf(date, isHoliday, model.longHolidayMinDays);
  const open = openingHoursOn(date, city.hours);
  if (!open) throw new PlanError(`${city.id} is closed on ${date}: nothing to plan`);
  const profile = model.dayTypes[verdict.dayType];
  const calls = request.calls ?? profile.calls;
  if (!Number.isInteger(calls) || calls < 0)
    throw new PlanError(`calls must be an integer ≥ 0, got ${calls}`);

  const notes: string[] = [];
  const { intervals: profileIntervals, clippedShare } = dayIntervals(profile, open);
  if (clippedShare > 0)
    notes.push(
      `${(clippedShare * 100).toFixed(1)}% of the ${verdict.dayType} profile falls outside today's hours ${open.start}–${open.end}; those calls are spread over the open intervals`,
    );
  const openStart = toMinutes(open.start);
  if (openStart % INTERVAL_MINUTES !== 0 || toMinutes(open.end) % INTERVAL_MINUTES !== 0)
    throw new PlanError(
      `opening hours ${open.start}–${open.end} on ${date} are not on the half hour; the planner works in 30-minute intervals`,
    );
  const slots = Math.floor((toMinutes(open.end) - openStart) / INTERVAL_MINUTES);
  const profileEnd = toMinutes(profile.from) + profile.profile.length * INTERVAL_MINUTES;
  if (openStart < toMinutes(profile.from) || toMinutes(open.end) > profileEnd)
    notes.push(
      `the ${verdict.dayType} profile covers ${profile.from}–${toHhmm(profileEnd)} but the center is open ${open.start}–${open.end}; no calls are expected outside the profile`,
    );
  const mix = callMix(model, city.categories);
  const aht = mix.averageHandleSeconds;
  const patience = averagePatienceSeconds(model);
  const shrinkage = model.staffing.shrinkage;
  const maxAbandon = 1 - request.answerRate;
  const share = new Array<number>(slots).fill(0);
  for (const interval of profileIntervals) {
    const slot = (interval.startMinute - openStart) / INTERVAL_MINUTES;
    if (slot >= 0 && slot < slots) share[slot] = interval.share;
  }

  const perSlot = share.map((s) => {
    const expectedCalls = calls * s;
    const offered = expectedCalls * mix.counselorShare;
    const lambda = offered / (INTERVAL_MINUTES * 60);
    const queue = {
      arrivalRatePerSecond: lambda,
      averageHandleSeconds: aht,
      averagePatienceSeconds: patience,
    };
    const required = Math.max(
      model.staffing.minOnPhones,
      requiredServers(
        queue,
        { maxAbandonProbability: maxAbandon, ...(sl ? { serviceLevel: sl } : {}) },
        'erlang-a',
      ).servers,
    );
    const erlangC = requiredServers(
      { arrivalRatePerSecond: lambda, averageHandleSeconds: aht },
      { serviceLevel: sl ?? DEFAULT_SERVICE_LEVEL },
      'erlang-c',
    ).servers;
    return {
      expectedCalls,
      offered,
      lambda,
      required,
      erlangC,
      staffNeeded: Math.ceil(required / (1 - shrinkage) - 1e-9),
    };
  });

  const cover = coverRequirement(
    perSlot.map((p) => p.staffNeeded),
    model.staffing.shifts,
    INTERVAL_MINUTES,
  );
  for (const gap of cover.uncovered)
    notes.push(
      `${toHhmm(openStart + gap.slot * INTERVAL_MINUTES)}: ${gap.missing} counselor(s) short — no shift type can start early or end late enough`,
    );

  const threshold = (sl ?? DEFAULT_SERVICE_LEVEL).seconds;
  let answered = 0;
  let abandoned = 0;
  let withinThreshold = 0;
  let waitSum = 0;
  const intervals: PlanInterval[] = perSlot.map((p, slot) => {
    const scheduled = cover.scheduled[slot] ?? 0;
    const onPhones = Math.floor(scheduled * (1 - shrinkage) + 1e-9);
    const metrics: QueueMetrics = erlangAMetrics({
      servers: onPhones,
      arrivalRatePerSecond: p.lambda,
      averageHandleSeconds: aht,
      averagePatienceSeconds: patience,
      answerWithinSeconds: threshold,
    });
    answered += p.offered * metrics.answerRate;
    abandoned += p.offered * metrics.abandonProbability;
    withinThreshold += p.offered * metrics.serviceLevel;
    waitSum += p.offered * metrics.averageWaitSeconds;
    const start = openStart + slot * INTERVAL_MINUTES;
    return {
      start: toHhmm(start),
      end: toHhmm(start + INTERVAL_MINUTES),
      calls: round(p.expectedCalls, 2),
      offered: round(p.offered, 2),
      load: round(p.lambda * aht, 3),
      required: p.required,
      staffNeeded: p.staffNeeded,
      scheduled,
      erlangCRequired: p.erlangC,
      predicted: {
        answerRate: round(metrics.answerRate),
        serviceLevel: round(metrics.serviceLevel),
        averageWaitSeconds: round(metrics.averageWaitSeconds, 1),
        occupancy: round(metrics.occupancy),
      },
    };
  });

  const shifts: PlanShift[] = cover.shifts.map((shift, i) => ({
    id: `s${String(i + 1).padStart(2, '0')}`,
    type: shift.type,
    start: toHhmm(openStart + shift.start * INTERVAL_MINUTES),
    end: toHhmm(openStart + shift.end * INTERVAL_MINUTES),
    breaks: shift.lunch
      ? [
          {
            start: toHhmm(openStart + shift.lunch.start * INTERVAL_MINUTES),
            end: toHhmm(openStart + shift.lunch.end * INTERVAL_MINUTES),
          },
        ]
      : [],
    paidHours: (shift.paidSlots * INTERVAL_MINUTES) / 60,
  }));
  const byShiftType: Record<string, number> = {};
  for (const type of model.staffing.shifts) byShiftType[type.id] = 0;
  for (const shift of shifts) byShiftType[shift.type] = (byShiftType[shift.type] ?? 0) + 1;
  const offered = perSlot.reduce((total, p) => total + p.offered, 0);
  const peak = intervals.reduce((best, interval) => (interval.required > best.required ? interval : best));
  const decided = answered + abandoned;
  return {
    kind: STAFFING_PLAN_KIND,
    version: 1,
    city: city.id,
    date,
    dayType: verdict.dayType,
    holiday: verdict.holiday,
    timezone: city.timezone,
    open,
    intervalMinutes: INTERVAL_MINUTES,
    inputs: {
      calls,
      answerRate: request.answerRate,
      serviceLevel: sl ?? null,
      model: 'erlang-a',
      averageHandleSeconds: round(aht, 1),
      averagePatienceSeconds: round(patience, 1),
      counselorShare: round(mix.counselorShare),
      shrinkage,
      minOnPhones: model.staffing.minOnPhones,
    },
    intervals,
    shifts,
    totals: {
      calls,
      offered: round(offered, 1),
      selfService: round(calls - offered, 1),
      answered: round(answered, 1),
      abandoned: round(abandoned, 1),
      answerRate: round(decided > 0 ? answered / decided : 1),
      serviceLevel: round(offered > 0 ? withinThreshold / offered : 1),
      averageWaitSeconds: round(offered > 0 ? waitSum / offered : 0, 1),
      firstContactResolution: round(mix.dispositions.answered),
      unifiedShare: round(mix.unifiedShare),
      reportsOpened: round(answered * mix.dispositions.ticket, 1),
      counselors: shifts.length,
      byShiftType,
      counselorHours: shifts.reduce((total, shift) => total + shift.paidHours, 0),
      requiredCounselorHours:
        (perSlot.reduce((total, p) => total + p.staffNeeded, 0) * INTERVAL_MINUTES) / 60,
      peakRequired: peak.required,
      peakInterval: peak.start,
    },
    notes,
  };
};
