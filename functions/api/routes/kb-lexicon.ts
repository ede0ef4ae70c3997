import * as z from 'zod';
import { KB_MAX_PAGE } from '#kb/editorial-store';
import { LexiconDataSchema } from '#kb/lexicon-text';
import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank } from '../schemas';
import { actorOf, kbWork } from './kb-errors';

/**
 * The lexicon (synonyms and colloquial expressions the search expands queries with), edited by
 * admins like entries: read, save a draft (`version` read, 409 when someone saved in between),
 * publish (searchable within a check interval in every container), history, restore.
 */

const version = z.number().int().min(0);
const saveBody = z.object({ version, lexicon: LexiconDataSchema });
const publishBody = z.object({ version: version.min(1) });
const restoreBody = z.object({ version: version.min(1), from: z.number().int().min(1) });
const pageQuery = z.object({
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(KB_MAX_PAGE).optional()),
  cursor: z.preprocess(blank, z.string().max(2048).optional()),
});

export const kbLexiconRoutes = ({ kbLexicon }: ApiDeps) =>
  ({
    'GET /api/kb/lexicon': route({
      access: 'any',
      handle: ({ principal }) => kbWork(async () => json(200, await kbLexicon.get(actorOf(principal)))),
    }),

    'PUT /api/kb/lexicon': route({
      access: 'any',
      body: saveBody,
      maxBodyBytes: 512 * 1024,
      handle: ({ principal, body }) =>
        kbWork(async () => json(200, await kbLexicon.save(actorOf(principal), body.version, body.lexicon))),
    }),

    'POST /api/kb/lexicon/publish': route({
      access: 'any',
      body: publishBody,
      handle: ({ principal, body }) =>
        kbWork(async () => json(200, await kbLexicon.publish(actorOf(principal), body.version))),
    }),

    'POST /api/kb/lexicon/restore': route({
      access: 'any',
      body: restoreBody,
      handle: ({ principal, body }) =>
        kbWork(async () => json(200, await kbLexicon.restore(actorOf(principal), body.version, body.from))),
    }),

    'GET /api/kb/lexicon/history': route({
      access: 'any',
      query: pageQuery,
      handle: ({ principal, query }) =>
        kbWork(async () => {
          const page = await kbLexicon.history(actorOf(principal), {
            limit: query.limit ?? 50,
            ...(query.cursor !== undefined && { cursor: query.cursor }),
          });
          return json(200, { versions: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) });
        }),
    }),
  }) satisfies RouteSet;
