import { describe, expect, it } from 'vitest';
import {
  allowedScreens,
  canSee,
  departmentsOf,
  landingScreen,
  visibleDepartments,
} from '../../../web/src/roles';

describe('roles → screens', () => {
  it('counselors: 상담사, 현황 and 계획', () => {
    expect(allowedScreens(['counselors'], 'cognito')).toEqual(['desk', 'today', 'planning']);
    expect(landingScreen(['counselors'], 'cognito')).toBe('desk');
  });

  it('department staff: 부서 and 상담DB, their own department only', () => {
    expect(allowedScreens(['dept-roads'], 'cognito')).toEqual(['department', 'kb']);
    expect(landingScreen(['dept-roads'], 'cognito')).toBe('department');
    expect(visibleDepartments(['dept-roads'], ['roads', 'tax', 'water'])).toEqual(['roads']);
    expect(visibleDepartments(['dept-gone'], ['roads'])).toEqual([]);
    expect(departmentsOf(['dept-roads', 'dept-tax', 'dept-', 'counselors'])).toEqual(['roads', 'tax']);
  });

  it('admins: every screen and every department', () => {
    expect(allowedScreens(['admins'], 'cognito')).toEqual(['desk', 'department', 'kb', 'today', 'planning']);
    expect(visibleDepartments(['admins'], ['roads', 'tax'])).toEqual(['roads', 'tax']);
  });

  it('no group: nothing; the simulated phone exists only in the sandbox, for everyone', () => {
    expect(allowedScreens([], 'cognito')).toEqual([]);
    expect(landingScreen([], 'cognito')).toBeNull();
    expect(allowedScreens([], 'dev')).toEqual(['phone']);
    expect(allowedScreens(['counselors', 'dept-roads'], 'dev')).toEqual([
      'phone',
      'desk',
      'department',
      'kb',
      'today',
      'planning',
    ]);
    expect(canSee('today', ['dept-roads'])).toBe(false);
    expect(canSee('planning', ['dept-roads'])).toBe(false);
    expect(canSee('kb', ['counselors'])).toBe(false);
  });
});
