import type { KbIndex } from '#kb/engine';

export interface EvalCase {
  query: string;
  expected: string[];
}

export interface EvalReport {
  queries: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  /** Queries whose first expected id is not in the top 3, with what came back. */
  misses: { query: string; expected: string[]; got: string[]; rank: number | null }[];
  /** Expected ids that are not in the KB at all. */
  unknownIds: string[];
}

/**
 * recall@k: share of queries with at least one expected id in the top k. MRR: mean of 1/rank of
 * the best-ranked expected id within the top 10 (0 when absent).
 */
export const evaluate = (
  index: KbIndex,
  cases: readonly EvalCase[],
  knownIds: ReadonlySet<string>,
): EvalReport => {
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  const misses: EvalReport['misses'] = [];
  const unknown = new Set<string>();
  for (const { query, expected } of cases) {
    for (const id of expected) if (!knownIds.has(id)) unknown.add(id);
    const got = index.search(query, { top: 10 }).map((hit) => hit.id);
    const position = got.findIndex((id) => expected.includes(id));
    const rank = position >= 0 ? position + 1 : null;
    if (rank === 1) hit1++;
    if (rank !== null && rank <= 3) hit3++;
    else misses.push({ query, expected, got: got.slice(0, 3), rank });
    if (rank !== null) reciprocal += 1 / rank;
  }
  const n = cases.length || 1;
  return {
    queries: cases.length,
    recallAt1: hit1 / n,
    recallAt3: hit3 / n,
    mrr: reciprocal / n,
    misses,
    unknownIds: [...unknown].sort(),
  };
};
