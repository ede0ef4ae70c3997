import { parseArgs } from 'node:util';
import { isCalendarDate } from '#domain/planning/calendar';

/**
 * Command-line options of `npm run plan` (tools/plan/cli.ts), parsed and checked here so that
 * every bad input gets one clear sentence.
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run plan -- --date YYYY-MM-DD [--calls N] [--answer-rate 0.988] [--service-level 0.8/20]
                     [--city cheongju] [--json] [--out plan.json]

  --date           the day to plan (city-local date)
  --calls          calls expected that day (default: the day model's figure for the day type)
  --answer-rate    target share answered, answered / (answered + abandoned) (default 0.988)
  --service-level  also require SHARE of callers answered within SECONDS, e.g. 0.8/20
  --city           infra/config/<city>.ts (default cheongju)
  --json           print the staffing plan file (JSON) instead of the table
  --out            write the staffing plan file there (the table still prints unless --json)`;

export interface PlanOptions {
  date: string;
  calls?: number;
  answerRate: number;
  serviceLevel?: { share: number; seconds: number };
  city: string;
  json: boolean;
  out?: string;
  help: boolean;
}

const share = (flag: string, raw: string): number => {
  const value = Number(raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : raw);
  if (!Number.isFinite(value) || value <= 0 || value >= 1)
    throw new UsageError(`${flag} must be a share between 0 and 1 such as 0.988 (or 98.8%), got "${raw}"`);
  return value;
};

const OPTIONS = {
  date: { type: 'string' },
  calls: { type: 'string' },
  'answer-rate': { type: 'string' },
  'service-level': { type: 'string' },
  city: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parse = (argv: readonly string[]) =>
  parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false });

export const parsePlanOptions = (argv: readonly string[]): PlanOptions => {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { date: '', answerRate: 0.988, city: 'cheongju', json: false, help: true };
  if (!values.date) throw new UsageError('--date YYYY-MM-DD is required');
  if (!isCalendarDate(values.date))
    throw new UsageError(`--date must be a calendar date YYYY-MM-DD, got "${values.date}"`);
  let calls: number | undefined;
  if (values.calls !== undefined) {
    calls = Number(values.calls);
    if (!Number.isInteger(calls) || calls < 0 || calls > 10_000_000)
      throw new UsageError(`--calls must be a whole number of calls (0–10,000,000), got "${values.calls}"`);
  }
  const answerRate = share('--answer-rate', values['answer-rate'] ?? '0.988');
  let serviceLevel: PlanOptions['serviceLevel'];
  if (values['service-level'] !== undefined) {
    const match = /^([^/]+)\/(\d+(?:\.\d+)?)$/.exec(values['service-level']);
    if (!match?.[1] || !match[2])
      throw new UsageError(
        `--service-level must look like 0.8/20 (share/seconds), got "${values['service-level']}"`,
      );
    serviceLevel = { share: share('--service-level', match[1]), seconds: Number(match[2]) };
  }
  return {
    date: values.date,
    ...(calls !== undefined ? { calls } : {}),
    answerRate,
    ...(serviceLevel ? { serviceLevel } : {}),
    city: values.city ?? 'cheongju',
    json: values.json ?? false,
    ...(values.out ? { out: values.out } : {}),
    help: false,
  };
};
