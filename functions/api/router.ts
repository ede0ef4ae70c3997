import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import * as z from 'zod';
import type { AgentAvailability } from '#adapters/agent-availability';
import type { ContactRecordDefaults, ContactRecords } from '#adapters/contact-records';
import { CONTACT_DISPOSITIONS } from '#adapters/contact-records';
import { ConcurrentModificationError } from '#adapters/ticket-repository';
import { InvalidCallerNumberError } from '#commons/caller-hash';
import type { Caller } from '#commons/flow-response';
import type { IdempotentOperation } from '#commons/idempotency';
import {
  type Department,
  departmentById,
  departmentForCategory,
  departmentQueueName,
  type RuntimeConfig,
} from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { IllegalTransitionError } from '#domain/lifecycle';
import { toE164 } from '#domain/phone';
import { checkText, descriptionSchema, locationSchema, noteSchema, TEXT_ISSUE_MESSAGES } from '#domain/text';
import { InvalidTicketError, TICKET_KINDS, TICKET_STATUS_LABELS_KO, TICKET_STATUSES } from '#domain/ticket';
import { parseTicketNumber, spokenDigits } from '#domain/ticket-number';
import { formatInstant } from '#domain/time';
import { type CreatedTicket, UnknownDepartmentError } from '#functions/use-cases/create-ticket';
import {
  type DepartmentInbox,
  InvalidReceiptError,
  UnknownInboxError,
} from '#functions/use-cases/department-inbox';
import { createEscalation, type EscalationResult } from '#functions/use-cases/escalate';
import {
  AccessDeniedError,
  type TicketManagement,
  TicketNotFoundError,
  UnknownTargetDepartmentError,
} from '#functions/use-cases/manage-ticket';
import { callbackCreatedMessage, ticketCreatedMessage } from '#functions/use-cases/speech';
import type { IdempotentTicketRequest } from '#functions/use-cases/ticket-wiring';
import { cityDay, type TodayStats } from '#functions/use-cases/today-stats';
import { canReadTicket, isDeskUser, isStaffOf, type Principal, principalFromClaims } from './auth';
import { ApiError, type ApiResult, errorResult, json, MESSAGES_KO, noContent } from './http';
import { API_ROUTES, type RouteKey } from './routes';

/**
 * The desk HTTP API's router (docs/contracts.md, "Desk HTTP API"): one explicit table of
 * `METHOD path` → access rule, zod schemas for path, query and body, and the use-case call. The
 * handler (handler.ts) builds the dependencies once per container; tests and the local sandbox
 * can build the router with their own.
 */

export interface KbSearchPort {
  search(
    query: string,
    options: { top: number; category?: string },
  ): Promise<
    {
      id: string;
      score: number;
      entry: { title: string; answer: string; category: string; department?: string | undefined };
    }[]
  >;
}

export interface ApiDeps {
  config: RuntimeConfig;
  tickets: TicketManagement;
  createTicket: IdempotentOperation<IdempotentTicketRequest, CreatedTicket>;
  availability: AgentAvailability;
  kb: KbSearchPort;
  inbox: DepartmentInbox;
  contacts: ContactRecords;
  stats: () => Promise<TodayStats>;
  now?: () => Date;
  /** Told about unexpected errors (answered 500); logging and metrics. */
  onError?: (error: unknown, route: string) => void;
  /** Told about refused requests (4xx); never with request values. */
  onRejected?: (route: string, statusCode: number, code: string) => void;
}

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

type Access = 'any' | 'desk' | 'department-staff' | 'ticket-reader' | 'ticket-changer';

interface Request<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  context: Context | undefined;
}

interface RouteDef<P, Q, B> {
  /** Who may call it; `department-staff` checks the `{id}` path parameter, ticket rules are checked in the use case. */
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  handle(request: Request<P, Q, B>): Promise<ApiResult>;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of routes with different input types
type AnyRoute = RouteDef<any, any, any>;
const def = <P = undefined, Q = undefined, B = undefined>(route: RouteDef<P, Q, B>): AnyRoute => route;

// ---- input schemas -------------------------------------------------------------------------

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const departmentId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);
const contactId = z.string().regex(/^[A-Za-z0-9-]{1,128}$/);
const requestId = z.uuid();
const callerNumber = z.preprocess(blank, z.string().max(40).optional());
const ticketNumberParam = z.object({
  number: z.string().transform((value, ctx) => {
    const parsed = parseTicketNumber(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: 'invalid ticket number' });
      return z.NEVER;
    }
    return parsed.value;
  }),
});
const departmentParam = z.object({ id: departmentId });
const contactParam = z.object({ contactId });
const expectedVersion = z.number().int().min(1);

const kbQuery = z.object({
  q: z.unknown().transform((value, ctx) => {
    const text = checkText(value, { max: 200 });
    if (!text.ok) {
      ctx.addIssue({ code: 'custom', message: TEXT_ISSUE_MESSAGES[text.issue] });
      return z.NEVER;
    }
    return text.value;
  }),
  category: z.preprocess(blank, z.enum(CATEGORY_CODES).optional()),
  top: z.preprocess(blank, z.coerce.number().int().min(1).max(10).optional()),
});

const createTicketBody = z.object({
  requestId,
  kind: z.enum(TICKET_KINDS),
  category: z.enum(CATEGORY_CODES),
  description: descriptionSchema,
  location: locationSchema,
  note: noteSchema,
  departmentId: z.preprocess(blank, departmentId.optional()),
  contactId: z.preprocess(blank, contactId.optional()),
  callerNumber,
});

const listQuery = z.object({
  status: z.preprocess(
    blank,
    z
      .string()
      .transform((value) => value.split(',').map((s) => s.trim()))
      .pipe(z.array(z.enum(TICKET_STATUSES)).min(1).max(TICKET_STATUSES.length))
      .optional(),
  ),
});

const transitionBody = z.object({ to: z.enum(TICKET_STATUSES), note: noteSchema, expectedVersion });
const reassignBody = z.object({ departmentId, note: noteSchema, expectedVersion });
const ackBody = z.object({ receiptHandle: z.string().min(1).max(2048) });
const escalationBody = z
  .object({
    requestId,
    departmentId: z.preprocess(blank, departmentId.optional()),
    category: z.preprocess(blank, z.enum(CATEGORY_CODES).optional()),
    contactId: z.preprocess(blank, contactId.optional()),
    callerNumber,
  })
  .refine((b) => b.departmentId !== undefined || b.category !== undefined, {
    message: 'departmentId or category is required',
    path: ['departmentId'],
  });
const dispositionBody = z.object({
  disposition: z.enum(CONTACT_DISPOSITIONS),
  category: z.preprocess(blank, z.enum(CATEGORY_CODES).optional()),
  entryPoint: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/)
      .optional(),
  ),
  ticketNumber: z.preprocess(
    blank,
    z
      .string()
      .refine((v) => parseTicketNumber(v).ok, 'invalid ticket number')
      .optional(),
  ),
});
const abuseBody = z.object({ count: z.number().int().min(0).max(20) });

// ---- helpers ---------------------------------------------------------------------------------

const callerOf = (number: string | undefined): Caller => {
  if (number === undefined) return { withheld: true };
  const e164 = toE164(number);
  if (e164 === undefined) throw new ApiError(400, 'invalid-caller-number', MESSAGES_KO.invalidCallerNumber);
  return { withheld: false, number: e164 };
};

const departmentFor = (
  config: RuntimeConfig,
  body: { departmentId?: string; category?: string },
): Department => {
  const department =
    body.departmentId !== undefined
      ? departmentById(config, body.departmentId)
      : body.category !== undefined
        ? departmentForCategory(config, body.category)
        : undefined;
  if (department === undefined) throw new ApiError(400, 'unknown-department', MESSAGES_KO.unknownDepartment);
  return department;
};

const escalationView = (result: EscalationResult) => {
  const department = { departmentId: result.department.id, departmentNameKo: result.department.nameKo };
  switch (result.outcome) {
    case 'transfer':
      return result.transferType === 'queue'
        ? {
            outcome: 'transfer',
            transferType: 'queue',
            quickConnect: departmentQueueName(result.department.id),
            ...department,
            message: `${result.department.nameKo} 담당자와 연결할 수 있습니다. 빠른 연결에서 부서를 선택해 전환해 주세요.`,
          }
        : {
            outcome: 'transfer',
            transferType: 'phone',
            phoneNumber: result.phoneNumber,
            ...department,
            message: `${result.department.nameKo} 담당자 전화로 연결해 주세요.`,
          };
    case 'callback':
      return {
        outcome: 'callback',
        reason: result.reason,
        ...department,
        ticketNumber: result.ticket.ticketNumber,
        ticketNumberSpoken: spokenDigits(result.ticket.ticketNumber),
        dueAt: result.ticket.dueAt,
        message: callbackCreatedMessage({
          ticketNumber: result.ticket.ticketNumber,
          departmentNameKo: result.department.nameKo,
          slaHours: result.department.slaHours,
          callerWithheld: result.ticket.callerWithheld,
        }),
      };
  }
};

// ---- the routes ------------------------------------------------------------------------------

const routesFor = (deps: ApiDeps): Record<RouteKey, AnyRoute> => {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());

  const contactDefaults = (entryPoint: string | undefined): ContactRecordDefaults => {
    const at = now();
    const known = entryPoint !== undefined && config.entryPoints.some((e) => e.id === entryPoint);
    const id = known ? (entryPoint as string) : 'unknown';
    return {
      day: cityDay(at, config.timezone),
      initiatedAt: formatInstant(at, config.timezone),
      entryPoint: id,
      dialedUnified: id === 'unified',
      outcome: 'answered',
    };
  };

  return {
    'GET /api/me': def({
      access: 'any',
      handle: async ({ principal }) =>
        json(200, {
          username: principal.username,
          roles: principal.roles,
          ...(principal.departmentIds[0] !== undefined && { departmentId: principal.departmentIds[0] }),
          departmentIds: principal.departmentIds,
        }),
    }),

    'GET /api/config': def({
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

    'GET /api/kb/search': def({
      access: 'desk',
      query: kbQuery,
      handle: async ({ query }) => {
        const hits = await deps.kb.search(query.q, {
          top: query.top ?? 5,
          ...(query.category !== undefined && { category: query.category }),
        });
        return json(200, {
          results: hits.map((hit) => ({
            id: hit.id,
            title: hit.entry.title,
            answer: hit.entry.answer,
            category: hit.entry.category,
            department: hit.entry.department ?? departmentForCategory(config, hit.entry.category)?.id ?? null,
            score: Math.round(hit.score * 1000) / 1000,
          })),
        });
      },
    }),

    'GET /api/callers/tickets': def({
      access: 'desk',
      query: z.object({ number: z.string().min(1).max(40) }),
      handle: async ({ query }) => {
        const e164 = toE164(query.number);
        if (e164 === undefined)
          throw new ApiError(400, 'invalid-caller-number', MESSAGES_KO.invalidCallerNumber);
        return json(200, await deps.tickets.listCaller(e164));
      },
    }),

    'POST /api/tickets': def({
      access: 'desk',
      body: createTicketBody,
      handle: async ({ principal, body, context }) => {
        const department = departmentFor(config, body);
        if (context !== undefined) deps.createTicket.registerLambdaContext(context);
        const created = await deps.createTicket.run({
          kind: body.kind,
          category: body.category,
          description: body.description,
          ...(body.location !== undefined && { location: body.location }),
          ...(body.note !== undefined && { note: body.note }),
          departmentId: department.id,
          ...(body.contactId !== undefined && { contactId: body.contactId }),
          caller: callerOf(body.callerNumber),
          by: principal.username,
          idempotencyKey: `desk:${body.requestId}`,
        });
        const owner = departmentById(config, created.departmentId);
        return json(201, {
          ticketNumber: created.ticketNumber,
          ticketNumberSpoken: spokenDigits(created.ticketNumber),
          departmentId: created.departmentId,
          departmentNameKo: owner?.nameKo ?? created.departmentId,
          dueAt: created.dueAt,
          message: ticketCreatedMessage({
            ticketNumber: created.ticketNumber,
            departmentNameKo: owner?.nameKo ?? '담당 부서',
            dueAt: created.dueAt,
            timeZone: config.timezone,
          }),
        });
      },
    }),

    'GET /api/tickets/{number}': def({
      access: 'ticket-reader',
      params: ticketNumberParam,
      handle: async ({ principal, params }) =>
        json(200, await deps.tickets.get(params.number, (ticket) => canReadTicket(principal, ticket))),
    }),

    'POST /api/tickets/{number}/transitions': def({
      access: 'ticket-changer',
      params: ticketNumberParam,
      body: transitionBody,
      handle: async ({ principal, params, body }) =>
        json(
          200,
          await deps.tickets.transition({
            ticketNumber: params.number,
            to: body.to,
            expectedVersion: body.expectedVersion,
            ...(body.note !== undefined && { note: body.note }),
            by: principal.username,
            mayChange: (ticket) => isStaffOf(principal, ticket.departmentId),
          }),
        ),
    }),

    'POST /api/tickets/{number}/reassign': def({
      access: 'ticket-changer',
      params: ticketNumberParam,
      body: reassignBody,
      handle: async ({ principal, params, body }) =>
        json(
          200,
          await deps.tickets.reassign({
            ticketNumber: params.number,
            departmentId: body.departmentId,
            expectedVersion: body.expectedVersion,
            ...(body.note !== undefined && { note: body.note }),
            by: principal.username,
            mayChange: (ticket) => isStaffOf(principal, ticket.departmentId),
          }),
        ),
    }),

    'GET /api/departments/{id}/tickets': def({
      access: 'department-staff',
      params: departmentParam,
      query: listQuery,
      handle: async ({ params, query }) => {
        if (departmentById(config, params.id) === undefined)
          throw new ApiError(404, 'department-not-found', MESSAGES_KO.departmentNotFound);
        return json(200, { tickets: await deps.tickets.listDepartment(params.id, query.status) });
      },
    }),

    'GET /api/departments/{id}/inbox': def({
      access: 'department-staff',
      params: departmentParam,
      handle: async ({ params }) => json(200, { messages: await deps.inbox.receive(params.id) }),
    }),

    'POST /api/departments/{id}/inbox/ack': def({
      access: 'department-staff',
      params: departmentParam,
      body: ackBody,
      handle: async ({ params, body }) => {
        await deps.inbox.ack(params.id, body.receiptHandle);
        return noContent();
      },
    }),

    'POST /api/escalations': def({
      access: 'desk',
      body: escalationBody,
      handle: async ({ body, context }) => {
        const department = departmentFor(config, body);
        const caller = callerOf(body.callerNumber);
        if (context !== undefined) deps.createTicket.registerLambdaContext(context);
        // Per request (closures only): the call-back ticket is idempotent on the desk's requestId.
        const escalation = createEscalation({
          availability: deps.availability,
          config,
          createTicket: ({ idempotencyKey: _contactKey, ...request }) =>
            deps.createTicket.run({ ...request, idempotencyKey: `desk-escalation:${body.requestId}` }),
        });
        const result = await escalation.route(department, {
          caller,
          ...(body.contactId !== undefined && { contactId: body.contactId }),
        });
        return json(200, escalationView(result));
      },
    }),

    'POST /api/contacts/{contactId}/disposition': def({
      access: 'desk',
      params: contactParam,
      body: dispositionBody,
      handle: async ({ params, body }) => {
        await deps.contacts.update(
          params.contactId,
          {
            disposition: body.disposition,
            ...(body.category !== undefined && { category: body.category }),
            ...(body.disposition === 'transferred' && { outcome: 'transferred' as const }),
            ...(body.ticketNumber !== undefined && { ticketNumbers: [body.ticketNumber] }),
          },
          contactDefaults(body.entryPoint),
        );
        return noContent();
      },
    }),

    'POST /api/contacts/{contactId}/abuse-warning': def({
      access: 'desk',
      params: contactParam,
      body: abuseBody,
      handle: async ({ params, body }) => {
        await deps.contacts.update(
          params.contactId,
          { abuseWarnings: body.count },
          contactDefaults(undefined),
        );
        return noContent();
      },
    }),

    'GET /api/stats/today': def({
      access: 'desk',
      handle: async () => json(200, await deps.stats()),
    }),
  };
};

// ---- dispatch --------------------------------------------------------------------------------

interface CompiledRoute {
  key: RouteKey;
  method: string;
  pattern: RegExp;
  names: string[];
  route: AnyRoute;
}

const compile = (path: string): { pattern: RegExp; names: string[] } => {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1] !== undefined) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
};

const MAX_BODY_BYTES = 16 * 1024;

const readBody = (event: ApiEvent): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES)
    throw new ApiError(413, 'payload-too-large', MESSAGES_KO.invalidRequest);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid-json', MESSAGES_KO.invalidJson);
  }
};

const validate = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T => {
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

const authorize = (access: Access, principal: Principal, params: Record<string, string>): void => {
  switch (access) {
    case 'any':
      return;
    case 'desk':
      if (!isDeskUser(principal)) throw new ApiError(403, 'forbidden', MESSAGES_KO.forbidden);
      return;
    case 'department-staff':
      if (!isStaffOf(principal, params.id ?? ''))
        throw new ApiError(403, 'forbidden', MESSAGES_KO.forbiddenDepartment);
      return;
    case 'ticket-reader':
      if (!isDeskUser(principal) && principal.departmentIds.length === 0)
        throw new ApiError(403, 'forbidden', MESSAGES_KO.forbidden);
      return;
    case 'ticket-changer':
      if (!principal.isAdmin && principal.departmentIds.length === 0)
        throw new ApiError(403, 'forbidden', MESSAGES_KO.forbidden);
      return;
  }
};

/** Known errors of the use cases → the contract's statuses; anything else → undefined (500). */
const toApiError = (error: unknown): ApiError | undefined => {
  if (error instanceof ApiError) return error;
  if (error instanceof TicketNotFoundError)
    return new ApiError(404, 'ticket-not-found', MESSAGES_KO.ticketNotFound);
  if (error instanceof AccessDeniedError)
    return new ApiError(403, 'forbidden', MESSAGES_KO.forbiddenDepartment);
  if (error instanceof ConcurrentModificationError) {
    return new ApiError(409, 'version-conflict', MESSAGES_KO.versionConflict, {
      ...(error.actualVersion !== undefined && { currentVersion: error.actualVersion }),
    });
  }
  if (error instanceof IllegalTransitionError) {
    const from = TICKET_STATUS_LABELS_KO[error.from];
    const to = error.to.startsWith('reassign:')
      ? '다른 부서로 이관'
      : (TICKET_STATUS_LABELS_KO[error.to as keyof typeof TICKET_STATUS_LABELS_KO] ?? error.to);
    const message =
      error.reason === 'SAME_DEPARTMENT'
        ? '이미 해당 부서가 담당하고 있는 민원입니다.'
        : error.reason === 'TERMINAL'
          ? `이미 ${from} 상태로 종결된 민원이라 변경할 수 없습니다.`
          : `현재 상태(${from})에서 ${to}(으)로 변경할 수 없습니다.`;
    return new ApiError(409, 'illegal-transition', message, { reason: error.reason, from: error.from });
  }
  if (error instanceof IdempotencyAlreadyInProgressError)
    return new ApiError(409, 'request-in-progress', MESSAGES_KO.requestInProgress);
  if (error instanceof UnknownDepartmentError || error instanceof UnknownTargetDepartmentError)
    return new ApiError(400, 'unknown-department', MESSAGES_KO.unknownDepartment);
  if (error instanceof InvalidCallerNumberError)
    return new ApiError(400, 'invalid-caller-number', MESSAGES_KO.invalidCallerNumber);
  if (error instanceof InvalidTicketError)
    return new ApiError(400, 'invalid-request', MESSAGES_KO.invalidRequest);
  if (error instanceof UnknownInboxError)
    return new ApiError(404, 'department-not-found', MESSAGES_KO.departmentNotFound);
  if (error instanceof InvalidReceiptError)
    return new ApiError(400, 'invalid-receipt', MESSAGES_KO.invalidReceipt);
  return undefined;
};

export type ApiHandler = (event: ApiEvent, context?: Context) => Promise<ApiResult>;

export const createApiRouter = (deps: ApiDeps): ApiHandler => {
  const table = routesFor(deps);
  const compiled: CompiledRoute[] = API_ROUTES.map(({ method, path }) => {
    const key = `${method} ${path}` as RouteKey;
    return { key, method, ...compile(path), route: table[key] };
  });

  return async (event, context) => {
    const method = (event.requestContext?.http?.method ?? '').toUpperCase();
    const path = event.rawPath ?? event.requestContext?.http?.path ?? '';
    let routeName = `${method} (unmatched)`;
    try {
      const candidates = compiled
        .map((c) => ({ c, match: c.pattern.exec(path) }))
        .filter((m): m is { c: CompiledRoute; match: RegExpExecArray } => m.match !== null);
      if (candidates.length === 0) throw new ApiError(404, 'route-not-found', MESSAGES_KO.routeNotFound);
      const found = candidates.find(({ c }) => c.method === method);
      if (found === undefined) throw new ApiError(405, 'method-not-allowed', MESSAGES_KO.methodNotAllowed);
      const { c, match } = found;
      routeName = c.key;

      const principal = principalFromClaims(
        event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined,
      );
      if (principal === undefined) throw new ApiError(401, 'unauthorized', MESSAGES_KO.unauthorized);

      const rawParams: Record<string, string> = {};
      c.names.forEach((name, index) => {
        try {
          rawParams[name] = decodeURIComponent(match[index + 1] ?? '');
        } catch {
          rawParams[name] = '';
        }
      });
      authorize(c.route.access, principal, rawParams);
      const params = validate(c.route.params, rawParams, 'path');
      const query = validate(c.route.query, event.queryStringParameters ?? {}, 'query');
      const body = c.route.body === undefined ? undefined : validate(c.route.body, readBody(event), 'body');
      return await c.route.handle({ principal, params, query, body, context });
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
