import { describe, expect, it } from 'vitest';
import { parseDaySimOptions, UsageError } from '#tools/day-sim/options';

describe('simulate:day options', () => {
  it('reads a planned day with a seed, faults and the JSON report', () => {
    expect(
      parseDaySimOptions([
        '--date',
        '2027-03-08',
        '--calls',
        '1100',
        '--staffing',
        'plan.json',
        '--seed',
        '7',
        '--faults',
        'f.json',
        '--json',
      ]),
    ).toEqual({
      date: '2027-03-08',
      calls: 1100,
      staffing: 'plan.json',
      seed: 7,
      faults: 'f.json',
      city: 'cheongju',
      json: true,
      help: false,
    });
  });

  it('defaults the seed to 1 with K counselors all day', () => {
    expect(parseDaySimOptions(['--date', '2027-03-08', '--counselors', '5'])).toMatchObject({
      counselors: 5,
      seed: 1,
      json: false,
    });
  });

  it('refuses a day without staffing, or with both kinds', () => {
    expect(() => parseDaySimOptions(['--date', '2027-03-08'])).toThrow(/--counselors K or --staffing/);
    expect(() =>
      parseDaySimOptions(['--date', '2027-03-08', '--counselors', '3', '--staffing', 'p.json']),
    ).toThrow(/not both/);
  });

  it('names the bad value of a date, a count or an unknown option', () => {
    expect(() => parseDaySimOptions(['--date', '2027-02-30', '--counselors', '3'])).toThrow(/"2027-02-30"/);
    expect(() => parseDaySimOptions(['--date', '2027-03-08', '--counselors', 'ten'])).toThrow(
      /--counselors must be a whole number .*"ten"/,
    );
    expect(() => parseDaySimOptions(['--date', '2027-03-08', '--calls', '-1', '--counselors', '1'])).toThrow(
      UsageError,
    );
    expect(() => parseDaySimOptions(['--date', '2027-03-08', '--agents', '3'])).toThrow(UsageError);
  });
});
