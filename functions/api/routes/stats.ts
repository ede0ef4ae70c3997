import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';

/** Today's figures for the call center (answer rate, categories, unified-number share, reports): `GET /api/stats/today`. */
export const statsRoutes = ({ stats }: ApiDeps) =>
  ({
    'GET /api/stats/today': route({
      access: 'desk',
      handle: async () => json(200, await stats()),
    }),
  }) satisfies RouteSet;
