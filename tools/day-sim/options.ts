import { parseArgs } from 'node:util';
import { isCalendarDate } from '#domain/planning/calendar';

/**
 * Command-line options of `npm run simulate:day` (tools/day-sim/cli.ts), parsed and checked here so
 * that every bad input gets one clear sentence.
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run simulate:day -- --date YYYY-MM-DD [--calls N] (--counselors K | --staffing plan.json)
                             [--seed S] [--faults faults.json] [--city cheongju] [--json] [--html report.html]

  --date        the day to simulate (city-local date; the center must be open)
  --calls       calls in the day (default: the day model's figure for the day type)
  --counselors  K counselors on the phones all day (no breaks)
  --staffing    a staffing plan file (npm run plan -- … --out plan.json): its shifts and breaks
  --seed        random seed (default 1): the same seed gives the same day
  --faults      a faults file: handlers down or slow, DynamoDB throttling, in time windows
  --city        infra/config/<city>.ts (default cheongju)
  --json        print the report (JSON; figures named as in GET /api/stats/today)
  --html        write the HTML report (charts) there`;

export interface DaySimOptions {
  date: string;
  calls?: number;
  counselors?: number;
  staffing?: string;
  seed: number;
  faults?: string;
  city: string;
  json: boolean;
  html?: string;
  help: boolean;
}

const OPTIONS = {
  date: { type: 'string' },
  calls: { type: 'string' },
  counselors: { type: 'string' },
  staffing: { type: 'string' },
  seed: { type: 'string' },
  faults: { type: 'string' },
  city: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parse = (argv: readonly string[]) =>
  parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false });

const whole = (flag: string, raw: string, max: number): number => {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0 || value > max)
    throw new UsageError(`${flag} must be a whole number (0–${max.toLocaleString('en')}), got "${raw}"`);
  return value;
};

export const parseDaySimOptions = (argv: readonly string[]): DaySimOptions => {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { date: '', seed: 1, city: 'cheongju', json: false, help: true };
  if (!values.date) throw new UsageError('--date YYYY-MM-DD is required');
  if (!isCalendarDate(values.date))
    throw new UsageError(`--date must be a calendar date YYYY-MM-DD, got "${values.date}"`);
  if (values.counselors === undefined && values.staffing === undefined)
    throw new UsageError('give --counselors K or --staffing plan.json');
  if (values.counselors !== undefined && values.staffing !== undefined)
    throw new UsageError('give --counselors or --staffing, not both');
  return {
    date: values.date,
    ...(values.calls !== undefined && { calls: whole('--calls', values.calls, 1_000_000) }),
    ...(values.counselors !== undefined && { counselors: whole('--counselors', values.counselors, 10_000) }),
    ...(values.staffing !== undefined && { staffing: values.staffing }),
    seed: values.seed === undefined ? 1 : whole('--seed', values.seed, 2 ** 31 - 1),
    ...(values.faults !== undefined && { faults: values.faults }),
    city: values.city ?? 'cheongju',
    json: values.json ?? false,
    ...(values.html !== undefined && { html: values.html }),
    help: false,
  };
};
