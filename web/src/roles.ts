/**
 * Roles → screens. Groups come from the token's `cognito:groups` (the dev login carries the same
 * list); the API authorizes every call, this only decides which tabs to show.
 *
 * - `counselors` → 상담사 (desk), 현황 (today) and 계획 (planning: the managers' staffing plan)
 * - `dept-<id>`  → 부서 (department) and 상담DB (kb: their department's entries), their own departments only
 * - `admins`     → every screen and every department
 * - 전화 (the simulated phone) exists only in the local sandbox.
 */

export type Screen = 'phone' | 'desk' | 'department' | 'kb' | 'today' | 'planning';
export type Mode = 'dev' | 'cognito';

export const SCREEN_LABELS: Record<Screen, string> = {
  phone: '전화',
  desk: '상담사',
  department: '부서',
  kb: '상담DB',
  today: '현황',
  planning: '계획',
};

export const isAdmin = (groups: readonly string[]): boolean => groups.includes('admins');
export const hasDesk = (groups: readonly string[]): boolean =>
  isAdmin(groups) || groups.includes('counselors');
export const departmentsOf = (groups: readonly string[]): string[] =>
  groups.flatMap((g) => (g.startsWith('dept-') && g.length > 5 ? [g.slice(5)] : []));

/** The tabs a mode offers, in order (the phone only in the sandbox). */
export const screensOf = (mode: Mode): Screen[] =>
  mode === 'dev'
    ? ['phone', 'desk', 'department', 'kb', 'today', 'planning']
    : ['desk', 'department', 'kb', 'today', 'planning'];

export function canSee(screen: Screen, groups: readonly string[]): boolean {
  switch (screen) {
    case 'phone':
      return true;
    case 'desk':
    case 'today':
    case 'planning':
      return hasDesk(groups);
    case 'department':
    case 'kb':
      return isAdmin(groups) || departmentsOf(groups).length > 0;
  }
}

/** The screens this user may open in this mode. */
export const allowedScreens = (groups: readonly string[], mode: Mode): Screen[] =>
  screensOf(mode).filter((s) => (s === 'phone' ? mode === 'dev' : canSee(s, groups)));

/** The departments whose inbox the user may open (admins: all of `all`). */
export const visibleDepartments = (groups: readonly string[], all: readonly string[]): string[] =>
  isAdmin(groups) ? [...all] : departmentsOf(groups).filter((d) => all.includes(d));

/** Where a user lands after signing in: the desk for counselors and admins, else their inbox. */
export function landingScreen(groups: readonly string[], mode: Mode): Screen | null {
  const allowed = allowedScreens(groups, mode).filter((s) => s !== 'phone');
  return allowed[0] ?? null;
}
