/**
 * npm run simulate:day -- --date YYYY-MM-DD [--calls N] (--counselors K | --staffing plan.json)
 *                         [--seed S] [--faults faults.json] [--city cheongju] [--json] [--html report.html]
 *
 * A whole day of calls through the real contact flows and handlers on DynamoDB Local and local SQS
 * (README "Day simulation"; tools/day-sim/simulate.ts). `--json` prints the report, its figures
 * named as in GET /api/stats/today; `--html` writes the report with charts.
 * Exit codes: 0 simulated; 2 usage, configuration, plan or faults file error; 1 anything else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseStaffingPlan, StaffingPlanError } from '#domain/planning/plan-file';
import { CityConfigError } from '#infra/config/load';
import { FaultsFileError, loadFaultsFile } from './faults';
import { formatDayReport } from './format';
import { renderDayReportHtml } from './html';
import { parseDaySimOptions, USAGE, UsageError } from './options';
import { runDaySimulation } from './simulate';

const main = async (): Promise<number> => {
  const options = parseDaySimOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let staffing: ReturnType<typeof parseStaffingPlan> | undefined;
  if (options.staffing) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(options.staffing, 'utf8'));
    } catch (error) {
      throw new UsageError(`--staffing ${options.staffing}: ${(error as Error).message}`);
    }
    staffing = parseStaffingPlan(json);
  }
  const faults = options.faults ? loadFaultsFile(options.faults) : undefined;
  const report = await runDaySimulation({
    rootDir: process.cwd(),
    city: options.city,
    date: options.date,
    ...(options.calls !== undefined && { calls: options.calls }),
    seed: options.seed,
    ...(options.counselors !== undefined && { counselors: options.counselors }),
    ...(staffing && { staffing }),
    ...(faults && { faults }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (options.html) {
    writeFileSync(options.html, renderDayReportHtml(report));
    process.stderr.write(`wrote ${options.html}\n`);
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDayReport(report));
  return 0;
};

try {
  process.exitCode = await main();
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof StaffingPlanError ||
    error instanceof FaultsFileError ||
    error instanceof CityConfigError ||
    error instanceof RangeError
  ) {
    process.stderr.write(
      `simulate:day: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`,
    );
    process.exitCode = 2;
  } else {
    process.stderr.write(`simulate:day: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
