import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseStaffingPlan } from '#domain/planning/plan-file';
import { parsePlanOptions } from '#tools/plan/options';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npx', ['tsx', 'tools/plan/cli.ts', ...args], { encoding: 'utf8' });
const failure = async (...args: string[]) => {
  try {
    await cli(...args);
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error('the CLI succeeded');
};

describe('npm run plan options', () => {
  it('reads the date, calls, targets and output', () => {
    expect(
      parsePlanOptions([
        '--date',
        '2027-03-08',
        '--calls',
        '1100',
        '--answer-rate',
        '98.8%',
        '--service-level',
        '0.8/20',
        '--json',
        '--out',
        'plan.json',
      ]),
    ).toEqual({
      date: '2027-03-08',
      calls: 1100,
      answerRate: 0.988,
      serviceLevel: { share: 0.8, seconds: 20 },
      city: 'cheongju',
      json: true,
      out: 'plan.json',
      help: false,
    });
    expect(parsePlanOptions(['--date', '2027-03-08'])).toMatchObject({ answerRate: 0.988, json: false });
  });

  it.each([
    [[], '--date YYYY-MM-DD is required'],
    [['--date', '2027-02-30'], '--date must be a calendar date YYYY-MM-DD, got "2027-02-30"'],
    [
      ['--date', '2027-03-08', '--calls', 'many'],
      '--calls must be a whole number of calls (0–10,000,000), got "many"',
    ],
    [['--date', '2027-03-08', '--answer-rate', '1.5'], '--answer-rate must be a share between 0 and 1'],
    [['--date', '2027-03-08', '--service-level', '80'], '--service-level must look like 0.8/20'],
    [['--date', '2027-03-08', '--colls', '5'], "Unknown option '--colls'"],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parsePlanOptions(argv)).toThrow(message);
  });
});

describe('npm run plan', () => {
  it('prints the interval table and the shifts for a Monday', async () => {
    const { stdout } = await cli('--date', '2027-03-08', '--calls', '1100', '--answer-rate', '0.988');
    expect(stdout).toContain('Staffing plan — 청주시 (cheongju), 2027-03-08 MONDAY: weekday');
    expect(stdout).toMatch(/^10:00 +74\.8 +9\.3 +15 +15 /m);
    expect(stdout).toContain('Shifts: 20 counselors (14 full, 6 half), 136.0 paid hours');
  }, 30_000);

  it('writes a staffing plan file with --json and --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'plan-')), 'plan.json');
    const { stdout } = await cli('--date', '2027-09-17', '--json', '--out', out, '--service-level', '0.8/20');
    const plan = parseStaffingPlan(JSON.parse(stdout));
    expect(plan).toMatchObject({ dayType: 'dayAfterLongHoliday', inputs: { calls: 1500 } });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(stdout));
  }, 30_000);

  it('exits 2 with the reason for bad input or an unknown city', async () => {
    const badDate = await failure('--date', '2027-13-01');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('plan: --date must be a calendar date');
    const noCity = await failure('--date', '2027-03-08', '--city', 'busan');
    expect(noCity.code).toBe(2);
    expect(noCity.stderr).toContain('No city config for "busan"');
  }, 30_000);
});
