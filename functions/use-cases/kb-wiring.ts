import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RuntimeConfig, RuntimeConfigError, requireEnv } from '#commons/runtime-config';
import { createKbEditing } from '#functions/use-cases/kb-editing';
import { createKbGaps } from '#functions/use-cases/kb-gaps';
import { createKbLexicon } from '#functions/use-cases/kb-lexicon';
import { KbEditorialStore } from '#kb/editorial-store';
import { KbSearchLogStore } from '#kb/search-log-store';
import { KB_DEFAULT_CHECK_INTERVAL_MS, KbSearchService } from '#kb/service';
import { KbTableStore } from '#kb/store';

/**
 * Composition root of the 상담DB parts, once per container (docs/contracts.md, "Runtime
 * configuration"):
 * - the search service (lookup and api): KB_TABLE, optional KB_REFRESH_SECONDS (how often the
 *   marker is read; default 15, at most 60: a publish is searchable within that);
 * - the editorial side (api): KB_ENTRIES_TABLE, KB_SEARCH_LOG_TABLE, optional KB_REVIEW_MONTHS
 *   (default 12), KB_SEARCH_LOG_RETENTION_DAYS (default 90), KB_FEEDBACK_RETENTION_DAYS
 *   (default 365) — the stacks set them from the city config's `kb` section.
 */

type Env = Readonly<Record<string, string | undefined>>;

const whole = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RuntimeConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
};

export const kbSearchServiceFromEnv = (
  env: Env,
  client: DynamoDBDocumentClient,
  log: { warn(message: string, extra: { error: unknown }): void },
): KbSearchService =>
  new KbSearchService({
    source: new KbTableStore({ client, tableName: requireEnv(env, 'KB_TABLE') }),
    checkIntervalMs: whole(env, 'KB_REFRESH_SECONDS', KB_DEFAULT_CHECK_INTERVAL_MS / 1000, 0, 60) * 1000,
    onStaleError: (error) => log.warn('Knowledge base refresh failed; serving the previous index', { error }),
    onSnapshotError: (error) =>
      log.warn('Stored knowledge-base index unusable; building it from the table', { error }),
  });

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
      reviewMonths: whole(env, 'KB_REVIEW_MONTHS', 12, 1, 120),
      feedbackRetentionDays: whole(env, 'KB_FEEDBACK_RETENTION_DAYS', 365, 1, 3650),
    }),
    kbGaps: createKbGaps({
      log: new KbSearchLogStore({ client, tableName: requireEnv(env, 'KB_SEARCH_LOG_TABLE') }),
      client,
      entriesTable: requireEnv(env, 'KB_ENTRIES_TABLE'),
      config,
      retentionDays: whole(env, 'KB_SEARCH_LOG_RETENTION_DAYS', 90, 1, 3650),
    }),
    kbLexicon: createKbLexicon({ store }),
  };
};
