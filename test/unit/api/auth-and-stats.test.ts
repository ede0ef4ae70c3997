import { describe, expect, it } from 'vitest';
import type { ContactRecord } from '#adapters/contact-records';
import { principalFromClaims } from '#functions/api/auth';
import { callFigures } from '#functions/use-cases/today-stats';

describe('groups claim', () => {
  it.each([
    ['API Gateway’s flattened form', '[counselors dept-tax]', ['counselors', 'dept-tax']],
    ['a JSON array string', '["admins","dept-roads"]', ['admins', 'dept-roads']],
    ['a comma-separated string', 'counselors, admins', ['counselors', 'admins']],
    ['a single group', 'counselors', ['counselors']],
    ['an array', ['dept-water'], ['dept-water']],
    ['nothing', undefined, []],
    ['an empty flattened list', '[]', []],
  ])('reads %s', (_name, claim, groups) => {
    expect(principalFromClaims({ 'cognito:username': 'kim', 'cognito:groups': claim })?.roles).toEqual(
      groups,
    );
  });

  it('ignores unknown groups and malformed department groups when building the principal', () => {
    const principal = principalFromClaims({
      'cognito:username': 'kim',
      'cognito:groups': '[dept-tax dept-TAX hackers admins]',
    });
    expect(principal).toEqual({
      username: 'kim',
      roles: ['dept-tax', 'admins'],
      isAdmin: true,
      isCounselor: false,
      departmentIds: ['tax'],
    });
  });

  it('has no principal without a usable username', () => {
    expect(principalFromClaims(undefined)).toBeUndefined();
    expect(principalFromClaims({ 'cognito:groups': '[admins]' })).toBeUndefined();
    expect(principalFromClaims({ username: 'a b', 'cognito:groups': '[admins]' })).toBeUndefined();
  });
});

const record = (overrides: Partial<ContactRecord>): ContactRecord => ({
  contactId: Math.random().toString(36).slice(2),
  day: '2027-03-05',
  initiatedAt: '2027-03-05T10:00:00.000+09:00',
  entryPoint: 'cityhall',
  dialedUnified: false,
  outcome: 'answered',
  ...overrides,
});

describe('today’s call figures', () => {
  it('are zero, not NaN, on a day without calls', () => {
    expect(callFigures([])).toEqual({
      calls: 0,
      answered: 0,
      abandoned: 0,
      answerRate: 0,
      firstContactResolution: 0,
      byCategory: {},
      unifiedShare: 0,
    });
  });

  it('count answer rate over answered and abandoned calls, FCR over dispositions, unified share over calls', () => {
    const figures = callFigures([
      record({ entryPoint: 'unified', dialedUnified: true, disposition: 'answered', category: 'tax' }),
      record({ disposition: 'answered', category: 'tax' }),
      record({ outcome: 'transferred', disposition: 'transferred', category: 'water' }),
      record({ outcome: 'abandoned' }),
      record({ outcome: 'self-service', entryPoint: 'unified', dialedUnified: true }),
      record({ outcome: 'queued' }),
    ]);
    expect(figures).toEqual({
      calls: 6,
      answered: 3,
      abandoned: 1,
      answerRate: 0.75,
      firstContactResolution: 0.6667,
      byCategory: { tax: 2, water: 1 },
      unifiedShare: 0.3333,
    });
  });

  it('count a call the desk wrapped up as answered even if the phone still says queued', () => {
    expect(callFigures([record({ outcome: 'queued', disposition: 'ticket' })]).answered).toBe(1);
  });
});
