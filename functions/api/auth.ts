/**
 * Who is calling the desk API, from the JWT claims API Gateway's JWT authorizer puts in
 * `requestContext.authorizer.jwt.claims` (locally the sandbox's dev login puts the same claims
 * there). Roles are the Cognito groups (`cognito:groups`): `counselors`, `admins`, and
 * `dept-<departmentId>` for department staff. API Gateway flattens array claims into a string such
 * as `"[counselors dept-tax]"`; arrays, JSON arrays and comma-separated strings are accepted too.
 */

export const COUNSELORS_GROUP = 'counselors';
export const ADMINS_GROUP = 'admins';
export const DEPARTMENT_GROUP_PREFIX = 'dept-';

const DEPARTMENT_GROUP = /^dept-([a-z][a-z0-9-]{0,62})$/;
const USERNAME = /^[\p{L}\p{N}._@+=,-]{1,128}$/u;

export interface Principal {
  username: string;
  /** The recognised groups, as given (`counselors`, `admins`, `dept-<id>`). */
  roles: string[];
  isAdmin: boolean;
  isCounselor: boolean;
  /** Departments the user is staff of (usually one). */
  departmentIds: string[];
}

/** The groups claim in any of the shapes API Gateway or a local adapter produce. */
const parseGroups = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string' && g !== '');
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.includes('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parseGroups(parsed);
    } catch {
      // not JSON: API Gateway's "[a b]" form
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter((g) => g !== '');
};

/** The principal of a request, or undefined when it carries no usable identity (→ 401). */
export const principalFromClaims = (claims: Record<string, unknown> | undefined): Principal | undefined => {
  if (claims === undefined || claims === null) return undefined;
  const candidate = [claims['cognito:username'], claims.username, claims.sub].find(
    (value): value is string => typeof value === 'string' && USERNAME.test(value),
  );
  if (candidate === undefined) return undefined;
  const groups = parseGroups(claims['cognito:groups']);
  const departmentIds = groups.flatMap((g) => DEPARTMENT_GROUP.exec(g)?.[1] ?? []);
  const roles = groups.filter(
    (g) => g === COUNSELORS_GROUP || g === ADMINS_GROUP || DEPARTMENT_GROUP.test(g),
  );
  return {
    username: candidate,
    roles: [...new Set(roles)],
    isAdmin: groups.includes(ADMINS_GROUP),
    isCounselor: groups.includes(COUNSELORS_GROUP),
    departmentIds: [...new Set(departmentIds)],
  };
};

/** Counselor desk actions: counselors and admins. */
export const isDeskUser = (p: Principal): boolean => p.isAdmin || p.isCounselor;

/** A department's inbox, list and tickets' changes: admins and that department's staff. */
export const isStaffOf = (p: Principal, departmentId: string): boolean =>
  p.isAdmin || p.departmentIds.includes(departmentId);

/** Reading one ticket: counselors, admins and staff of the ticket's department. */
export const canReadTicket = (p: Principal, ticket: { departmentId: string }): boolean =>
  isDeskUser(p) || isStaffOf(p, ticket.departmentId);

/**
 * Who may call a route (docs/contracts.md, "who" column), checked before its input is parsed:
 * - `any`: every signed-in user;
 * - `desk`: counselors and admins;
 * - `department-staff`: admins and staff of the `{id}` path parameter's department;
 * - `ticket-reader` / `ticket-changer`: users who could read / change some ticket; the rule for
 *   the ticket itself (its department) is checked in the use case, which knows the ticket.
 */
export type Access = 'any' | 'desk' | 'department-staff' | 'ticket-reader' | 'ticket-changer';

/** The reason a principal may not call a route with that access, or undefined when it may. */
export const accessRefusal = (
  access: Access,
  principal: Principal,
  pathParameters: Record<string, string>,
): 'forbidden' | 'forbidden-department' | undefined => {
  switch (access) {
    case 'any':
      return undefined;
    case 'desk':
      return isDeskUser(principal) ? undefined : 'forbidden';
    case 'department-staff':
      return isStaffOf(principal, pathParameters.id ?? '') ? undefined : 'forbidden-department';
    case 'ticket-reader':
      return isDeskUser(principal) || principal.departmentIds.length > 0 ? undefined : 'forbidden';
    case 'ticket-changer':
      return principal.isAdmin || principal.departmentIds.length > 0 ? undefined : 'forbidden';
  }
};
