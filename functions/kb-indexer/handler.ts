import type { Context } from 'aws-lambda';
import { documentClient } from '#commons/aws/dynamodb';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { logger } from '#commons/powertools';
import { requireEnv } from '#commons/runtime-config';
import { KbTableStore } from '#kb/store';

/**
 * kb-indexer — run by an EventBridge schedule (Functions stack; the city config's
 * `kb.compactEveryMinutes`). When entries were published or retired since the index snapshot of
 * the KnowledgeBase table, it builds a new snapshot from a consistent scan and makes it current
 * (KbTableStore.compact, docs/contracts.md "KnowledgeBase"). Nothing waits for it: every
 * container's search already applies the published changes itself within its refresh interval;
 * compaction keeps those delta segments, and the change log a cold start reads, small.
 *
 * Environment: KB_TABLE, optional KB_COMPACT_MIN_CHANGES (default 1).
 */

const store = new KbTableStore({ client: documentClient, tableName: requireEnv(process.env, 'KB_TABLE') });
const minChanges = Number(process.env.KB_COMPACT_MIN_CHANGES ?? '1') || 1;

export const handler = withPowertools(async (_event: unknown, _context: Context) => {
  const started = Date.now();
  const result = await store.compact({ minChanges });
  if (result.compacted) {
    countMetric('KbCompaction', { result: 'compacted' });
    logger.info('Knowledge base compacted', { ...result, ms: Date.now() - started });
  }
  return result;
});
