import * as z from 'zod';
import { KB_UNASSIGNED } from '#kb/search-log-store';
import { isStaffOf } from '../auth';
import { ApiError, json, noContent } from '../http';
import { MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, departmentId } from '../schemas';
import { kbWork } from './kb-errors';

/**
 * What the 상담DB learns (docs/contracts.md, "상담DB search log and gaps"): the desk reports which
 * result of a logged search the counselor opened or used, and a department reads its gaps report.
 */

const eventParams = z.object({ searchId: z.uuid() });
const eventBody = z.object({
  kind: z.enum(['opened', 'used']),
  entryId: z.string().regex(/^[A-Za-z0-9][\w.-]{0,199}$/),
});
const gapsQuery = z.object({
  department: departmentId,
  days: z.preprocess(blank, z.coerce.number().int().min(1).max(90).optional()),
  minSearches: z.preprocess(blank, z.coerce.number().int().min(1).max(100).optional()),
});

export const kbGapsRoutes = ({ config, kbGaps }: ApiDeps) =>
  ({
    'POST /api/kb/searches/{searchId}/events': route({
      access: 'desk',
      params: eventParams,
      body: eventBody,
      handle: async ({ params, body }) => {
        const found = await kbGaps.recordEvent(params.searchId, body.kind, body.entryId);
        if (!found) throw new ApiError(404, 'search-not-found', MESSAGES_KO.kbSearchNotFound);
        return noContent();
      },
    }),

    'GET /api/kb/gaps': route({
      access: 'any',
      query: gapsQuery,
      handle: ({ principal, query }) =>
        kbWork(async () => {
          // A department's to-do list: its staff and admins; the unattributed searches: admins.
          const known =
            query.department === KB_UNASSIGNED || config.departments.some((d) => d.id === query.department);
          if (!known) throw new ApiError(404, 'department-not-found', MESSAGES_KO.departmentNotFound);
          if (!isStaffOf(principal, query.department))
            throw new ApiError(403, 'forbidden', MESSAGES_KO.forbiddenDepartment);
          return json(200, await kbGaps.report(query.department, query.days ?? 30, query.minSearches ?? 2));
        }),
    }),
  }) satisfies RouteSet;
