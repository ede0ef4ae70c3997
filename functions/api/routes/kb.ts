import * as z from 'zod';
import { departmentForCategory } from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { checkText, TEXT_ISSUE_MESSAGES } from '#domain/text';
import { cityDay, isReviewOverdue } from '#kb/lifecycle';
import { json } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank } from '../schemas';

/**
 * The consultation DB (상담DB) search: `GET /api/kb/search`. Each search is logged for the gaps
 * report (use-cases/kb-gaps.ts: masked query, result ids; `searchId` groups the searches of one
 * query being typed), and results past their review date are marked `reviewOverdue`.
 */

const searchQuery = z.object({
  q: z.unknown().transform((value, ctx) => {
    const text = checkText(value, { max: 200 });
    if (!text.ok) {
      ctx.addIssue({ code: 'custom', message: TEXT_ISSUE_MESSAGES[text.issue] });
      return z.NEVER;
    }
    return text.value;
  }),
  category: z.preprocess(blank, z.enum(CATEGORY_CODES).optional()),
  top: z.preprocess(blank, z.coerce.number().int().min(1).max(10).optional()),
  searchId: z.preprocess(blank, z.uuid().optional()),
});

export const kbRoutes = ({ config, kb, kbGaps, onError, now }: ApiDeps) =>
  ({
    'GET /api/kb/search': route({
      access: 'desk',
      query: searchQuery,
      handle: async ({ query }) => {
        const hits = await kb.search(query.q, {
          top: query.top ?? 5,
          ...(query.category !== undefined && { category: query.category }),
        });
        const today = cityDay(now?.() ?? new Date(), config.timezone);
        const results = hits.map((hit) => ({
          id: hit.id,
          title: hit.entry.title,
          answer: hit.entry.answer,
          category: hit.entry.category,
          department: hit.entry.department ?? departmentForCategory(config, hit.entry.category)?.id ?? null,
          score: Math.round(hit.score * 1000) / 1000,
          reviewBy: hit.entry.reviewBy ?? null,
          reviewOverdue: isReviewOverdue(hit.entry.reviewBy, today),
        }));
        const searchId = query.searchId ?? crypto.randomUUID();
        // Logging never fails the search: a counselor on a call needs the answer first.
        await kbGaps
          .logSearch({
            searchId,
            query: query.q,
            resultIds: results.map((r) => r.id),
            departmentOfTop: results[0]?.department ?? undefined,
            ...(query.category !== undefined && { category: query.category }),
          })
          .catch((error: unknown) => onError?.(error, 'GET /api/kb/search (search log)'));
        return json(200, { results, searchId });
      },
    }),
  }) satisfies RouteSet;
