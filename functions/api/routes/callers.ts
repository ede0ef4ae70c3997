import * as z from 'zod';
import { toE164 } from '#domain/phone';
import { ApiError, json } from '../http';
import { MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';

/** A caller's tickets (the screen pop's history): `GET /api/callers/tickets`. */
export const callerRoutes = ({ tickets }: ApiDeps) =>
  ({
    'GET /api/callers/tickets': route({
      access: 'desk',
      query: z.object({ number: z.string().min(1).max(40) }),
      handle: async ({ query }) => {
        const e164 = toE164(query.number);
        if (e164 === undefined)
          throw new ApiError(400, 'invalid-caller-number', MESSAGES_KO.invalidCallerNumber);
        return json(200, await tickets.listCaller(e164));
      },
    }),
  }) satisfies RouteSet;
