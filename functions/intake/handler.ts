import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { flowLimitMsFromEnv } from '#commons/aws/time-budget';
import { InvalidCallerNumberError } from '#commons/caller-hash';
import { connectFlowEventSchema, describeIssues } from '#commons/connect-event';
import { callerFromEvent, type FlowResponse, flowResponse } from '#commons/flow-response';
import { blankToUndefined, rejectInput, withPowertools } from '#commons/handler-kit';
import { departmentById, loadRuntimeConfig } from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { descriptionSchema, locationSchema, noteSchema } from '#domain/text';
import { InvalidTicketError, TICKET_KINDS } from '#domain/ticket';
import { spokenDigits } from '#domain/ticket-number';
import { resolveDepartment, UnknownDepartmentError } from '#functions/use-cases/create-ticket';
import { ticketCreatedMessage } from '#functions/use-cases/speech';
import { type IdempotentTicketRequest, ticketCreationFromEnv } from '#functions/use-cases/ticket-wiring';

/**
 * intake — creates a ticket from a contact flow (Connect event, `Details.Parameters`,
 * docs/contracts.md `intake`). The counselor desk files tickets through the desk HTTP API, which
 * calls the same use case directly (functions/api/routes/tickets.ts).
 *
 * Idempotency (Powertools, Idempotency table): keyed on ContactId + kind — a retried invocation of
 * the same contact gets the same ticket number (a second, different report in the same call is
 * therefore the same ticket: the flows create at most one ticket of a kind per contact).
 */

const env = process.env;
const config = loadRuntimeConfig(env);
const createTicket = ticketCreationFromEnv(env, config);
const FUNCTION = 'intake';
const FLOW_BUDGET = { name: FUNCTION, flowLimitMs: flowLimitMsFromEnv(env) };

const idSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/)
    .optional(),
);

/** Flow parameters: all strings (docs/contracts.md, `intake`). */
const flowIntakeParametersSchema = z.object({
  kind: z.enum(TICKET_KINDS),
  category: z.enum(CATEGORY_CODES),
  description: descriptionSchema,
  location: locationSchema,
  note: noteSchema,
  departmentId: idSchema,
});

type Parsed = { ok: true; request: IdempotentTicketRequest } | { ok: false; error: string };

const fieldError = (error: z.ZodError): string => `${describeIssues(error, 1)[0] ?? 'invalid input'}`;

const parseEvent = (event: unknown): Parsed => {
  const flow = connectFlowEventSchema.safeParse(event);
  if (!flow.success) return { ok: false, error: `not a contact-flow event (${fieldError(flow.error)})` };
  const params = flowIntakeParametersSchema.safeParse(flow.data.Details.Parameters);
  if (!params.success) return { ok: false, error: fieldError(params.error) };
  const contactId = flow.data.Details.ContactData.ContactId;
  return {
    ok: true,
    request: {
      ...withoutUndefined(params.data),
      caller: callerFromEvent(flow.data),
      by: 'ivr',
      contactId,
      idempotencyKey: `contact:${contactId}#${params.data.kind}`,
    },
  };
};

const withoutUndefined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export const handler = withPowertools(async (event: unknown, context: Context): Promise<FlowResponse> => {
  const parsed = parseEvent(event);
  if (!parsed.ok) return rejectInput(FUNCTION, parsed.error);
  const { request } = parsed;
  try {
    resolveDepartment(config, request); // refuse before taking an idempotency lock
    createTicket.registerLambdaContext(context);
    const created = await createTicket.run(request);
    const department = departmentById(config, created.departmentId);
    return flowResponse({
      status: 'CREATED',
      ticketNumber: created.ticketNumber,
      ticketNumberSpoken: spokenDigits(created.ticketNumber),
      departmentId: created.departmentId,
      departmentNameKo: department?.nameKo ?? '',
      dueAt: created.dueAt,
      message: ticketCreatedMessage({
        ticketNumber: created.ticketNumber,
        departmentNameKo: department?.nameKo ?? '담당 부서',
        dueAt: created.dueAt,
        timeZone: config.timezone,
      }),
    });
  } catch (error) {
    if (
      error instanceof UnknownDepartmentError ||
      error instanceof InvalidTicketError ||
      error instanceof InvalidCallerNumberError
    ) {
      return rejectInput(FUNCTION, error.message);
    }
    throw error;
  }
}, FLOW_BUDGET);
