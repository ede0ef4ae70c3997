import {
  createKbIndex,
  isLoadableKbIndex,
  type KbIndex,
  type KbIndexOptions,
  loadKbIndex,
  type SerializedKbIndex,
} from './engine';
import type { KbEntry } from './schema';

/**
 * A prebuilt KB: the entries and their serialised index, as one UTF-8 JSON document. `kb import`
 * stores it in the KnowledgeBase table next to the entries (store.ts: gzipped, in chunks, tagged
 * with the import's version), and the Lambda's KbSearchService loads it at cold start instead of
 * scanning the table and tokenising every entry. Pure (no I/O): runs in the browser too.
 */
export interface KbSnapshot {
  entries: KbEntry[];
  index: SerializedKbIndex;
}

export interface LoadedKbSnapshot {
  entries: KbEntry[];
  index: KbIndex;
}

/** Builds the index of `entries` and serialises both. */
export const encodeKbSnapshot = (entries: readonly KbEntry[], options: KbIndexOptions = {}): Uint8Array => {
  const snapshot: KbSnapshot = { entries: [...entries], index: createKbIndex(entries, options).toJSON() };
  return new TextEncoder().encode(JSON.stringify(snapshot));
};

/**
 * Restores entries and index from `encodeKbSnapshot` bytes. Undefined when the snapshot was made
 * by another analyser or layout (`KB_INDEX_FORMAT`) or with other field weights / k1: the caller
 * then builds from the entries instead. Throws when the bytes are not a snapshot at all.
 */
export const decodeKbSnapshot = (
  bytes: Uint8Array,
  options: KbIndexOptions = {},
): LoadedKbSnapshot | undefined => {
  const snapshot = JSON.parse(new TextDecoder().decode(bytes)) as Partial<KbSnapshot>;
  if (!Array.isArray(snapshot.entries) || typeof snapshot.index !== 'object' || snapshot.index === null) {
    throw new Error('not a KB snapshot');
  }
  if (!isLoadableKbIndex(snapshot.index, options)) return undefined;
  const index = loadKbIndex(snapshot.index, options);
  if (index.size !== snapshot.entries.length) throw new Error('KB snapshot: entries and index differ');
  return { entries: snapshot.entries, index };
};
