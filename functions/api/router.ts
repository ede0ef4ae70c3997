import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { accessRefusal, principalFromClaims } from './auth';
import { toApiError } from './errors';
import { ApiError, type ApiResult, errorResult, MAX_BODY_BYTES, payloadTooLarge } from './http';
import { fieldIssues, issuesSummaryKo, MESSAGES_KO } from './messages';
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

/**
 * The body limit: API Gateway's HTTP API takes payloads up to 10 MB
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html) and Lambda
 * up to 6 MB per synchronous invocation
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); the desk's largest
 * request (a report: 1,000 + 200 + 500 characters) is far below MAX_BODY_BYTES, so anything above
 * it is answered 413 here. A route that takes more (the lexicon import) names its own
 * `maxBodyBytes`. (What API Gateway answers for a body between Lambda's 6 MB and its own
 * 10 MB the documentation does not say; it is not this handler's 413.)
 */
const readBody = (event: ApiEvent, maxBytes = MAX_BODY_BYTES): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = event.isBase64Encoded
    ? Buffer.byteLength(event.body, 'base64')
    : Buffer.byteLength(event.body, 'utf8');
  if (bytes > maxBytes) throw payloadTooLarge(maxBytes);
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid-json', MESSAGES_KO.invalidJson);
  }
};

/**
 * Parses one part of the request with the route's schema. A refusal names each field, a reason
 * code and the Korean reason (`issues`, functions/api/messages.ts); `message` is the first one
 * ("내용: 1,000자 이하로 입력해 주세요."), `fields` the dotted paths (`body.description`).
 */
const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'path' | 'query' | 'body'): T => {
  if (schema === undefined) return undefined as T;
  const input = value ?? (where === 'body' ? undefined : {});
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = fieldIssues(result.error, input, where);
    const fields = issues.map((issue) => [where, issue.field].filter((p) => p !== '').join('.'));
    const ticketNumber = where === 'path' && fields.includes('path.number');
    throw ticketNumber
      ? new ApiError(400, 'invalid-ticket-number', MESSAGES_KO.invalidTicketNumber, { fields, issues })
      : new ApiError(400, 'invalid-request', issuesSummaryKo(issues), { fields, issues });
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
