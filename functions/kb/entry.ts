import { CATEGORY_CODES } from '#domain/categories';
import type { KbEntry } from './schema';

/**
 * What the Lambda side needs about entries without loading zod: the reserved ids of the
 * KnowledgeBase table and a cheap structural check of items read back from it (they were fully
 * validated by `kb import`, functions/kb/schema.ts).
 */

/** Id of the version-marker item in the KnowledgeBase table (docs/contracts.md). */
export const KB_META_ID = '__meta__';

/** Ids of the prebuilt index snapshot's chunks: `__index__#0`, `__index__#1`, … */
export const KB_INDEX_CHUNK_PREFIX = '__index__#';

/** Ids of the change log's items: `__change__#0000000001`, … (zero-padded, in publish order). */
export const KB_CHANGE_PREFIX = '__change__#';

export const changeItemId = (seq: number): string => `${KB_CHANGE_PREFIX}${String(seq).padStart(10, '0')}`;

/** Id of the published lexicon item (admins' synonyms, replacing the built-in lexicon.json). */
export const KB_LEXICON_ID = '__lexicon__';

/** Entry ids never start with this (the schema refuses them): table bookkeeping items do. */
export const KB_RESERVED_PREFIX = '__';

export const isReservedKbId = (id: unknown): boolean =>
  typeof id === 'string' && id.startsWith(KB_RESERVED_PREFIX);

const CATEGORIES: ReadonlySet<string> = new Set(CATEGORY_CODES);

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const isTextList = (value: unknown): boolean => Array.isArray(value) && value.every(isText);

/**
 * Structural check of an item read from the table: the required fields are non-empty strings,
 * the category is known, optional lists are lists of strings. Returns what is wrong, or undefined.
 * Much cheaper than the zod schema (no copy, no per-field closures), enough for data the import
 * validated; files are still validated in full (jsonl.ts).
 */
export const checkKbEntryShape = (item: Record<string, unknown>): string | undefined => {
  if (!isText(item.id)) return 'id: must be a non-empty string';
  if (typeof item.category !== 'string' || !CATEGORIES.has(item.category)) return 'category: unknown';
  if (!isText(item.title)) return 'title: must be a non-empty string';
  if (!isText(item.answer)) return 'answer: must be a non-empty string';
  if (item.keywords !== undefined && !isTextList(item.keywords)) return 'keywords: must be a list of strings';
  if (item.questions !== undefined && !isTextList(item.questions))
    return 'questions: must be a list of strings';
  if (item.department !== undefined && !isText(item.department)) return 'department: must be a string';
  if (item.updatedAt !== undefined && typeof item.updatedAt !== 'string')
    return 'updatedAt: must be a string';
  if (item.reviewBy !== undefined && typeof item.reviewBy !== 'string') return 'reviewBy: must be a string';
  return undefined;
};

export const isKbEntryShape = (item: Record<string, unknown>): item is KbEntry =>
  checkKbEntryShape(item) === undefined;
