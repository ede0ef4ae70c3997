import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '#functions/api/routes/table';
import { matchRoute, toApiEvent } from '#tools/sandbox/api-adapter';

describe('sandbox route matching (standing in for API Gateway)', () => {
  it('matches every line of the route table by a concrete path to that line’s route key', () => {
    for (const route of API_ROUTES) {
      const path = route.path.replace(/\{(\w+)\}/g, (_all, name: string) => `sample-${name}`);
      const match = matchRoute(route.method, path);
      expect(match).toEqual({
        routeKey: `${route.method} ${route.path}`,
        pathParameters: Object.fromEntries(
          [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `sample-${name}`]),
        ),
      });
    }
  });

  it('URL-decodes path variables as API Gateway does and tolerates a trailing slash', () => {
    expect(matchRoute('GET', '/api/departments/%72oads/inbox/')).toEqual({
      routeKey: 'GET /api/departments/{id}/inbox',
      pathParameters: { id: 'roads' },
    });
  });

  it('passes a path variable that is not valid percent-encoding as empty, for the handler to refuse', () => {
    expect(matchRoute('GET', '/api/tickets/%E0%A4%A')).toEqual({
      routeKey: 'GET /api/tickets/{number}',
      pathParameters: { number: '' },
    });
  });

  it('reports an unknown path as route-not-found and a known path under another method as method-not-allowed', () => {
    expect(matchRoute('GET', '/api/nothing')).toEqual({ unmatched: 'route-not-found' });
    expect(matchRoute('GET', '/api/tickets/1/unknown')).toEqual({ unmatched: 'route-not-found' });
    expect(matchRoute('DELETE', '/api/tickets')).toEqual({ unmatched: 'method-not-allowed' });
  });

  it('builds the payload 2.0 event with the matched route key, path parameters and the dev login’s claims', () => {
    const event = toApiEvent({
      method: 'GET',
      url: new URL('http://localhost/api/tickets/20250000017?x=1'),
      headers: {},
      body: '',
      claims: { sub: 'kim', username: 'kim', groups: ['counselors', 'dept-tax'] },
      sourceIp: '127.0.0.1',
      route: { routeKey: 'GET /api/tickets/{number}', pathParameters: { number: '20250000017' } },
    });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/tickets/{number}',
      rawPath: '/api/tickets/20250000017',
      pathParameters: { number: '20250000017' },
      queryStringParameters: { x: '1' },
      requestContext: {
        routeKey: 'GET /api/tickets/{number}',
        authorizer: {
          jwt: { claims: { 'cognito:username': 'kim', 'cognito:groups': '[counselors dept-tax]' } },
        },
      },
    });
  });
});
