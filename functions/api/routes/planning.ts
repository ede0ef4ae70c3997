import * as z from 'zod';
import { REFIT_WEEKS } from '#functions/use-cases/arrival-refit';
import { ApiError, json } from '../http';
import { MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank } from '../schemas';

/**
 * The 계획 (planning) view's data (docs/contracts.md, "Desk HTTP API"): the city's day model and
 * the rest of what the in-browser planner (planDay, the queue model) needs, and the arrival
 * profile refit from the Contacts table. Managers (counselors' and admins' 현황 access, as the
 * stats routes). Without a day model in the city config both answer 404 `no-day-model`.
 */

const arrivalsQuery = z.object({
  weeks: z.preprocess(
    blank,
    z.coerce.number().int().min(REFIT_WEEKS.min).max(REFIT_WEEKS.max).default(REFIT_WEEKS.default),
  ),
});

export const planningRoutes = ({ planning }: ApiDeps) => {
  const required = () => {
    if (!planning) throw new ApiError(404, 'no-day-model', MESSAGES_KO.noDayModel);
    return planning;
  };
  return {
    'GET /api/planning/model': route({
      access: 'desk',
      handle: async () => {
        const { config } = required();
        return json(200, config);
      },
    }),
    'GET /api/planning/arrivals': route({
      access: 'desk',
      query: arrivalsQuery,
      handle: async ({ query }) => json(200, await required().refitArrivals(query.weeks)),
    }),
  } satisfies RouteSet;
};
