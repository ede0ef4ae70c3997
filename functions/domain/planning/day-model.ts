import * as z from 'zod';
import { CATEGORY_CODES, type CategoryCode } from '#domain/categories';
import { type Distribution, distributionMean, distributionSchema } from '#domain/planning/random';

/**
 * The day model: how a city's calls arrive and behave over a day, as data in the city config
 * (`dayModel`, infra/config/<city>.ts; README "Day model"). The staffing planner
 * (functions/domain/planning/plan.ts) and the day sampler (calls.ts) read it; a later day
 * simulation drives the real flows with the sampled calls. The category mix is not repeated here:
 * it is the config's `categories[].seedShare`.
 */

export const DAY_TYPES = ['weekday', 'saturday', 'sundayHoliday', 'dayAfterLongHoliday'] as const;
export type DayType = (typeof DAY_TYPES)[number];

/** Length of a planning interval (minutes); WFM tools and Connect's historical metrics use 30. */
export const INTERVAL_MINUTES = 30;

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const share = z.number().min(0).max(1);
const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const toHhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const halfHour = z
  .string()
  .regex(HH_MM, 'must be a 24-hour time HH:MM')
  .refine((value) => toMinutes(value) % INTERVAL_MINUTES === 0, 'must be on the hour or half hour');

export const dayTypeProfileSchema = z
  .object({
    /** Expected calls on such a day: the planner's default when `--calls` is not given. */
    calls: z.number().int().positive(),
    /** Start of the first 30-minute interval. */
    from: halfHour,
    /** Percent of the day's calls arriving in each 30-minute interval from `from`; sums to 100. */
    profile: z.array(z.number().nonnegative()).min(1).max(48),
  })
  .refine((p) => close(sum(p.profile), 100, 0.5), {
    message: 'profile must add up to 100 (percent of the day)',
    path: ['profile'],
  })
  .refine((p) => toMinutes(p.from) + p.profile.length * INTERVAL_MINUTES <= 24 * 60, {
    message: 'profile runs past midnight',
    path: ['profile'],
  });
export type DayTypeProfile = z.infer<typeof dayTypeProfileSchema>;

const handlingSchema = z.object({
  /** Talk time including hold, from answer to hang-up or transfer. */
  talk: distributionSchema,
  /** After-call work (wrap-up in the desk) before the counselor takes the next call. */
  afterCallWork: distributionSchema,
});
export type Handling = z.infer<typeof handlingSchema>;

const dispositionsSchema = z
  .object({ answered: share, transferred: share, ticket: share })
  .refine((d) => close(d.answered + d.transferred + d.ticket, 1, 0.001), {
    message: 'answered + transferred + ticket must add up to 1',
  });
export type Dispositions = z.infer<typeof dispositionsSchema>;

const shiftSchema = z
  .object({
    /** Kebab-case name shown in the plan (`full`, `half`). */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case id'),
    /** Paid working hours, a multiple of 0.5. */
    paidHours: z
      .number()
      .positive()
      .max(12)
      .refine((h) => Number.isInteger(h * 2), 'must be a multiple of 0.5'),
    /** An unpaid meal break inside the shift (the shift then spans paidHours + break). */
    lunch: z
      .object({
        minutes: z
          .number()
          .int()
          .positive()
          .refine((m) => m % INTERVAL_MINUTES === 0, 'must be a multiple of 30'),
        /** The break starts between these many hours after the shift starts (multiples of 0.5). */
        earliestAfterHours: z.number().nonnegative(),
        latestAfterHours: z.number().nonnegative(),
      })
      .refine((l) => l.latestAfterHours >= l.earliestAfterHours, {
        message: 'latestAfterHours must not be before earliestAfterHours',
        path: ['latestAfterHours'],
      })
      .optional(),
  })
  .refine((s) => !s.lunch || s.lunch.latestAfterHours < s.paidHours, {
    message: 'the lunch break must start before the paid hours are over',
    path: ['lunch', 'latestAfterHours'],
  });
export type ShiftType = z.infer<typeof shiftSchema>;

export const dayModelSchema = z.object({
  /** A weekday, Saturday, Sunday or public holiday, and the first working weekday after a long holiday. */
  dayTypes: z.object({
    weekday: dayTypeProfileSchema,
    saturday: dayTypeProfileSchema,
    sundayHoliday: dayTypeProfileSchema,
    dayAfterLongHoliday: dayTypeProfileSchema,
  }),
  /** A run of at least this many closed days (weekend + public holidays) makes the next weekday a "day after". */
  longHolidayMinDays: z.number().int().min(2).default(3),
  /**
   * Share of calls per entry point (the direct-dial KPI: the unified number's share). `category`
   * marks a number whose flow skips the menu and sets the category itself (바로콜 → report).
   */
  entryPoints: z
    .array(z.object({ id: z.string().min(1), share, category: z.enum(CATEGORY_CODES).optional() }))
    .min(1)
    .refine((e) => close(sum(e.map((x) => x.share)), 1, 0.001), 'entry-point shares must add up to 1'),
  /** What callers do in the inbound menu (docs/flows/README.md, "The phone menu"). */
  menu: z.object({
    /** Category keys exactly as the inbound flow maps them (`"3": "vehicle-traffic"` …). */
    keys: z.record(z.string().regex(/^[0-9]$/, 'must be one DTMF digit'), z.enum(CATEGORY_CODES)),
    ticketStatusKey: z.string().regex(/^[0-9]$/, 'must be one DTMF digit'),
    counselorKey: z.string().regex(/^[0-9]$/, 'must be one DTMF digit'),
    /** The category the flow records when the caller presses the counselor key or nothing. */
    defaultCategory: z.enum(CATEGORY_CODES),
    /** Share of callers (who hear the menu) choosing ticket status. */
    ticketStatusShare: share,
    /** Of those, the share who hear the status and hang up without a counselor (self-service). */
    ticketStatusSelfServedShare: share,
    /** Callers whose category has a key and who press it (the rest press 0 or nothing). */
    categoryKeyShare: share,
    /** Callers not pressing a category key who press the counselor key (the rest wait for the timeout). */
    counselorKeyShare: share,
    /** Callers whose first key is one the menu does not know (re-prompted). */
    wrongKeyShare: share,
  }),
  /** Handle time per category (seconds); `default` for categories not listed. */
  handling: z.object({
    default: handlingSchema,
    byCategory: z.partialRecord(z.enum(CATEGORY_CODES), handlingSchema).default({}),
  }),
  /** How long a caller waits in the counselor queue before hanging up (seconds). */
  patience: distributionSchema,
  /** How the counselor ends an answered call (the desk's disposition); `default` for categories not listed. */
  dispositions: z.object({
    default: dispositionsSchema,
    byCategory: z.partialRecord(z.enum(CATEGORY_CODES), dispositionsSchema).default({}),
  }),
  callbacks: z.object({
    /** Share of callers who accept the queued call-back when it is offered (connect.callbackOfferAfterSeconds). */
    acceptOfferShare: share,
    /** Share of callers who hung up in queue and call again the same day. */
    redialShare: share,
    /** Time from hanging up to calling again (seconds). */
    redialDelay: distributionSchema,
  }),
  /** How the planner rounds the requirement into shifts. */
  staffing: z.object({
    /** Share of scheduled time not on the phones beyond the lunch break (short breaks, coaching); 0–0.9. */
    shrinkage: z.number().min(0).max(0.9).default(0),
    /** Fewest counselors on the phones whenever the center is open. */
    minOnPhones: z.number().int().min(0).default(1),
    /** Shift patterns counselors work; starts are on the half hour within opening hours. */
    shifts: z.array(shiftSchema).min(1),
  }),
});
export type DayModelInput = z.input<typeof dayModelSchema>;
export type DayModel = z.output<typeof dayModelSchema>;

/** The slice of the city config the day model is checked against and combined with. */
export interface DayModelCity {
  entryPoints: readonly { id: string }[];
  categories: readonly { code: CategoryCode; seedShare: number }[];
  hours: { weekly: Partial<Record<string, { start: string; end: string }>> };
}

export interface DayModelIssue {
  path: (string | number)[];
  message: string;
}

const REPRESENTATIVE_DAYS: Record<DayType, readonly string[]> = {
  weekday: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
  dayAfterLongHoliday: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
  saturday: ['SATURDAY'],
  sundayHoliday: ['SUNDAY'],
};

/** Cross-checks of the day model against the rest of the city config (paths relative to `dayModel`). */
export const dayModelIssues = (model: DayModel, city: DayModelCity): DayModelIssue[] => {
  const issues: DayModelIssue[] = [];
  const entryIds = new Set(city.entryPoints.map((e) => e.id));
  const declared = new Set(city.categories.map((c) => c.code));
  const seen = new Set<string>();
  model.entryPoints.forEach((entry, i) => {
    if (!entryIds.has(entry.id))
      issues.push({
        path: ['entryPoints', i, 'id'],
        message: `entry point "${entry.id}" is not in entryPoints`,
      });
    if (seen.has(entry.id))
      issues.push({ path: ['entryPoints', i, 'id'], message: `duplicate entry point "${entry.id}"` });
    seen.add(entry.id);
  });
  const mix = categoryMix(city.categories);
  const forced = new Map<CategoryCode, number>();
  model.entryPoints.forEach((entry) => {
    if (entry.category) forced.set(entry.category, (forced.get(entry.category) ?? 0) + entry.share);
  });
  for (const [category, forcedShare] of forced) {
    if (!declared.has(category)) {
      issues.push({ path: ['entryPoints'], message: `category "${category}" is not in categories` });
    } else if (forcedShare > (mix.get(category) ?? 0) + 1e-9) {
      issues.push({
        path: ['entryPoints'],
        message: `entry points fixed to "${category}" take ${(forcedShare * 100).toFixed(1)}% of calls, more than its seedShare (${((mix.get(category) ?? 0) * 100).toFixed(1)}%)`,
      });
    }
  }
  for (const [key, category] of Object.entries(model.menu.keys)) {
    if (!declared.has(category))
      issues.push({ path: ['menu', 'keys', key], message: `category "${category}" is not in categories` });
    if (key === model.menu.ticketStatusKey || key === model.menu.counselorKey)
      issues.push({
        path: ['menu', 'keys', key],
        message: `key ${key} is already the ticket-status or counselor key`,
      });
  }
  if (!declared.has(model.menu.defaultCategory))
    issues.push({
      path: ['menu', 'defaultCategory'],
      message: `category "${model.menu.defaultCategory}" is not in categories`,
    });
  for (const section of ['handling', 'dispositions'] as const) {
    for (const category of Object.keys(model[section].byCategory)) {
      if (!declared.has(category as CategoryCode))
        issues.push({
          path: [section, 'byCategory', category],
          message: `category "${category}" is not in categories`,
        });
    }
  }
  for (const dayType of DAY_TYPES) {
    const profile = model.dayTypes[dayType];
    const start = toMinutes(profile.from);
    const end = start + profile.profile.length * INTERVAL_MINUTES;
    for (const day of REPRESENTATIVE_DAYS[dayType]) {
      const hours = city.hours.weekly[day];
      if (!hours) continue;
      if (toMinutes(hours.start) !== start || toMinutes(hours.end) !== end) {
        issues.push({
          path: ['dayTypes', dayType],
          message: `the profile covers ${profile.from}–${toHhmm(end)} but ${day} hours are ${hours.start}–${hours.end} (one share per 30 minutes of opening)`,
        });
        break;
      }
    }
  }
  return issues;
};

/** Category shares normalized to 1 (from `categories[].seedShare`). */
export const categoryMix = (
  categories: readonly { code: CategoryCode; seedShare: number }[],
): Map<CategoryCode, number> => {
  const total = sum(categories.map((c) => c.seedShare));
  if (!(total > 0)) throw new RangeError('categories: seedShare must not all be 0');
  return new Map(categories.map((c) => [c.code, c.seedShare / total]));
};

export const handlingOf = (model: DayModel, category: CategoryCode): Handling =>
  model.handling.byCategory[category] ?? model.handling.default;

export const dispositionsOf = (model: DayModel, category: CategoryCode): Dispositions =>
  model.dispositions.byCategory[category] ?? model.dispositions.default;

const meanHandle = (handling: Handling): number =>
  distributionMean(handling.talk) + distributionMean(handling.afterCallWork);

export interface CallMix {
  /** P(entry point, category) over all calls. */
  cells: { entryPoint: string; category: CategoryCode; share: number; hearsMenu: boolean }[];
  /** Share of calls that reach the counselor queue (all but ticket-status self-service). */
  counselorShare: number;
  /** Share of calls that hear the menu (entry points without a fixed category). */
  menuShare: number;
  /** Mean handle time (talk + after-call work) of calls that reach a counselor (seconds). */
  averageHandleSeconds: number;
  /** Expected disposition mix of answered calls. */
  dispositions: Dispositions;
  /** Share of all calls to the entry point `unified` (the direct-dial KPI). */
  unifiedShare: number;
  /** Share of counselor calls per category. */
  counselorCategories: Map<CategoryCode, number>;
}

/**
 * The joint mix of entry point and category that the sampler draws from, and what follows for the
 * counselors. Calls to an entry point with a fixed category have that category; the other entry
 * points share the rest of each category's seedShare, so that the day's category mix is the
 * seed's.
 */
export const callMix = (
  model: DayModel,
  categories: readonly { code: CategoryCode; seedShare: number }[],
): CallMix => {
  const mix = categoryMix(categories);
  const forced = new Map<CategoryCode, number>();
  let forcedTotal = 0;
  for (const entry of model.entryPoints) {
    if (!entry.category) continue;
    forced.set(entry.category, (forced.get(entry.category) ?? 0) + entry.share);
    forcedTotal += entry.share;
  }
  const freeTotal = 1 - forcedTotal;
  const cells: CallMix['cells'] = [];
  for (const entry of model.entryPoints) {
    if (entry.category) {
      cells.push({ entryPoint: entry.id, category: entry.category, share: entry.share, hearsMenu: false });
      continue;
    }
    for (const [category, categoryShare] of mix) {
      const rest = Math.max(0, categoryShare - (forced.get(category) ?? 0));
      const conditional = freeTotal > 0 ? rest / freeTotal : 0;
      if (conditional > 0)
        cells.push({ entryPoint: entry.id, category, share: entry.share * conditional, hearsMenu: true });
    }
  }
  const selfServed = model.menu.ticketStatusShare * model.menu.ticketStatusSelfServedShare;
  const counselorCategories = new Map<CategoryCode, number>();
  let counselorShare = 0;
  let menuShare = 0;
  for (const cell of cells) {
    const toCounselor = cell.share * (cell.hearsMenu ? 1 - selfServed : 1);
    if (cell.hearsMenu) menuShare += cell.share;
    counselorShare += toCounselor;
    counselorCategories.set(cell.category, (counselorCategories.get(cell.category) ?? 0) + toCounselor);
  }
  let averageHandleSeconds = 0;
  const dispositions = { answered: 0, transferred: 0, ticket: 0 };
  for (const [category, categoryShare] of counselorCategories) {
    const weight = counselorShare > 0 ? categoryShare / counselorShare : 0;
    counselorCategories.set(category, weight);
    averageHandleSeconds += weight * meanHandle(handlingOf(model, category));
    const d = dispositionsOf(model, category);
    dispositions.answered += weight * d.answered;
    dispositions.transferred += weight * d.transferred;
    dispositions.ticket += weight * d.ticket;
  }
  const unifiedShare = sum(model.entryPoints.filter((e) => e.id === 'unified').map((e) => e.share));
  return {
    cells,
    counselorShare,
    menuShare,
    averageHandleSeconds,
    dispositions,
    unifiedShare,
    counselorCategories,
  };
};

/** Mean patience (seconds): the Erlang A input (which assumes it is exponential). */
export const averagePatienceSeconds = (model: DayModel): number => distributionMean(model.patience);

export type { Distribution };
