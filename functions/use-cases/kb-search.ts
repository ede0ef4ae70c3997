import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RuntimeConfigError, requireEnv } from '#commons/runtime-config';
import { KB_DEFAULT_CHECK_INTERVAL_MS, KbSearchService } from '#kb/service';
import { KbTableStore } from '#kb/store';

/**
 * Knowledge-base search as lookup needs it: the best entries' id, title and answer. The engine
 * (functions/kb/, BM25F with a Korean lexicon, rebuilt when the KB version marker changes) sits
 * behind this interface so tests and the flows' simulator can replace it.
 */
export interface KbHit {
  id: string;
  title: string;
  answer: string;
}

export interface KbSearch {
  search(query: string, options: { top: number; category?: string }): Promise<KbHit[]>;
}

export const kbSearchFromService = (service: Pick<KbSearchService, 'search'>): KbSearch => ({
  async search(query, options) {
    const hits = await service.search(query, {
      top: options.top,
      ...(options.category !== undefined && { category: options.category }),
    });
    return hits.map((hit) => ({ id: hit.id, title: hit.entry.title, answer: hit.entry.answer }));
  },
});

type Env = Readonly<Record<string, string | undefined>>;

/** A whole number setting from the environment, with its default and bounds. */
export const wholeFromEnv = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RuntimeConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
};

/**
 * The search service of a Lambda (lookup and api), from the environment: KB_TABLE, optional
 * KB_REFRESH_SECONDS (how often the marker is read; default 15, at most 60: a publish is searchable
 * within that).
 */
export const kbSearchServiceFromEnv = (
  env: Env,
  client: DynamoDBDocumentClient,
  log: { warn(message: string, extra: { error: unknown }): void },
): KbSearchService =>
  new KbSearchService({
    source: new KbTableStore({ client, tableName: requireEnv(env, 'KB_TABLE') }),
    checkIntervalMs:
      wholeFromEnv(env, 'KB_REFRESH_SECONDS', KB_DEFAULT_CHECK_INTERVAL_MS / 1000, 0, 60) * 1000,
    onStaleError: (error) => log.warn('Knowledge base refresh failed; serving the previous index', { error }),
    onSnapshotError: (error) =>
      log.warn('Stored knowledge-base index unusable; building it from the table', { error }),
  });
