import * as z from 'zod';
import { departmentQueueName } from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { spokenDigits } from '#domain/ticket-number';
import { createEscalation, type EscalationResult } from '#functions/use-cases/escalate';
import { callbackCreatedMessage } from '#functions/use-cases/speech';
import { json } from '../http';
import { transferMessage } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, callerNumber, callerOf, contactId, departmentFor, departmentId, requestId } from '../schemas';

/** A counselor's hand-off to a department: a transfer when staff can take the call, else a call-back ticket. */

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
            message: transferMessage('queue', result.department.nameKo),
          }
        : {
            outcome: 'transfer',
            transferType: 'phone',
            phoneNumber: result.phoneNumber,
            ...department,
            message: transferMessage('phone', result.department.nameKo),
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

export const escalationRoutes = ({ config, availability, createTicket }: ApiDeps) =>
  ({
    'POST /api/escalations': route({
      access: 'desk',
      body: escalationBody,
      handle: async ({ body, context }) => {
        const department = departmentFor(config, body);
        const caller = callerOf(body.callerNumber);
        if (context !== undefined) createTicket.registerLambdaContext(context);
        // Per request (closures only): the call-back ticket is idempotent on the desk's requestId.
        const escalation = createEscalation({
          availability,
          config,
          createTicket: ({ idempotencyKey: _contactKey, ...request }) =>
            createTicket.run({ ...request, idempotencyKey: `desk-escalation:${body.requestId}` }),
        });
        const result = await escalation.route(department, {
          caller,
          ...(body.contactId !== undefined && { contactId: body.contactId }),
        });
        return json(200, escalationView(result));
      },
    }),
  }) satisfies RouteSet;
