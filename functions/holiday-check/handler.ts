import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { withPowertools } from '#commons/handler-kit';
import { logger, metrics } from '#commons/powertools';
import { HOLIDAY_COVERAGE_METRIC, holidayCoverage, localDate } from '#domain/holidays-schedule';
import { isValidTimeZone } from '#domain/time';

/**
 * holiday-check — invoked every morning by EventBridge Scheduler (infra/constructs/holiday-check.ts).
 * Publishes the days left before the deployed holiday overrides (`HOLIDAY_OVERRIDES_TILL`) or the
 * gazette's confirmed holidays (`HOLIDAY_CONFIRMED_TILL`) run out, whichever is sooner, as
 * `HolidayCoverageDaysLeft`; an alarm below 90 days e-mails the operators. Each warning is also
 * logged with what to do. The event carries nothing the check needs, so it is ignored.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const envSchema = z.object({
  HOLIDAY_OVERRIDES_TILL: z.string().regex(ISO_DATE, 'must be YYYY-MM-DD'),
  HOLIDAY_CONFIRMED_TILL: z.string().regex(ISO_DATE, 'must be YYYY-MM-DD'),
  CITY_TIMEZONE: z.string().refine(isValidTimeZone, 'must be an IANA time zone'),
});

// Cold start: configuration validated once.
const env = envSchema.parse(process.env);

export interface HolidayCheckResult {
  today: string;
  overridesDaysLeft: number;
  confirmedDaysLeft: number;
  warnings: readonly string[];
}

export const checkHolidayCoverage = (now: Date = new Date()): HolidayCheckResult => {
  const today = localDate(now, env.CITY_TIMEZONE);
  const status = holidayCoverage({
    today,
    overridesTill: env.HOLIDAY_OVERRIDES_TILL,
    confirmedTill: env.HOLIDAY_CONFIRMED_TILL,
  });
  metrics.addMetric(
    HOLIDAY_COVERAGE_METRIC,
    MetricUnit.Count,
    Math.min(status.overridesDaysLeft, status.confirmedDaysLeft),
  );
  for (const warning of status.warnings) logger.warn('Holiday coverage', { warning });
  if (status.warnings.length === 0) {
    logger.info('Holiday coverage ok', {
      overridesTill: env.HOLIDAY_OVERRIDES_TILL,
      confirmedTill: env.HOLIDAY_CONFIRMED_TILL,
    });
  }
  return { today, ...status };
};

export const handler = withPowertools(async (_event: unknown) => checkHolidayCoverage());
