/**
 * The desk HTTP API's routes (docs/contracts.md, "Desk HTTP API"). Pure data with no imports: the
 * Lambda's router binds a handler to each, and the API stack creates one API Gateway route per
 * entry (all behind the JWT authorizer), so the two cannot drift apart.
 */
export const API_ROUTES = [
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/config' },
  { method: 'GET', path: '/api/kb/search' },
  { method: 'GET', path: '/api/callers/tickets' },
  { method: 'POST', path: '/api/tickets' },
  { method: 'GET', path: '/api/tickets/{number}' },
  { method: 'POST', path: '/api/tickets/{number}/transitions' },
  { method: 'POST', path: '/api/tickets/{number}/reassign' },
  { method: 'GET', path: '/api/departments/{id}/tickets' },
  { method: 'GET', path: '/api/departments/{id}/inbox' },
  { method: 'POST', path: '/api/departments/{id}/inbox/ack' },
  { method: 'POST', path: '/api/escalations' },
  { method: 'POST', path: '/api/contacts/{contactId}/disposition' },
  { method: 'POST', path: '/api/contacts/{contactId}/abuse-warning' },
  { method: 'GET', path: '/api/stats/today' },
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
/** `METHOD path`, one per route (distributed over the union, not the cross product). */
export type RouteKey = ApiRoute extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;
