import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RuntimeConfig, requireEnv } from '#commons/runtime-config';
import { createKbEditing } from '#functions/use-cases/kb-editing';
import { createKbGaps } from '#functions/use-cases/kb-gaps';
import { createKbLexicon } from '#functions/use-cases/kb-lexicon';
import { wholeFromEnv } from '#functions/use-cases/kb-search';
import { KbEditorialStore } from '#kb/editorial-store';
import { KbSearchLogStore } from '#kb/search-log-store';

/**
 * Composition root of the 상담DB's editorial side (the api function), once per container
 * (docs/contracts.md, "Runtime configuration"): KB_TABLE, KB_ENTRIES_TABLE, KB_SEARCH_LOG_TABLE,
 * optional KB_REVIEW_MONTHS (default 12), KB_SEARCH_LOG_RETENTION_DAYS (default 90) and
 * KB_FEEDBACK_RETENTION_DAYS (default 365), which the stacks set from the city config's `kb`.
 * The search service's root is kbSearchServiceFromEnv in kb-search.ts: the lookup function uses
 * it without loading the editorial side.
 */

type Env = Readonly<Record<string, string | undefined>>;

export const kbEditorialFromEnv = (env: Env, client: DynamoDBDocumentClient, config: RuntimeConfig) => {
  const store = new KbEditorialStore({
    client,
    entriesTable: requireEnv(env, 'KB_ENTRIES_TABLE'),
    corpusTable: requireEnv(env, 'KB_TABLE'),
  });
  return {
    kbEditing: createKbEditing({
      store,
      config,
      reviewMonths: wholeFromEnv(env, 'KB_REVIEW_MONTHS', 12, 1, 120),
      feedbackRetentionDays: wholeFromEnv(env, 'KB_FEEDBACK_RETENTION_DAYS', 365, 1, 3650),
    }),
    kbGaps: createKbGaps({
      log: new KbSearchLogStore({ client, tableName: requireEnv(env, 'KB_SEARCH_LOG_TABLE') }),
      client,
      entriesTable: requireEnv(env, 'KB_ENTRIES_TABLE'),
      config,
      retentionDays: wholeFromEnv(env, 'KB_SEARCH_LOG_RETENTION_DAYS', 90, 1, 3650),
    }),
    kbLexicon: createKbLexicon({ store }),
  };
};
