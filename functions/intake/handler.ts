import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { flowLimitMsFromEnv } from '#commons/aws/time-budget';
import { InvalidCallerNumberError } from '#commons/caller-hash';
import { connectFlowEventSchema, describeIssues } from '#commons/connect-event';
import { type Caller, callerFromEvent, type FlowResponse, flowResponse } from '#commons/flow-response';
import { blankToUndefined, rejectInput, withPowertools } from '#commons/handler-kit';
import { departmentById, loadRuntimeConfig } from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { toE164 } from '#domain/phone';
import { descriptionSchema, locationSchema, noteSchema } from '#domain/text';
import { InvalidTicketError, TICKET_KINDS } from '#domain/ticket';
import { spokenDigits } from '#domain/ticket-number';
import { resolveDepartment, UnknownDepartmentError } from '#functions/use-cases/create-ticket';
import { ticketCreatedMessage } from '#functions/use-cases/speech';
import { type IdempotentTicketRequest, ticketCreationFromEnv } from '#functions/use-cases/ticket-wiring';

/**
 * intake — creates a ticket, from a contact flow (Connect event, `Details.Parameters`) or from the
 * counselor desk (`{source: "desk", …}`; the desk's HTTP API calls this same function).
 *
 * Idempotency (Powertools, Idempotency table):
 * - flow: keyed on ContactId + kind — a retried invocation of the same contact gets the same
 *   ticket number (a second, different report in the same call is therefore the same ticket: the
 *   flows create at most one ticket of a kind per contact);
 * - desk: keyed on `requestId` when given (the desk app sends one UUID per submit, so a double
 *   click or a network retry is one ticket, and a counselor may still file two reports in one
 *   call), else on `contactId` + kind like a flow; with neither the call is not guarded and each
 *   call creates a ticket (there is nothing to recognise a retry by).
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

const ticketFields = {
  kind: z.enum(TICKET_KINDS),
  category: z.enum(CATEGORY_CODES),
  description: descriptionSchema,
  location: locationSchema,
  note: noteSchema,
  departmentId: idSchema,
};

/** Flow parameters: all strings (docs/contracts.md, `intake`). */
export const flowIntakeParametersSchema = z.object(ticketFields);

/** The counselor desk's request (the desk API passes its validated body through). */
export const deskIntakeSchema = z.object({
  source: z.literal('desk'),
  ...ticketFields,
  contactId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,128}$/)
      .optional(),
  ),
  requestId: z.preprocess(blankToUndefined, z.uuid().optional()),
  /** Any common format; stored as E.164. Absent when the caller withheld it. */
  callerNumber: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  counselorId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,128}$/)
      .optional(),
  ),
});

/** Either a contact-flow event or a desk request. */
export const intakeEventSchema = z.union([deskIntakeSchema, connectFlowEventSchema]);

type Parsed = { ok: true; request: IdempotentTicketRequest } | { ok: false; error: string };

const fieldError = (error: z.ZodError): string => `${describeIssues(error, 1)[0] ?? 'invalid input'}`;

const isDesk = (event: unknown): boolean =>
  event !== null &&
  typeof event === 'object' &&
  !Array.isArray(event) &&
  (event as { source?: unknown }).source === 'desk';

const parseEvent = (event: unknown): Parsed => {
  if (isDesk(event)) {
    const desk = deskIntakeSchema.safeParse(event);
    if (!desk.success) return { ok: false, error: fieldError(desk.error) };
    const { source: _source, contactId, requestId, callerNumber, counselorId, ...fields } = desk.data;
    let caller: Caller = { withheld: true };
    if (callerNumber !== undefined) {
      const number = toE164(callerNumber);
      if (number === undefined) return { ok: false, error: 'callerNumber: is not a phone number' };
      caller = { withheld: false, number };
    }
    const idempotencyKey =
      requestId !== undefined
        ? `desk:${requestId}`
        : contactId !== undefined
          ? `contact:${contactId}#${fields.kind}`
          : undefined;
    return {
      ok: true,
      request: {
        ...withoutUndefined(fields),
        caller,
        by: counselorId ?? 'desk',
        ...(contactId !== undefined && { contactId }),
        ...(idempotencyKey !== undefined && { idempotencyKey }),
      },
    };
  }
  const flow = connectFlowEventSchema.safeParse(event);
  if (!flow.success)
    return { ok: false, error: `not a contact-flow or desk event (${fieldError(flow.error)})` };
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
