import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { createTicketRepository } from '#adapters/ticket-repository';
import { documentClient } from '#commons/aws/dynamodb';
import { secretsManagerClient } from '#commons/aws/secrets-manager';
import { flowLimitMsFromEnv } from '#commons/aws/time-budget';
import { createCallerHasher, hashKeyProviderFromEnv } from '#commons/caller-hash';
import { parseConnectEvent } from '#commons/connect-event';
import {
  callerFromEvent,
  dialedNumberFromEvent,
  type FlowResponse,
  flowResponse,
  truncateText,
} from '#commons/flow-response';
import { blankToUndefined, countMetric, rejectInput, withPowertools } from '#commons/handler-kit';
import { logger } from '#commons/powertools';
import { loadRuntimeConfig, requireEnv } from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { checkText, TEXT_ISSUE_MESSAGES } from '#domain/text';
import { spokenDigits } from '#domain/ticket-number';
import { createCallerContext } from '#functions/use-cases/caller-context';
import { kbSearchFromService, kbSearchServiceFromEnv } from '#functions/use-cases/kb-search';
import { createTicketStatus } from '#functions/use-cases/ticket-status';

/**
 * lookup — called by the inbound and after-hours flows (docs/contracts.md):
 * `action=callerContext | ticketStatus | kbSearch`. Answers bad input with a status, never an
 * exception; throws only when DynamoDB or Secrets Manager fail (the flow's error branch).
 */

// Cold start: configuration validated once, clients and use cases built once.
const env = process.env;
const config = loadRuntimeConfig(env);
const repository = createTicketRepository({
  client: documentClient,
  tableName: requireEnv(env, 'TICKETS_TABLE'),
});
const hasher = createCallerHasher(hashKeyProviderFromEnv(env, () => secretsManagerClient));
const callerContext = createCallerContext({ repository, hasher, config });
const ticketStatus = createTicketStatus({ repository, config });
const kb = kbSearchFromService(kbSearchServiceFromEnv(env, documentClient, logger));

const FUNCTION = 'lookup';
const FLOW_BUDGET = { name: FUNCTION, flowLimitMs: flowLimitMsFromEnv(env) };
export const KB_QUERY_MAX = 200;
export const KB_TOP_DEFAULT = 3;
export const KB_TOP_MAX = 5;
/** Each answer is read aloud or shown in a screen pop: long answers are cut. */
export const KB_ANSWER_MAX = 500;

const actionSchema = z.enum(['callerContext', 'ticketStatus', 'kbSearch']);

const kbParamsSchema = z.object({
  query: z.unknown(),
  category: z.preprocess(blankToUndefined, z.enum(CATEGORY_CODES).optional()),
  top: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[1-9]\d?$/, 'must be a number from 1')
      .transform(Number)
      .pipe(z.number().max(KB_TOP_MAX))
      .optional(),
  ),
});

const handleKbSearch = async (parameters: Record<string, string>): Promise<FlowResponse> => {
  const params = kbParamsSchema.safeParse(parameters);
  if (!params.success)
    return rejectInput(FUNCTION, `kbSearch: ${params.error.issues[0]?.path.join('.')} is invalid`);
  const query = checkText(params.data.query, { max: KB_QUERY_MAX });
  if (!query.ok) return rejectInput(FUNCTION, `kbSearch: query ${TEXT_ISSUE_MESSAGES[query.issue]}`);
  const hits = await kb.search(query.value, {
    top: params.data.top ?? KB_TOP_DEFAULT,
    ...(params.data.category !== undefined && { category: params.data.category }),
  });
  const fields: Record<string, string> = {};
  hits.forEach((hit, index) => {
    fields[`id${index + 1}`] = hit.id;
    fields[`title${index + 1}`] = hit.title;
    fields[`answer${index + 1}`] = truncateText(hit.answer, KB_ANSWER_MAX);
  });
  const status = hits.length > 0 ? 'OK' : 'NO_MATCH';
  countMetric('KbSearch', { result: status });
  return flowResponse({ status, count: hits.length, ...fields });
};

const handleTicketStatus = async (parameters: Record<string, string>): Promise<FlowResponse> => {
  const keyed = parameters.ticketNumber ?? '';
  const result = await ticketStatus(keyed);
  if (result.status === 'INVALID_INPUT') {
    return rejectInput(FUNCTION, 'ticketStatus: no ticket number keyed', {
      message: result.message,
      ticketNumberSpoken: '',
    });
  }
  countMetric('TicketStatusLookup', { result: result.status });
  return flowResponse({
    status: result.status,
    message: result.message,
    ticketNumberSpoken: spokenDigits(result.ticketNumber),
  });
};

export const handler = withPowertools(async (event: unknown, _context: Context): Promise<FlowResponse> => {
  const parsed = parseConnectEvent(event);
  if (!parsed.ok) return rejectInput(FUNCTION, `not a contact-flow event (${parsed.issues[0] ?? 'invalid'})`);
  const { Parameters: parameters } = parsed.event.Details;
  const action = actionSchema.safeParse(parameters.action);
  if (!action.success) return rejectInput(FUNCTION, 'action must be callerContext, ticketStatus or kbSearch');
  switch (action.data) {
    case 'callerContext': {
      const context = await callerContext({
        caller: callerFromEvent(parsed.event),
        dialed: dialedNumberFromEvent(parsed.event),
      });
      // Calls by entry point: the share dialing the unified number directly is a KPI the city watches.
      countMetric('CallerContext', { entryPoint: context.entryPoint });
      return flowResponse({ status: 'OK', ...context });
    }
    case 'ticketStatus':
      return handleTicketStatus(parameters);
    case 'kbSearch':
      return handleKbSearch(parameters);
  }
}, FLOW_BUDGET);
