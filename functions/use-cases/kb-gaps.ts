import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { maskPhoneNumbersInText } from '#commons/masking';
import { departmentForCategory, type RuntimeConfig } from '#commons/runtime-config';
import { feedbackCounts, KB_BY_DEPARTMENT_INDEX, type KbFeedbackCounts } from '#kb/editorial-store';
import { cityDay, type KbState } from '#kb/lifecycle';
import {
  KB_UNASSIGNED,
  type KbLoggedSearch,
  type KbSearchEventKind,
  type KbSearchLogStore,
} from '#kb/search-log-store';
import { compact } from '#kb/tokenizer';

/**
 * What the 상담DB learns from the desk (docs/contracts.md, "상담DB search log and gaps"): every
 * desk search is logged without personal data — the query text through the project's masking
 * function, the result ids, which results the counselor opened or used — and attributed to a
 * department (the top result's owner, else the owner of the call's category, else `unassigned`).
 * The gaps report is a department's to-do list: the frequent queries no result was used for, the
 * entries with the most negative feedback since they were last published, and the published
 * entries past their review date.
 */

export interface KbGapsOptions {
  log: KbSearchLogStore;
  client: DynamoDBDocumentClient;
  entriesTable: string;
  config: RuntimeConfig;
  /** Days a search log item is kept (TTL). */
  retentionDays: number;
  now?: () => Date;
}

export interface KbQueryGap {
  query: string;
  searches: number;
  /** Searches of it that ended with no result used. */
  unanswered: number;
  /** Of those, searches that found nothing at all. */
  noResults: number;
  lastAt: string;
}

export interface KbFeedbackGap {
  id: string;
  title: string;
  state: KbState;
  feedback: KbFeedbackCounts;
  total: number;
  lastFeedbackAt: string | null;
}

export interface KbGapsReport {
  departmentId: string;
  days: number;
  from: string;
  to: string;
  searches: number;
  queries: KbQueryGap[];
  feedback: KbFeedbackGap[];
  reviewOverdue: { id: string; title: string; reviewBy: string }[];
}

/** The masked query as logged, and the key searches are grouped by (case, spacing and punctuation ignored). */
export const maskQuery = (query: string): { query: string; key: string } => {
  const masked = maskPhoneNumbersInText(query).trim();
  return { query: masked, key: compact(masked) || masked };
};

export const createKbGaps = (options: KbGapsOptions) => {
  const { log, config } = options;
  const now = options.now ?? (() => new Date());

  return {
    /**
     * Logs a desk search (best effort for the caller: the route does not fail the search when
     * logging fails). `departmentOfTop` is the top result's department.
     */
    async logSearch(input: {
      searchId: string;
      query: string;
      resultIds: string[];
      departmentOfTop: string | undefined;
      category?: string;
    }): Promise<void> {
      const at = now();
      const { query, key } = maskQuery(input.query);
      const departmentId =
        input.departmentOfTop ??
        (input.category !== undefined ? departmentForCategory(config, input.category)?.id : undefined) ??
        KB_UNASSIGNED;
      await log.log({
        searchId: input.searchId,
        at: at.toISOString(),
        day: cityDay(at, config.timezone),
        departmentId,
        query,
        queryKey: key,
        resultIds: input.resultIds,
        ...(input.category !== undefined && { category: input.category }),
        expiresAt: Math.floor(at.getTime() / 1000) + options.retentionDays * 86_400,
      });
    },

    recordEvent: (searchId: string, kind: KbSearchEventKind, entryId: string) =>
      log.addEvent(searchId, kind, entryId),

    async report(departmentId: string, days: number, minSearches = 2): Promise<KbGapsReport> {
      const at = now();
      const nowSeconds = Math.floor(at.getTime() / 1000);
      const dayList = Array.from({ length: days }, (_, i) =>
        cityDay(new Date(at.getTime() - i * 86_400_000), config.timezone),
      );
      const [logged, heads] = await Promise.all([
        Promise.all(dayList.map((day) => log.searchesOn(departmentId, day, nowSeconds))),
        departmentId === KB_UNASSIGNED ? Promise.resolve([]) : departmentHeads(options, departmentId),
      ]);
      const searches = logged.flat();
      const today = cityDay(at, config.timezone);
      const feedback: KbFeedbackGap[] = heads
        .map((head) => ({
          id: head.id,
          title: head.title,
          state: head.state,
          feedback: head.feedback,
          total: head.feedback.wrong + head.feedback.outdated + head.feedback.unclear,
          lastFeedbackAt: head.lastFeedbackAt ?? null,
        }))
        .filter((head) => head.total > 0 && head.state !== 'retired')
        .sort((a, b) => b.total - a.total || (b.lastFeedbackAt ?? '').localeCompare(a.lastFeedbackAt ?? ''))
        .slice(0, 50);
      const reviewOverdue = heads
        .filter((head) => head.state === 'published' && head.reviewBy !== undefined && head.reviewBy < today)
        .map((head) => ({ id: head.id, title: head.title, reviewBy: head.reviewBy as string }))
        .sort((a, b) => a.reviewBy.localeCompare(b.reviewBy))
        .slice(0, 100);
      return {
        departmentId,
        days,
        from: dayList[dayList.length - 1] ?? today,
        to: today,
        searches: searches.length,
        queries: queryGaps(searches, minSearches),
        feedback,
        reviewOverdue,
      };
    },
  };
};

export type KbGaps = ReturnType<typeof createKbGaps>;

/** Groups searches by query key: the frequent ones whose sessions ended with no result used. */
export const queryGaps = (searches: readonly KbLoggedSearch[], minSearches: number): KbQueryGap[] => {
  const groups = new Map<string, KbQueryGap>();
  for (const search of searches) {
    const gap = groups.get(search.queryKey) ?? {
      query: search.query,
      searches: 0,
      unanswered: 0,
      noResults: 0,
      lastAt: search.at,
    };
    gap.searches++;
    if (search.used.length === 0) gap.unanswered++;
    if (search.resultIds.length === 0) gap.noResults++;
    if (search.at > gap.lastAt) {
      gap.lastAt = search.at;
      gap.query = search.query;
    }
    groups.set(search.queryKey, gap);
  }
  return [...groups.values()]
    .filter((gap) => gap.unanswered >= minSearches)
    .sort((a, b) => b.unanswered - a.unanswered || b.lastAt.localeCompare(a.lastAt))
    .slice(0, 50);
};

interface HeadSummary {
  id: string;
  title: string;
  state: KbState;
  feedback: KbFeedbackCounts;
  lastFeedbackAt: string | undefined;
  reviewBy: string | undefined;
}

/** Every head of a department (GSI byDepartment, projected to what the report needs). */
const departmentHeads = async (options: KbGapsOptions, departmentId: string): Promise<HeadSummary[]> => {
  const heads: HeadSummary[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await options.client.send(
      new QueryCommand({
        TableName: options.entriesTable,
        IndexName: KB_BY_DEPARTMENT_INDEX,
        KeyConditionExpression: 'departmentId = :d',
        ProjectionExpression: 'id, #state, content.title, content.reviewBy, feedback, lastFeedbackAt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':d': departmentId },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const content = (item.content ?? {}) as { title?: string; reviewBy?: string };
      heads.push({
        id: String(item.id),
        title: content.title ?? '',
        state: item.state as KbState,
        feedback: feedbackCounts(item as { feedback?: KbFeedbackCounts }),
        lastFeedbackAt: typeof item.lastFeedbackAt === 'string' ? item.lastFeedbackAt : undefined,
        reviewBy: content.reviewBy,
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return heads;
};
