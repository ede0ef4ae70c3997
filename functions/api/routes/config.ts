import { TICKET_STATUS_LABELS_KO, TICKET_STATUSES } from '#domain/ticket';
import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';

/** The city's settings the desk renders (entry points, categories, departments, statuses): `GET /api/config`. */
export const configRoutes = ({ config }: ApiDeps) =>
  ({
    'GET /api/config': route({
      access: 'any',
      handle: async () =>
        json(200, {
          city: config.city,
          timezone: config.timezone,
          entryPoints: config.entryPoints,
          categories: config.categories,
          departments: config.departments.map((d) => ({
            id: d.id,
            nameKo: d.nameKo,
            categories: d.categories,
            transferType: d.transfer.type,
            slaHours: d.slaHours,
          })),
          statuses: TICKET_STATUSES.map((status) => ({ status, statusKo: TICKET_STATUS_LABELS_KO[status] })),
        }),
    }),
  }) satisfies RouteSet;
