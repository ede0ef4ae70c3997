import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';

/** Who the caller is: `GET /api/me`. */
export const meRoutes = (_deps: ApiDeps) =>
  ({
    'GET /api/me': route({
      access: 'any',
      handle: async ({ principal }) =>
        json(200, {
          username: principal.username,
          roles: principal.roles,
          ...(principal.departmentIds[0] !== undefined && { departmentId: principal.departmentIds[0] }),
          departmentIds: principal.departmentIds,
        }),
    }),
  }) satisfies RouteSet;
