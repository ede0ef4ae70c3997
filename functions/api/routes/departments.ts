import * as z from 'zod';
import { departmentById } from '#commons/runtime-config';
import { ASSIGNEE_PATTERN } from '#domain/lifecycle';
import { TICKET_STATUSES } from '#domain/ticket';
import { DEPARTMENT_PAGE_MAX } from '#functions/use-cases/manage-ticket';
import { ApiError, json, noContent } from '../http';
import { MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, departmentParam } from '../schemas';

/**
 * A department's work: its ticket list (earliest due first, paged, filtered by status and
 * assignee) and its inbox (the durable record of its queue's messages, with each staff member's
 * read marks).
 */

const listQuery = z.object({
  status: z.preprocess(
    blank,
    z
      .string()
      .transform((value) => value.split(',').map((s) => s.trim()))
      .pipe(z.array(z.enum(TICKET_STATUSES)).min(1).max(TICKET_STATUSES.length))
      .optional(),
  ),
  /** A staff username, or `me`. */
  assignee: z.preprocess(blank, z.string().regex(ASSIGNEE_PATTERN).optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(DEPARTMENT_PAGE_MAX).optional()),
  cursor: z.preprocess(blank, z.string().max(2048).optional()),
});
const inboxQuery = z.object({
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(100).optional()),
  cursor: z.preprocess(blank, z.string().max(2048).optional()),
  unread: z.preprocess(blank, z.enum(['true', 'false']).optional()),
});
const ackBody = z.object({ receiptHandle: z.string().min(1).max(2048) });

export const departmentRoutes = ({ config, tickets, inbox }: ApiDeps) =>
  ({
    'GET /api/departments/{id}/tickets': route({
      access: 'department-staff',
      params: departmentParam,
      query: listQuery,
      handle: async ({ principal, params, query }) => {
        if (departmentById(config, params.id) === undefined)
          throw new ApiError(404, 'department-not-found', MESSAGES_KO.departmentNotFound);
        const assignee = query.assignee === 'me' ? principal.username : query.assignee;
        return json(
          200,
          await tickets.listDepartment({
            departmentId: params.id,
            ...(query.status !== undefined && { statuses: query.status }),
            ...(assignee !== undefined && { assignee }),
            ...(query.limit !== undefined && { limit: query.limit }),
            ...(query.cursor !== undefined && { cursor: query.cursor }),
          }),
        );
      },
    }),

    'GET /api/departments/{id}/inbox': route({
      access: 'department-staff',
      params: departmentParam,
      query: inboxQuery,
      handle: async ({ principal, params, query }) =>
        json(
          200,
          await inbox.list(params.id, principal.username, {
            ...(query.limit !== undefined && { limit: query.limit }),
            ...(query.cursor !== undefined && { cursor: query.cursor }),
            unreadOnly: query.unread === 'true',
          }),
        ),
    }),

    'POST /api/departments/{id}/inbox/ack': route({
      access: 'department-staff',
      params: departmentParam,
      body: ackBody,
      handle: async ({ principal, params, body }) => {
        await inbox.ack(params.id, body.receiptHandle, principal.username);
        return noContent();
      },
    }),
  }) satisfies RouteSet;
