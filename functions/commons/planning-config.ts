import * as z from 'zod';
import { CATEGORY_CODES } from '#domain/categories';
import { WEEKDAYS } from '#domain/holidays-schedule';
import { dayModelSchema } from '#domain/planning/day-model';
import { isValidTimeZone } from '#domain/time';
import { RuntimeConfigError } from './runtime-config';

/**
 * The planning slice of the city config: what the desk's 계획 (planning) view and the arrival refit
 * need beyond `CITY_CONFIG` — the day model, the hours policy (holiday calendar, weekly hours,
 * manual overrides: day types and opening hours, functions/domain/planning/calendar.ts), the
 * categories' seed shares (the call mix) and the queued-callback offer interval (the in-browser
 * queue model). The CDK app maps the city config to it (infra/config/planning.ts) and parses the
 * result with this schema, so a slice the API would refuse fails at synth.
 *
 * Delivery: NOT an environment variable. Lambda allows 4 KB of environment variables per function
 * in all (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html: "The total size
 * of all environment variables doesn't exceed 4 KB"), the day model alone is about 3.2 KB and the
 * API's `CITY_CONFIG` already takes most of the rest. The project function construct replaces the
 * expression `process.env.PLANNING_MODEL` in the bundle at build time with the JSON text (esbuild
 * `define`, NodejsFunction `bundling.define`: infra/constructs/project-function.ts), so the value
 * lives in the code package. The sandbox and the tests, which run the handler unbundled, set the
 * real environment variable from the same mapping. A city without a `dayModel` gets no value, and
 * the planning routes answer 409 `no-day-model`.
 */

export const PLANNING_MODEL_VARIABLE = 'PLANNING_MODEL';

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const hhmm = z.string().regex(HH_MM, 'must be a 24-hour time HH:MM');
const timeRange = z.object({ start: hhmm, end: hhmm });
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The hours policy as functions/domain/holidays-schedule.ts reads it (the config validated the rest at synth). */
const hoursSchema = z.object({
  weekly: z.partialRecord(z.enum(WEEKDAYS), timeRange),
  holidays: z.object({
    calendar: z.enum(['KR', 'none']),
    hours: z.union([z.enum(WEEKDAYS), timeRange, z.literal('closed')]),
  }),
  overrides: z.array(
    z.object({
      date: z.string().regex(ISO_DATE, 'must be YYYY-MM-DD'),
      nameKo: z.string().min(1),
      closed: z.boolean().optional(),
      start: hhmm.optional(),
      end: hhmm.optional(),
    }),
  ),
});

export const planningConfigSchema = z.object({
  city: z.object({ id: z.string().min(1), ko: z.string().min(1) }),
  timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Seoul'),
  hours: hoursSchema,
  categories: z
    .array(
      z.object({ code: z.enum(CATEGORY_CODES), nameKo: z.string().min(1), seedShare: z.number().min(0) }),
    )
    .min(1),
  /** connect.callbackOfferAfterSeconds: when the customer queue flow offers a queued callback. */
  callbackOfferAfterSeconds: z.number().int().positive(),
  dayModel: dayModelSchema,
});

export type PlanningConfigInput = z.input<typeof planningConfigSchema>;
export type PlanningConfig = z.output<typeof planningConfigSchema>;

/**
 * Parses the planning slice (the JSON text of `process.env.PLANNING_MODEL`); undefined or `""`
 * (a city without a day model) → undefined; anything invalid → {@link RuntimeConfigError} naming
 * each path.
 */
export const parsePlanningConfig = (raw: string | undefined): PlanningConfig | undefined => {
  if (raw === undefined || raw.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new RuntimeConfigError(`${PLANNING_MODEL_VARIABLE} is not valid JSON: ${(error as Error).message}`);
  }
  const result = planningConfigSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new RuntimeConfigError(`${PLANNING_MODEL_VARIABLE} is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
};
