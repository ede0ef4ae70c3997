import type { KbSearchService } from '#kb/service';

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
