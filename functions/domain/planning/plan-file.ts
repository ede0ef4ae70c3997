import * as z from 'zod';
import { DAY_TYPES, INTERVAL_MINUTES, toMinutes } from '#domain/planning/day-model';

/**
 * The staffing plan file: what `npm run plan -- … --json` writes and what the day simulation
 * (`simulate:day --staffing plan.json`) and the planning view read. A stable interface
 * (README "Staffing plan file"): fields only grow; `version` changes if a field changes meaning.
 * Figures that also exist in `GET /api/stats/today` carry the same names (calls, answered,
 * abandoned, answerRate, firstContactResolution, unifiedShare, reportsOpened).
 */

export const STAFFING_PLAN_KIND = 'minwon365/staffing-plan';

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const hhmm = z.string().regex(HH_MM, 'must be a 24-hour time HH:MM');
const probability = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
const range = z.object({ start: hhmm, end: hhmm }).refine((r) => toMinutes(r.end) > toMinutes(r.start), {
  message: 'end must be after start',
  path: ['end'],
});

/** Predicted figures of an interval or the day under Erlang A with the scheduled counselors. */
const predictedSchema = z.object({
  answerRate: probability,
  /** Share of callers answered within the service-level threshold. */
  serviceLevel: probability,
  averageWaitSeconds: z.number().nonnegative(),
  occupancy: probability,
});

export const planIntervalSchema = z.object({
  start: hhmm,
  end: hhmm,
  /** Expected calls arriving in the interval (all entry points, before the menu). */
  calls: z.number().nonnegative(),
  /** Expected calls reaching the counselor queue. */
  offered: z.number().nonnegative(),
  /** Offered load (Erlangs): offered × mean handle time / interval. */
  load: z.number().nonnegative(),
  /** Counselors needed on the phones (Erlang A) to meet the targets. */
  required: count,
  /** Counselors needed at work (required / (1 − shrinkage), rounded up). */
  staffNeeded: count,
  /** Counselors at work in the shift plan (lunch breaks excluded). */
  scheduled: count,
  /** For comparison: Erlang C's answer for the service-level target (80/20 when none is set). */
  erlangCRequired: count,
  predicted: predictedSchema,
});
export type PlanInterval = z.infer<typeof planIntervalSchema>;

export const planShiftSchema = z.object({
  /** `s01`, `s02`, … in start order. */
  id: z.string().min(1),
  /** The shift type of the day model (`full`, `half`). */
  type: z.string().min(1),
  start: hhmm,
  end: hhmm,
  /** Unpaid breaks inside the shift (the lunch). */
  breaks: z.array(range),
  paidHours: z.number().positive(),
});
export type PlanShift = z.infer<typeof planShiftSchema>;

export const staffingPlanSchema = z
  .object({
    kind: z.literal(STAFFING_PLAN_KIND),
    version: z.literal(1),
    city: z.string().min(1),
    /** City-local date, `YYYY-MM-DD`. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
    dayType: z.enum(DAY_TYPES),
    /** True when the date is a public holiday. */
    holiday: z.boolean(),
    timezone: z.string().min(1),
    open: range,
    intervalMinutes: z.literal(INTERVAL_MINUTES),
    inputs: z.object({
      calls: count,
      /** Target answer rate: answered / (answered + abandoned). */
      answerRate: probability,
      serviceLevel: z.object({ share: probability, seconds: z.number().nonnegative() }).nullable(),
      model: z.literal('erlang-a'),
      averageHandleSeconds: z.number().positive(),
      averagePatienceSeconds: z.number().positive(),
      /** Share of calls that reach the counselor queue (the rest end in self-service). */
      counselorShare: probability,
      shrinkage: z.number().min(0).max(0.9),
      minOnPhones: count,
    }),
    intervals: z.array(planIntervalSchema).min(1),
    shifts: z.array(planShiftSchema),
    totals: z.object({
      calls: z.number().nonnegative(),
      /** Expected calls reaching the counselor queue. */
      offered: z.number().nonnegative(),
      selfService: z.number().nonnegative(),
      answered: z.number().nonnegative(),
      abandoned: z.number().nonnegative(),
      answerRate: probability,
      serviceLevel: probability,
      averageWaitSeconds: z.number().nonnegative(),
      firstContactResolution: probability,
      unifiedShare: probability,
      /** Expected tickets filed by counselors (disposition `ticket`). */
      reportsOpened: z.number().nonnegative(),
      /** Counselors (shifts) in the plan, and per shift type. */
      counselors: count,
      byShiftType: z.record(z.string(), count),
      /** Paid hours of all shifts. */
      counselorHours: z.number().nonnegative(),
      /** Σ staffNeeded × 30 min: the least any shift plan could pay. */
      requiredCounselorHours: z.number().nonnegative(),
      peakRequired: count,
      peakInterval: hhmm,
    }),
    /** Plain-English remarks (clipped profile, uncovered intervals, …). */
    notes: z.array(z.string()),
  })
  .superRefine((plan, ctx) => {
    const open = { start: toMinutes(plan.open.start), end: toMinutes(plan.open.end) };
    plan.shifts.forEach((shift, i) => {
      const start = toMinutes(shift.start);
      const end = toMinutes(shift.end);
      if (start < open.start || end > open.end || end <= start)
        ctx.addIssue({
          code: 'custom',
          path: ['shifts', i],
          message: 'shift must lie within the opening hours',
        });
      shift.breaks.forEach((b, j) => {
        if (toMinutes(b.start) < start || toMinutes(b.end) > end)
          ctx.addIssue({
            code: 'custom',
            path: ['shifts', i, 'breaks', j],
            message: 'break must lie within the shift',
          });
      });
    });
    plan.intervals.forEach((interval, i) => {
      const expected = open.start + i * INTERVAL_MINUTES;
      if (toMinutes(interval.start) !== expected || toMinutes(interval.end) !== expected + INTERVAL_MINUTES)
        ctx.addIssue({
          code: 'custom',
          path: ['intervals', i, 'start'],
          message: 'intervals must be consecutive 30-minute slots from the opening',
        });
    });
  });
export type StaffingPlan = z.infer<typeof staffingPlanSchema>;

/** A plan file that is not a valid staffing plan; `issues` are `path: message` lines. */
export class StaffingPlanError extends Error {
  override readonly name = 'StaffingPlanError';
  constructor(readonly issues: string[]) {
    super(`Invalid staffing plan:\n  ${issues.join('\n  ')}`);
  }
}

/** Validates a parsed plan file; throws StaffingPlanError naming every bad field. */
export const parseStaffingPlan = (input: unknown): StaffingPlan => {
  const result = staffingPlanSchema.safeParse(input);
  if (result.success) return result.data;
  throw new StaffingPlanError(
    result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
  );
};

/** Counselors at work (not on a break) at `minuteOfDay` (minutes after local midnight). */
export const counselorsAt = (shifts: readonly PlanShift[], minuteOfDay: number): number =>
  shifts.filter((shift) => {
    if (minuteOfDay < toMinutes(shift.start) || minuteOfDay >= toMinutes(shift.end)) return false;
    return !shift.breaks.some((b) => minuteOfDay >= toMinutes(b.start) && minuteOfDay < toMinutes(b.end));
  }).length;
