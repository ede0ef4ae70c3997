import * as z from 'zod';
import { departmentById } from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { ASSIGNEE_PATTERN } from '#domain/lifecycle';
import { descriptionSchema, locationSchema, noteSchema } from '#domain/text';
import { TICKET_KINDS, TICKET_STATUSES } from '#domain/ticket';
import { spokenDigits } from '#domain/ticket-number';
import { ticketCreatedMessage } from '#functions/use-cases/speech';
import { canReadTicket, isStaffOf } from '../auth';
import { json } from '../http';
import { MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import {
  blank,
  callerNumber,
  callerOf,
  contactId,
  departmentFor,
  departmentId,
  expectedVersion,
  requestId,
  ticketNumberParam,
} from '../schemas';

/**
 * Tickets (민원): filing one from the desk, reading one, moving it on, reassigning it to another
 * department, and handing it over to a staff member of its department (claim: oneself).
 */

const createBody = z.object({
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
const transitionBody = z.object({ to: z.enum(TICKET_STATUSES), note: noteSchema, expectedVersion });
const reassignBody = z.object({ departmentId, note: noteSchema, expectedVersion });
const assignBody = z.object({
  assignee: z.string().regex(ASSIGNEE_PATTERN),
  note: noteSchema,
  expectedVersion,
});

export const ticketRoutes = ({ config, tickets, createTicket }: ApiDeps) =>
  ({
    'POST /api/tickets': route({
      access: 'desk',
      body: createBody,
      handle: async ({ principal, body, context }) => {
        const department = departmentFor(config, body);
        if (context !== undefined) createTicket.registerLambdaContext(context);
        const created = await createTicket.run({
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
            departmentNameKo: owner?.nameKo ?? MESSAGES_KO.someDepartment,
            dueAt: created.dueAt,
            timeZone: config.timezone,
          }),
        });
      },
    }),

    'GET /api/tickets/{number}': route({
      access: 'ticket-reader',
      params: ticketNumberParam,
      handle: async ({ principal, params }) =>
        json(200, await tickets.get(params.number, (ticket) => canReadTicket(principal, ticket))),
    }),

    'POST /api/tickets/{number}/transitions': route({
      access: 'ticket-changer',
      params: ticketNumberParam,
      body: transitionBody,
      handle: async ({ principal, params, body }) =>
        json(
          200,
          await tickets.transition({
            ticketNumber: params.number,
            to: body.to,
            expectedVersion: body.expectedVersion,
            ...(body.note !== undefined && { note: body.note }),
            by: principal.username,
            mayChange: (ticket) => isStaffOf(principal, ticket.departmentId),
          }),
        ),
    }),

    'POST /api/tickets/{number}/reassign': route({
      access: 'ticket-changer',
      params: ticketNumberParam,
      body: reassignBody,
      handle: async ({ principal, params, body }) =>
        json(
          200,
          await tickets.reassign({
            ticketNumber: params.number,
            departmentId: body.departmentId,
            expectedVersion: body.expectedVersion,
            ...(body.note !== undefined && { note: body.note }),
            by: principal.username,
            mayChange: (ticket) => isStaffOf(principal, ticket.departmentId),
          }),
        ),
    }),

    'POST /api/tickets/{number}/assignee': route({
      access: 'ticket-changer',
      params: ticketNumberParam,
      body: assignBody,
      handle: async ({ principal, params, body }) =>
        json(
          200,
          await tickets.assign({
            ticketNumber: params.number,
            assignee: body.assignee,
            expectedVersion: body.expectedVersion,
            ...(body.note !== undefined && { note: body.note }),
            by: principal.username,
            mayChange: (ticket) => isStaffOf(principal, ticket.departmentId),
          }),
        ),
    }),
  }) satisfies RouteSet;
