import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { accessRefusal, principalFromClaims } from './auth';
import { toApiError } from './errors';
import { ApiError, type ApiResult, errorResult } from './http';
import { MESSAGES_KO } from './messages';
import type { AnyRoute, ApiDeps, ApiEvent } from './route';
import { routeHandlers } from './routes/index';

/**
 * The desk HTTP API's dispatch (docs/contracts.md, "Desk HTTP API"). API Gateway's HTTP API has
 * already matched the request against the route table (functions/api/routes/table.ts) and passes
 * the matched route as `routeKey` (`GET /api/tickets/{number}`) and its path variables, URL-decoded,
 * as `pathParameters` in the payload 2.0 event
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
 * so dispatch is a look-up of `routeKey` in the handlers of functions/api/routes/index.ts; nothing
 * here matches paths again. (`@middy/http-router` was considered and not used: it matches method
 * and path itself with its own regular expressions — the work API Gateway already did — and would
 * be a third copy of the routes.) Then: who is calling (JWT claims) → may they (auth.ts) → parse
 * path, query and body with the route's zod schemas → the route's use-case call → the use cases'
 * errors mapped to the contract's statuses (errors.ts), anything unexpected to 500.
 */

export type ApiHandler = (event: ApiEvent, context?: Context) => Promise<ApiResult>;

const MAX_BODY_BYTES = 16 * 1024;

const readBody = (event: ApiEvent, maxBytes = MAX_BODY_BYTES): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    throw new ApiError(413, 'payload-too-large', MESSAGES_KO.invalidRequest);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid-json', MESSAGES_KO.invalidJson);
  }
};

const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'path' | 'query' | 'body'): T => {
  if (schema === undefined) return undefined as T;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => [where, ...i.path].join('.')))].slice(0, 10);
    const ticketNumber = where === 'path' && fields.includes('path.number');
    throw ticketNumber
      ? new ApiError(400, 'invalid-ticket-number', MESSAGES_KO.invalidTicketNumber, { fields })
      : new ApiError(400, 'invalid-request', MESSAGES_KO.invalidRequest, { fields });
  }
  return result.data;
};

export const createApiRouter = (deps: ApiDeps): ApiHandler => {
  const handlers = new Map<string, AnyRoute>(Object.entries(routeHandlers(deps)));

  return async (event, context) => {
    const routeKey = event.routeKey ?? event.requestContext?.routeKey ?? '';
    const route = handlers.get(routeKey);
    const routeName = route === undefined ? '(no route)' : routeKey;
    try {
      // Behind API Gateway only the table's routes reach the function; `$default` or a key
      // without a handler would be a deployment out of step with this code.
      if (route === undefined) throw new ApiError(404, 'route-not-found', MESSAGES_KO.routeNotFound);

      const principal = principalFromClaims(
        event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined,
      );
      if (principal === undefined) throw new ApiError(401, 'unauthorized', MESSAGES_KO.unauthorized);

      const pathParameters = Object.fromEntries(
        Object.entries(event.pathParameters ?? {}).map(([name, value]) => [name, value ?? '']),
      );
      const refusal = accessRefusal(route.access, principal, pathParameters);
      if (refusal !== undefined)
        throw new ApiError(
          403,
          'forbidden',
          refusal === 'forbidden-department' ? MESSAGES_KO.forbiddenDepartment : MESSAGES_KO.forbidden,
        );

      const params = parse(route.params, pathParameters, 'path');
      const query = parse(route.query, event.queryStringParameters ?? {}, 'query');
      const body =
        route.body === undefined ? undefined : parse(route.body, readBody(event, route.maxBodyBytes), 'body');
      return await route.handle({ principal, params, query, body, context });
    } catch (error) {
      const known = toApiError(error);
      if (known !== undefined) {
        deps.onRejected?.(routeName, known.statusCode, known.code);
        return errorResult(known);
      }
      deps.onError?.(error, routeName);
      return errorResult(new ApiError(500, 'internal', MESSAGES_KO.internal));
    }
  };
};
