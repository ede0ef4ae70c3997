import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { AgentAvailability } from '#adapters/agent-availability';
import type { ContactDirectory } from '#adapters/connect-contacts';
import type { ContactRecords } from '#adapters/contact-records';
import type { PlanningConfig } from '#commons/planning-config';
import type { RuntimeConfig } from '#commons/runtime-config';
import type { ArrivalRefitter } from '#functions/use-cases/arrival-refit';
import type { DepartmentInbox } from '#functions/use-cases/department-inbox';
import type { KbEditing } from '#functions/use-cases/kb-editing';
import type { KbGaps } from '#functions/use-cases/kb-gaps';
import type { KbLexicon } from '#functions/use-cases/kb-lexicon';
import type { TicketManagement } from '#functions/use-cases/manage-ticket';
import type { SlaStats } from '#functions/use-cases/sla-stats';
import type { TicketCreator } from '#functions/use-cases/ticket-wiring';
import type { TodayStats } from '#functions/use-cases/today-stats';
import type { Access, Principal } from './auth';
import type { ApiResult } from './http';
import type { RouteKey } from './routes/table';

/**
 * What a route handler is: who may call it, zod schemas for its path parameters, query and body,
 * and the use-case call. The router (router.ts) checks access, parses the three inputs and maps
 * errors, so a handler receives parsed values and returns a response. Resource files under
 * routes/ build their handlers from the dependencies below.
 */

export interface KbSearchPort {
  search(
    query: string,
    options: { top: number; category?: string },
  ): Promise<
    {
      id: string;
      score: number;
      entry: {
        title: string;
        answer: string;
        category: string;
        department?: string | undefined;
        reviewBy?: string | undefined;
      };
    }[]
  >;
}

/** The use cases and adapters behind the API, built once per container by handler.ts (tests build their own). */
export interface ApiDeps {
  config: RuntimeConfig;
  tickets: TicketManagement;
  createTicket: TicketCreator;
  availability: AgentAvailability;
  kb: KbSearchPort;
  /** The 상담DB's entries: lifecycle, versions, feedback (routes/kb-entries.ts). */
  kbEditing: KbEditing;
  /** The desk's search log and the departments' gaps report (routes/kb.ts, routes/kb-gaps.ts). */
  kbGaps: KbGaps;
  /** The lexicon (synonyms), edited by admins (routes/kb-lexicon.ts). */
  kbLexicon: KbLexicon;
  inbox: DepartmentInbox;
  contacts: ContactRecords;
  /** Who took a call (Amazon Connect; in the sandbox, its simulated calls). */
  contactDirectory: ContactDirectory;
  stats: () => Promise<TodayStats>;
  /** Per-department SLA figures (`GET /api/stats/sla`). */
  slaStats: () => Promise<SlaStats>;
  /**
   * The 계획 view's day model and the arrival refit (routes/planning.ts); absent when the city
   * config has no `dayModel` (the planning routes then answer 404 `no-day-model`).
   */
  planning?: { config: PlanningConfig; refitArrivals: ArrivalRefitter };
  now?: () => Date;
  /** Told about unexpected errors (answered 500); logging and metrics. */
  onError?: (error: unknown, route: string) => void;
  /** Told about refused requests (4xx); never with request values. */
  onRejected?: (route: string, statusCode: number, code: string) => void;
}

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface RouteRequest<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  context: Context | undefined;
}

export interface RouteDef<P, Q, B> {
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Largest request body accepted (default 16 KB; the lexicon is larger). */
  maxBodyBytes?: number;
  handle(request: RouteRequest<P, Q, B>): Promise<ApiResult>;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of routes with different input types
export type AnyRoute = RouteDef<any, any, any>;

/** One route handler, with its input types inferred from its schemas. */
export const route = <P = undefined, Q = undefined, B = undefined>(definition: RouteDef<P, Q, B>): AnyRoute =>
  definition;

/** A resource's handlers, keyed by route key; `satisfies RouteSet` rejects a key that is not in the table. */
export type RouteSet = { [K in RouteKey]?: AnyRoute };
