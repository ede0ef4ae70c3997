/**
 * The desk HTTP API's route table (docs/contracts.md, "Desk HTTP API"): the one list of
 * `METHOD path` routes. Pure data with no imports, read by three parties that therefore cannot
 * drift apart:
 * - the API stack (infra/stacks/api-stack.ts) creates one API Gateway route per line, all behind
 *   the JWT authorizer;
 * - the Lambda (functions/api/router.ts) dispatches on the event's `routeKey`, which API Gateway
 *   sets to the matched line (`GET /api/tickets/{number}`), to the handler of that key in
 *   functions/api/routes/index.ts — the compiler checks that every line has exactly one handler;
 * - the local sandbox (tools/sandbox/api-adapter.ts), standing in for API Gateway, matches raw
 *   request paths against these lines and fills `routeKey` and `pathParameters`.
 *
 * Adding a route: one line here and one entry in its resource's file under functions/api/routes/.
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
  { method: 'POST', path: '/api/tickets/{number}/assignee' },
  { method: 'GET', path: '/api/departments/{id}/tickets' },
  { method: 'GET', path: '/api/departments/{id}/inbox' },
  { method: 'POST', path: '/api/departments/{id}/inbox/ack' },
  { method: 'POST', path: '/api/escalations' },
  { method: 'POST', path: '/api/contacts/{contactId}/disposition' },
  { method: 'POST', path: '/api/contacts/{contactId}/abuse-warning' },
  { method: 'GET', path: '/api/stats/today' },
  { method: 'GET', path: '/api/stats/sla' },
  { method: 'GET', path: '/api/planning/model' },
  { method: 'GET', path: '/api/planning/arrivals' },
  { method: 'GET', path: '/api/kb/entries' },
  { method: 'POST', path: '/api/kb/entries' },
  { method: 'GET', path: '/api/kb/entries/{id}' },
  { method: 'PUT', path: '/api/kb/entries/{id}' },
  { method: 'POST', path: '/api/kb/entries/{id}/submit' },
  { method: 'POST', path: '/api/kb/entries/{id}/reject' },
  { method: 'POST', path: '/api/kb/entries/{id}/publish' },
  { method: 'POST', path: '/api/kb/entries/{id}/retire' },
  { method: 'POST', path: '/api/kb/entries/{id}/restore' },
  { method: 'GET', path: '/api/kb/entries/{id}/history' },
  { method: 'POST', path: '/api/kb/entries/{id}/feedback' },
  { method: 'POST', path: '/api/kb/searches/{searchId}/events' },
  { method: 'GET', path: '/api/kb/gaps' },
  { method: 'GET', path: '/api/kb/lexicon' },
  { method: 'PUT', path: '/api/kb/lexicon' },
  { method: 'POST', path: '/api/kb/lexicon/publish' },
  { method: 'POST', path: '/api/kb/lexicon/restore' },
  { method: 'GET', path: '/api/kb/lexicon/history' },
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
/** `METHOD path`, one per route (distributed over the union, not the cross product): API Gateway's route key. */
export type RouteKey = ApiRoute extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** The route key of a table line, as API Gateway spells it. */
export const routeKeyOf = (route: ApiRoute): RouteKey => `${route.method} ${route.path}` as RouteKey;
