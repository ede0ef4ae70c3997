import * as z from 'zod';
import { CATEGORY_CODES } from '#domain/categories';
import { checkText, NOTE_MAX, noteSchema, TEXT_ISSUE_MESSAGES } from '#domain/text';
import { KB_FEEDBACK_KINDS, KB_MAX_PAGE } from '#kb/editorial-store';
import { KB_STATES } from '#kb/lifecycle';
import { isoDate } from '#kb/schema';
import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, departmentId } from '../schemas';
import { actorOf, kbWork } from './kb-errors';

/**
 * The 상담DB entries (docs/contracts.md, "상담DB routes"): list, create, read, edit, the lifecycle
 * (submit → publish → retire, reject back to draft), history and restore, and the counselors'
 * feedback. Every signed-in role with a 상담DB role reads; department staff change their
 * department's entries, admins all (kb-editing.ts checks it against the entry); counselors give
 * feedback. Writes carry the `version` the editor read: another change in between is a 409.
 */

export const KB_TITLE_MAX = 200;
export const KB_ANSWER_TEXT_MAX = 4000;

const text = (max: number) =>
  z.unknown().transform((value, ctx) => {
    const checked = checkText(value, { max });
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', message: TEXT_ISSUE_MESSAGES[checked.issue] });
      return z.NEVER;
    }
    return checked.value;
  });

const textList = (maxItems: number, maxLength: number) => z.array(text(maxLength)).max(maxItems).optional();

/** The editable fields of an entry (the JSON Lines format's, other than id). */
const contentBody = z.object({
  category: z.enum(CATEGORY_CODES),
  title: text(KB_TITLE_MAX),
  answer: text(KB_ANSWER_TEXT_MAX),
  keywords: textList(40, 50),
  questions: textList(40, 200),
  department: z.preprocess(blank, departmentId.optional()),
  reviewBy: z.preprocess(blank, isoDate.optional()),
});

const version = z.number().int().min(1);
const entryParam = z.object({ id: z.string().regex(/^[A-Za-z0-9][\w.-]{0,199}$/) });
const limit = z.preprocess(blank, z.coerce.number().int().min(1).max(KB_MAX_PAGE).optional());
const cursor = z.preprocess(blank, z.string().max(2048).optional());

const listQuery = z.object({
  department: z.preprocess(blank, departmentId.optional()),
  state: z.preprocess(blank, z.enum(KB_STATES).optional()),
  overdue: z.preprocess(blank, z.enum(['true', 'false']).optional()),
  limit,
  cursor,
});
const pageQuery = z.object({ limit, cursor });
const versionBody = z.object({ version, note: noteSchema });
const restoreBody = z.object({ version, from: version });
const feedbackBody = z.object({
  kind: z.enum(KB_FEEDBACK_KINDS as ['wrong', 'outdated', 'unclear']),
  note: z.preprocess(blank, text(NOTE_MAX).optional()),
  searchId: z.preprocess(blank, z.uuid().optional()),
});

export const kbEntryRoutes = ({ kbEditing }: ApiDeps) =>
  ({
    'GET /api/kb/entries': route({
      access: 'any',
      query: listQuery,
      handle: ({ principal, query }) =>
        kbWork(async () => {
          const page = await kbEditing.list(actorOf(principal), {
            ...(query.department !== undefined && { department: query.department }),
            ...(query.state !== undefined && { state: query.state }),
            ...(query.cursor !== undefined && { cursor: query.cursor }),
            limit: query.limit ?? 50,
            overdue: query.overdue === 'true',
          });
          return json(200, { entries: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) });
        }),
    }),

    'POST /api/kb/entries': route({
      access: 'any',
      body: contentBody,
      handle: ({ principal, body }) =>
        kbWork(async () => json(201, await kbEditing.create(actorOf(principal), body))),
    }),

    'GET /api/kb/entries/{id}': route({
      access: 'any',
      params: entryParam,
      handle: ({ principal, params }) =>
        kbWork(async () => json(200, await kbEditing.get(actorOf(principal), params.id))),
    }),

    'PUT /api/kb/entries/{id}': route({
      access: 'any',
      params: entryParam,
      body: contentBody.extend({ version }),
      handle: ({ principal, params, body }) =>
        kbWork(async () => {
          const { version: expected, ...content } = body;
          return json(200, await kbEditing.update(actorOf(principal), params.id, expected, content));
        }),
    }),

    'POST /api/kb/entries/{id}/submit': route({
      access: 'any',
      params: entryParam,
      body: versionBody,
      handle: ({ principal, params, body }) =>
        kbWork(async () =>
          json(
            200,
            await kbEditing.transition(actorOf(principal), params.id, 'submit', body.version, body.note),
          ),
        ),
    }),

    'POST /api/kb/entries/{id}/reject': route({
      access: 'any',
      params: entryParam,
      body: versionBody,
      handle: ({ principal, params, body }) =>
        kbWork(async () =>
          json(
            200,
            await kbEditing.transition(actorOf(principal), params.id, 'reject', body.version, body.note),
          ),
        ),
    }),

    'POST /api/kb/entries/{id}/publish': route({
      access: 'any',
      params: entryParam,
      body: versionBody,
      handle: ({ principal, params, body }) =>
        kbWork(async () =>
          json(
            200,
            await kbEditing.transition(actorOf(principal), params.id, 'publish', body.version, body.note),
          ),
        ),
    }),

    'POST /api/kb/entries/{id}/retire': route({
      access: 'any',
      params: entryParam,
      body: versionBody,
      handle: ({ principal, params, body }) =>
        kbWork(async () =>
          json(
            200,
            await kbEditing.transition(actorOf(principal), params.id, 'retire', body.version, body.note),
          ),
        ),
    }),

    'POST /api/kb/entries/{id}/restore': route({
      access: 'any',
      params: entryParam,
      body: restoreBody,
      handle: ({ principal, params, body }) =>
        kbWork(async () =>
          json(200, await kbEditing.restore(actorOf(principal), params.id, body.version, body.from)),
        ),
    }),

    'GET /api/kb/entries/{id}/history': route({
      access: 'any',
      params: entryParam,
      query: pageQuery,
      handle: ({ principal, params, query }) =>
        kbWork(async () => {
          const page = await kbEditing.history(actorOf(principal), params.id, {
            limit: query.limit ?? 50,
            ...(query.cursor !== undefined && { cursor: query.cursor }),
          });
          return json(200, { versions: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) });
        }),
    }),

    'POST /api/kb/entries/{id}/feedback': route({
      access: 'desk',
      params: entryParam,
      body: feedbackBody,
      handle: ({ principal, params, body }) =>
        kbWork(async () => {
          const feedback = await kbEditing.feedback(actorOf(principal), params.id, {
            kind: body.kind,
            ...(body.note !== undefined && { note: body.note }),
            ...(body.searchId !== undefined && { searchId: body.searchId }),
          });
          return json(201, feedback);
        }),
    }),
  }) satisfies RouteSet;
