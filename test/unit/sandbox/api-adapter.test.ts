import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '#functions/api/routes/table';
import { createApiAdapter, matchRoute } from '#tools/sandbox/api-adapter';

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

  it('reports a path variable that is not valid percent-encoding as malformed-path, naming the variable', () => {
    expect(matchRoute('GET', '/api/tickets/%E0%A4%A')).toEqual({
      unmatched: 'malformed-path',
      parameter: 'number',
    });
    expect(matchRoute('POST', '/api/contacts/%ZZ/disposition')).toEqual({
      unmatched: 'malformed-path',
      parameter: 'contactId',
    });
  });

  it('reports an unknown path as route-not-found and a known path under another method as method-not-allowed', () => {
    expect(matchRoute('GET', '/api/nothing')).toEqual({ unmatched: 'route-not-found' });
    expect(matchRoute('GET', '/api/tickets/1/unknown')).toEqual({ unmatched: 'route-not-found' });
    expect(matchRoute('DELETE', '/api/tickets')).toEqual({ unmatched: 'method-not-allowed' });
  });

  it('hands the handler the payload 2.0 event API Gateway would, and answers unmatched or unsigned requests itself', async () => {
    const events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
    const adapter = createApiAdapter({
      handler: async (event) => {
        events.push(event);
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
      },
    });
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => void adapter.handle(request, response, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = `dev.${Buffer.from(JSON.stringify({ username: 'kim', groups: ['counselors', 'dept-tax'] })).toString('base64url')}`;
    const call = (method: string, path: string, auth = true) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: auth ? { authorization: `Bearer ${token}` } : {},
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    try {
      expect(await call('GET', '/api/tickets/20250000017?x=1')).toEqual({ status: 200, body: { ok: true } });
      expect(events[0]).toMatchObject({
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
      expect(await call('DELETE', '/api/tickets')).toMatchObject({
        status: 405,
        body: { error: 'method-not-allowed' },
      });
      expect(await call('GET', '/api/nothing')).toMatchObject({
        status: 404,
        body: { error: 'route-not-found' },
      });
      expect(await call('GET', '/api/me', false)).toMatchObject({
        status: 401,
        body: { error: 'unauthorized' },
      });
      expect(await call('GET', '/api/tickets/%E0%A4%A')).toEqual({
        status: 400,
        body: {
          error: 'malformed-path',
          message: '접수번호: 주소에 잘못된 퍼센트 인코딩(%)이 있습니다. 주소를 확인해 주세요.',
          fields: ['path.number'],
          issues: [
            {
              in: 'path',
              field: 'number',
              labelKo: '접수번호',
              reason: 'MALFORMED_ENCODING',
              messageKo: '주소에 잘못된 퍼센트 인코딩(%)이 있습니다. 주소를 확인해 주세요.',
            },
          ],
        },
      });
      expect(events).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
