import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ApiError, errorResult } from '#functions/api/http';
import { FIELD_LABELS_KO, MESSAGES_KO } from '#functions/api/messages';
import { API_ROUTES, type ApiRoute, type RouteKey, routeKeyOf } from '#functions/api/routes/table';
import { createLambdaContext } from '#tools/local-aws/lambda-context';
import type { ApiHandler } from './runtime';

/**
 * Runs the deployed HTTP API's own Lambda handler (functions/api/handler.ts) behind node's http
 * server: a request becomes an API Gateway HTTP API (payload 2.0) event with the JWT authorizer's
 * claims, as API Gateway would pass them after validating a Cognito token. Locally the token is
 * the dev login's (`Bearer dev.<base64url JSON claims>`), which only the sandbox accepts. Like API
 * Gateway, it matches the request against the one route table (functions/api/routes/table.ts) and
 * passes the matched `routeKey` and `pathParameters`; the handler dispatches on them.
 */

export interface DevClaims {
  sub: string;
  username: string;
  groups: string[];
}

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

/** A request matched against the route table as API Gateway does, or why it matched none. */
export type RouteMatch =
  | { routeKey: RouteKey; pathParameters: Record<string, string> }
  | { unmatched: 'route-not-found' | 'method-not-allowed' }
  /** A path variable that is not valid percent-encoding (`%E0%A4%A`): answered 400, never decoded. */
  | { unmatched: 'malformed-path'; parameter: string };

/** The decoded segment, or undefined when it is not valid percent-encoding (UTF-8). */
const decodeSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/**
 * API Gateway's route selection over the one route table (functions/api/routes/table.ts):
 * "API Gateway selects the route with the most-specific match" — a route whose segments are all
 * literal before one with a path variable
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html,
 * "Routing API requests"); path variables are URL-decoded ("API Gateway decodes URL-encoded
 * request parameters before passing them to your backend integration", same page). A path that no
 * route matches makes API Gateway answer 404 `{"message":"Not Found"}` without calling the
 * function; the sandbox answers those requests in the contract's error shape instead, 404
 * `route-not-found` or, when the path exists under another method, 405 `method-not-allowed`.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const segments = path.split('/').filter(Boolean);
  let best: { route: ApiRoute; literals: number; pathParameters: Record<string, string> } | undefined;
  let pathExists = false;
  let malformed: string | undefined;
  for (const route of API_ROUTES) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    let literals = 0;
    const matches = pattern.every((part, index) => {
      const segment = segments[index] ?? '';
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        literals += 1;
        return part === segment;
      }
      const decoded = decodeSegment(segment);
      if (decoded === undefined) malformed ??= name;
      pathParameters[name] = decoded ?? '';
      return true;
    });
    if (!matches) continue;
    pathExists = true;
    if (route.method !== method) continue;
    if (best === undefined || literals > best.literals) best = { route, literals, pathParameters };
  }
  // What API Gateway answers for a path variable that is not valid percent-encoding its
  // documentation does not say; the sandbox answers 400 naming the variable rather than guess.
  if (best !== undefined && malformed !== undefined)
    return { unmatched: 'malformed-path', parameter: malformed };
  if (best !== undefined) return { routeKey: routeKeyOf(best.route), pathParameters: best.pathParameters };
  return { unmatched: pathExists ? 'method-not-allowed' : 'route-not-found' };
}

/** 400 for a path variable that is not valid percent-encoding, naming it (as the handler's refusals do). */
const malformedPath = (parameter: string): ApiError => {
  const field = `path.${parameter}`;
  const labelKo = FIELD_LABELS_KO[parameter] ?? parameter;
  return new ApiError(400, 'malformed-path', `${labelKo}: ${MESSAGES_KO.malformedPath}`, {
    fields: [field],
    issues: [
      {
        in: 'path',
        field: parameter,
        labelKo,
        reason: 'MALFORMED_ENCODING',
        messageKo: MESSAGES_KO.malformedPath,
      },
    ],
  });
};

/** The payload 2.0 event API Gateway would pass for a request that matched `route`. */
function toApiEvent(input: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  claims: DevClaims | undefined;
  sourceIp: string;
  route: { routeKey: RouteKey; pathParameters: Record<string, string> };
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { route } = input;
  const now = new Date();
  const queryStringParameters = Object.fromEntries(input.url.searchParams.entries());
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: input.url.pathname,
    rawQueryString: input.url.search.replace(/^\?/, ''),
    headers: input.headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
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
      routeKey: route.routeKey,
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
  handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<void>;
}

/** Serves /api with the HTTP API's handler (functions/api/handler.ts), as API Gateway would. */
export function createApiAdapter(options: { handler: ApiHandler }): ApiAdapter {
  const { handler } = options;
  return {
    async handle(request, response, body) {
      const respond = (result: APIGatewayProxyResultV2) => {
        if (typeof result === 'string' || result === undefined || result === null) {
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          response.end(JSON.stringify(result ?? null));
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
      };
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(',') : (value ?? ''),
        ]),
      );
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      const route = matchRoute(request.method ?? 'GET', url.pathname);
      if ('unmatched' in route) {
        respond(
          route.unmatched === 'malformed-path'
            ? errorResult(malformedPath(route.parameter))
            : route.unmatched === 'method-not-allowed'
              ? errorResult(new ApiError(405, 'method-not-allowed', MESSAGES_KO.methodNotAllowed))
              : errorResult(new ApiError(404, 'route-not-found', MESSAGES_KO.routeNotFound)),
        );
        return;
      }
      const claims = readDevToken(headers.authorization);
      if (!claims) {
        // The route's JWT authorizer answers 401 before the Lambda runs.
        respond(errorResult(new ApiError(401, 'unauthorized', MESSAGES_KO.unauthorized)));
        return;
      }
      const event = toApiEvent({
        route,
        method: request.method ?? 'GET',
        url,
        headers,
        body,
        claims,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      });
      respond(await handler(event, createLambdaContext('minwon365-api')));
    },
  };
}

/**
 * A request to the HTTP API's handler made in-process, as API Gateway would pass it (route matched
 * against the table, the caller's claims from the authorizer): what the day simulation's
 * counselors do through the desk. Answers the status and the parsed JSON body.
 */
export async function invokeApi(
  handler: ApiHandler,
  request: {
    method: string;
    path: string;
    claims: DevClaims;
    body?: unknown;
    query?: Record<string, string>;
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(request.path, 'http://api.local');
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const route = matchRoute(request.method, url.pathname);
  if ('unmatched' in route) return { status: route.unmatched === 'method-not-allowed' ? 405 : 404, body: {} };
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  const result = await handler(
    toApiEvent({
      route,
      method: request.method,
      url,
      headers: { 'content-type': 'application/json' },
      body,
      claims: request.claims,
      sourceIp: '127.0.0.1',
    }),
    createLambdaContext('minwon365-api'),
  );
  if (typeof result === 'string' || result === null || result === undefined) return { status: 200, body: {} };
  return {
    status: result.statusCode ?? 200,
    body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {},
  };
}
