import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { createLambdaContext } from '#tools/local-aws/lambda-context';

/**
 * Runs the deployed HTTP API's own Lambda handler (functions/api/handler.ts) behind node's http
 * server: a request becomes an API Gateway HTTP API (payload 2.0) event with the JWT authorizer's
 * claims, as API Gateway would pass them after validating a Cognito token. Locally the token is
 * the dev login's (`Bearer dev.<base64url JSON claims>`), which only the sandbox accepts.
 */

/** The routes of docs/contracts.md ("Desk HTTP API"), as the API stack declares them. */
export const API_ROUTES = [
  'GET /api/me',
  'GET /api/config',
  'GET /api/kb/search',
  'GET /api/callers/tickets',
  'POST /api/tickets',
  'GET /api/tickets/{number}',
  'GET /api/departments/{id}/tickets',
  'POST /api/tickets/{number}/transitions',
  'POST /api/tickets/{number}/reassign',
  'GET /api/departments/{id}/inbox',
  'POST /api/departments/{id}/inbox/ack',
  'POST /api/escalations',
  'POST /api/contacts/{contactId}/disposition',
  'POST /api/contacts/{contactId}/abuse-warning',
  'GET /api/stats/today',
] as const;

export interface DevClaims {
  sub: string;
  username: string;
  groups: string[];
}

type ApiHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof createLambdaContext>,
) => Promise<APIGatewayProxyResultV2>;

/** Decodes a dev-login bearer token; undefined when absent or malformed. */
export function readDevToken(authorization: string | undefined): DevClaims | undefined {
  const match = /^Bearer dev\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as Partial<DevClaims>;
    if (typeof claims.username !== 'string' || !Array.isArray(claims.groups)) return undefined;
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : claims.username,
      username: claims.username,
      groups: claims.groups.filter((g): g is string => typeof g === 'string'),
    };
  } catch {
    return undefined;
  }
}

export function matchRoute(
  method: string,
  path: string,
): { routeKey: string; pathParameters: Record<string, string> } | undefined {
  const segments = path.split('/').filter(Boolean);
  for (const route of API_ROUTES) {
    const [routeMethod, routePath = ''] = route.split(' ');
    if (routeMethod !== method) continue;
    const pattern = routePath.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const parameters: Record<string, string> = {};
    const ok = pattern.every((part, index) => {
      const segment = segments[index] ?? '';
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name) {
        parameters[name] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (ok) return { routeKey: route, pathParameters: parameters };
  }
  return undefined;
}

export function toApiEvent(input: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  claims: DevClaims | undefined;
  sourceIp: string;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const route = matchRoute(input.method, input.url.pathname);
  const now = new Date();
  const queryStringParameters = Object.fromEntries(input.url.searchParams.entries());
  return {
    version: '2.0',
    routeKey: route?.routeKey ?? '$default',
    rawPath: input.url.pathname,
    rawQueryString: input.url.search.replace(/^\?/, ''),
    headers: input.headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(route && Object.keys(route.pathParameters).length > 0
      ? { pathParameters: route.pathParameters }
      : {}),
    ...(input.body ? { body: input.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'sandbox',
      domainName: input.url.host,
      domainPrefix: 'sandbox',
      http: {
        method: input.method,
        path: input.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp,
        userAgent: input.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route?.routeKey ?? '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: input.claims?.sub ?? '',
        integrationLatency: 0,
        jwt: {
          // As API Gateway passes Cognito's claims: a list claim becomes the string "[a b]".
          claims: input.claims
            ? {
                sub: input.claims.sub,
                username: input.claims.username,
                'cognito:username': input.claims.username,
                'cognito:groups': `[${input.claims.groups.join(' ')}]`,
                token_use: 'access',
              }
            : {},
          scopes: [],
        },
      },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export interface ApiAdapter {
  /** Whether functions/api/handler.ts was found and loaded. */
  ready(): boolean;
  handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<void>;
  stop(): void;
}

/**
 * Loads functions/api/handler.ts when it exists (polling for it meanwhile, so a sandbox started
 * before the handler was written picks it up); until then /api answers 503.
 */
export function createApiAdapter(options: { rootDir: string; log?: (line: string) => void }): ApiAdapter {
  const file = join(options.rootDir, 'functions', 'api', 'handler.ts');
  let handler: ApiHandler | undefined;
  let loading: Promise<void> | undefined;
  let loadError: string | undefined;
  const load = () => {
    if (handler || loading || !existsSync(file)) return loading;
    loading = import(pathToFileURL(file).href)
      .then((module: { handler?: ApiHandler }) => {
        if (typeof module.handler !== 'function')
          throw new Error('functions/api/handler.ts exports no handler');
        handler = module.handler;
        loadError = undefined;
        options.log?.('HTTP API handler loaded (functions/api/handler.ts)');
      })
      .catch((error: unknown) => {
        loadError = error instanceof Error ? error.message : String(error);
        options.log?.(`HTTP API handler failed to load: ${loadError}`);
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  void load();
  const timer = setInterval(() => {
    if (!handler && !loadError) void load();
  }, 2_000);
  timer.unref();

  return {
    ready: () => handler !== undefined,
    stop: () => clearInterval(timer),
    async handle(request, response, body) {
      await load();
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(payload));
      };
      if (!handler) {
        send(503, {
          error: 'API_NOT_READY',
          message: loadError
            ? `API 처리기를 불러오지 못했습니다: ${loadError}`
            : 'API 처리기(functions/api/handler.ts)가 아직 없습니다.',
        });
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(',') : (value ?? ''),
        ]),
      );
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      const claims = readDevToken(headers.authorization);
      if (!claims) {
        // API Gateway's JWT authorizer answers 401 before the Lambda runs.
        send(401, { error: 'UNAUTHORIZED', message: '로그인이 필요합니다.' });
        return;
      }
      const event = toApiEvent({
        method: request.method ?? 'GET',
        url,
        headers,
        body,
        claims,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      });
      const result = await handler(event, createLambdaContext('minwon365-api'));
      if (typeof result === 'string' || result === undefined || result === null) {
        send(200, result ?? null);
        return;
      }
      const outHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(result.headers ?? {})) outHeaders[name] = String(value);
      if (
        result.body !== undefined &&
        !Object.keys(outHeaders).some((h) => h.toLowerCase() === 'content-type')
      ) {
        outHeaders['content-type'] = 'application/json; charset=utf-8';
      }
      response.writeHead(result.statusCode ?? 200, outHeaders);
      response.end(
        result.body === undefined
          ? undefined
          : result.isBase64Encoded
            ? Buffer.from(result.body, 'base64')
            : result.body,
      );
    },
  };
}
