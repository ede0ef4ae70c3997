import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';

/**
 * Per-department SLA figures for the 현황 view: open, overdue, and the share of reports resolved
 * by their due time (`GET /api/stats/sla`, functions/use-cases/sla-stats.ts).
 */
export const slaRoutes = ({ slaStats }: ApiDeps) =>
  ({
    'GET /api/stats/sla': route({
      access: 'desk',
      handle: async () => json(200, await slaStats()),
    }),
  }) satisfies RouteSet;
