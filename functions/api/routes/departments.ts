import { z } from 'zod';
import { departmentById } from '#commons/runtime-config';
import { TICKET_STATUSES } from '#domain/ticket';
import { ApiError, json, noContent } from '../http';
import { MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, departmentParam } from '../schemas';

/** A department's work: its ticket list and its inbox (the department queue's messages). */

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
const ackBody = z.object({ receiptHandle: z.string().min(1).max(2048) });

export const departmentRoutes = ({ config, tickets, inbox }: ApiDeps) =>
  ({
    'GET /api/departments/{id}/tickets': route({
      access: 'department-staff',
      params: departmentParam,
      query: listQuery,
      handle: async ({ params, query }) => {
        if (departmentById(config, params.id) === undefined)
          throw new ApiError(404, 'department-not-found', MESSAGES_KO.departmentNotFound);
        return json(200, { tickets: await tickets.listDepartment(params.id, query.status) });
      },
    }),

    'GET /api/departments/{id}/inbox': route({
      access: 'department-staff',
      params: departmentParam,
      handle: async ({ params }) => json(200, { messages: await inbox.receive(params.id) }),
    }),

    'POST /api/departments/{id}/inbox/ack': route({
      access: 'department-staff',
      params: departmentParam,
      body: ackBody,
      handle: async ({ params, body }) => {
        await inbox.ack(params.id, body.receiptHandle);
        return noContent();
      },
    }),
  }) satisfies RouteSet;
