/**
 * npm run plan -- --date YYYY-MM-DD [--calls N] [--answer-rate 0.988] [--service-level 0.8/20]
 *                 [--city cheongju] [--json] [--out plan.json]
 *
 * Counselors needed per 30-minute interval (Erlang A) and a shift plan covering them, from the
 * city's day model (README "Staffing planner"). `--json` prints the staffing plan file
 * (functions/domain/planning/plan-file.ts) that `simulate:day --staffing` reads; use `npm run -s`
 * so that npm's banner does not end up in the file, or `--out`.
 * Exit codes: 0 planned; 1 planned but some interval could not be covered by any shift; 2 usage
 * or configuration error.
 */
import { writeFileSync } from 'node:fs';
import { PlanError, planDay } from '#domain/planning/plan';
import { CityConfigError, loadCityConfig } from '#infra/config/load';
import { formatPlan } from './format';
import { parsePlanOptions, USAGE, UsageError } from './options';

const main = async (): Promise<number> => {
  const options = parsePlanOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = await loadCityConfig(options.city).catch((error: unknown) => {
    // A missing or misnamed city is a usage error; an invalid one names its fields (CityConfigError).
    throw error instanceof CityConfigError ? error : new UsageError((error as Error).message);
  });
  if (!config.dayModel)
    throw new UsageError(
      `infra/config/${options.city}.ts has no dayModel: add one (README "Day model") to plan its staffing`,
    );
  // Holidays: the city's holiday calendar (planDay's default), as the Connect hours use it.
  const plan = planDay({
    date: options.date,
    ...(options.calls !== undefined ? { calls: options.calls } : {}),
    answerRate: options.answerRate,
    ...(options.serviceLevel ? { serviceLevel: options.serviceLevel } : {}),
    city: { ...config, dayModel: config.dayModel },
  });
  const json = `${JSON.stringify(plan, null, 2)}\n`;
  if (options.out) writeFileSync(options.out, json);
  process.stdout.write(options.json ? json : formatPlan(plan, config.name.ko));
  if (options.out && !options.json) process.stdout.write(`Wrote ${options.out}\n`);
  return plan.intervals.some((interval) => interval.scheduled < interval.staffNeeded) ? 1 : 0;
};

try {
  process.exitCode = await main();
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof PlanError ||
    error instanceof CityConfigError ||
    error instanceof RangeError
  ) {
    process.stderr.write(`plan: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`plan: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
