import { createHash } from 'node:crypto';
import { departmentById, departmentForCategory, type RuntimeConfig } from '#commons/runtime-config';
import type { KbEditorialStore, KbHead, KbVersionRecord } from '#kb/editorial-store';
import { type KbLineError, parseKbJsonl, toKbJsonl } from '#kb/jsonl';
import { addMonths, changedKbFields, cityDay } from '#kb/lifecycle';
import type { KbEntry } from '#kb/schema';
import type { KbTableStore, KbWriteResult } from '#kb/store';

export class KbImportRejected extends Error {
  constructor(
    message: string,
    readonly errors: KbLineError[],
  ) {
    super(message);
  }
}

/** The editorial side of an import: entries become published versions (docs/contracts.md). */
export interface KbImportEditorial {
  store: Pick<KbEditorialStore, 'getHeads' | 'scanHeads' | 'writeImported'>;
  config: RuntimeConfig;
  /** Months until review, counted from the entry's `updatedAt` (else the import day). */
  reviewMonths: number;
  /** Who the versions name (default `import`). */
  by?: string;
  now?: () => Date;
}

export interface KbImportOptions {
  /** File name for messages. */
  file: string;
  skipInvalid?: boolean;
  replace?: boolean;
  /** Versions and owners in the KbEntries table; without it only the published side is written. */
  editorial?: KbImportEditorial;
}

export interface KbImportReport extends KbWriteResult {
  skipped: KbLineError[];
  /** Entries that got a new version (new, or changed since the last import or edit). */
  versioned: number;
  /** Entries whose published version was already this content. */
  unchanged: number;
  /** With --replace: entries not in the file, retired. */
  retired: number;
}

export const formatLineErrors = (file: string, errors: readonly KbLineError[], limit = 50): string =>
  errors
    .slice(0, limit)
    .map((error) => `  ${file}:${error.line}: ${error.message}`)
    .concat(errors.length > limit ? [`  … and ${errors.length - limit} more`] : [])
    .join('\n');

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The entry as published by an import: its owner in `department` (the one the file names when
 * the city has it, else the category's owner) and a `reviewBy` (the file's, else `updatedAt` or
 * the import day plus the review period). Other fields, unknown ones included, as in the file.
 */
export const publishedByImport = (entry: KbEntry, editorial: KbImportEditorial, today: string): KbEntry => {
  const named =
    entry.department !== undefined ? departmentById(editorial.config, entry.department) : undefined;
  const owner = named ?? departmentForCategory(editorial.config, entry.category);
  return {
    ...entry,
    ...(owner !== undefined && { department: owner.id }),
    reviewBy: entry.reviewBy ?? addMonths(entry.updatedAt ?? today, editorial.reviewMonths),
  };
};

/**
 * Validates every line of a KB file before anything is written. With any invalid line the import
 * is rejected (nothing written) unless `skipInvalid`, in which case the valid entries are written
 * and the bad lines reported. With `editorial`, each entry is published as a version by the
 * import (version 1 for a new entry; a new version when the content differs from the entry's
 * current one; nothing for an unchanged published entry), and with `replace` the entries missing
 * from the file are retired. Then the published side: the entries, the prebuilt index snapshot
 * and the marker's new generation (the version: import time plus a content hash).
 */
export const importKb = async (
  text: string,
  store: Pick<KbTableStore, 'writeEntries'>,
  options: KbImportOptions,
): Promise<KbImportReport> => {
  const { entries: parsed, errors, lines } = parseKbJsonl(text);
  if (errors.length > 0 && !options.skipInvalid) {
    throw new KbImportRejected(
      `${options.file}: ${errors.length} invalid line(s) of ${lines}; nothing was written ` +
        `(fix them, or pass --skip-invalid to import the ${parsed.length} valid entries)\n` +
        formatLineErrors(options.file, errors),
      errors,
    );
  }
  if (parsed.length === 0) {
    throw new KbImportRejected(`${options.file}: no valid entries; nothing was written`, errors);
  }
  const editorial = options.editorial;
  let entries = parsed;
  let versioned = 0;
  let unchanged = 0;
  let retired = 0;
  if (editorial) {
    const now = (editorial.now ?? (() => new Date()))();
    const at = now.toISOString();
    const by = editorial.by ?? 'import';
    const today = cityDay(now, editorial.config.timezone);
    entries = parsed.map((entry) => publishedByImport(entry, editorial, today));
    const heads = await editorial.store.getHeads(entries.map((entry) => entry.id));
    const writes: { head: KbHead; record: KbVersionRecord }[] = [];
    const write = (head: KbHead | undefined, content: KbEntry, action: 'import' | 'retire') => {
      const version = (head?.version ?? 0) + 1;
      const state = action === 'import' ? 'published' : 'retired';
      const next: KbHead = {
        ...(head ?? { createdAt: at, createdBy: by }),
        id: content.id,
        state,
        version,
        departmentId: content.department ?? head?.departmentId ?? 'unassigned',
        content,
        changedAt: at,
        changedBy: by,
        ...(action === 'import' && {
          publishedVersion: version,
          feedback: { wrong: 0, outdated: 0, unclear: 0 },
        }),
      };
      if (action === 'retire') delete next.publishedVersion;
      writes.push({
        head: next,
        record: {
          id: content.id,
          version,
          action,
          state,
          by,
          at,
          changed: changedKbFields(head?.content, content),
          content,
        },
      });
    };
    for (const entry of entries) {
      const head = heads.get(entry.id);
      if (head?.state === 'published' && same(head.content, entry)) unchanged++;
      else {
        write(head, entry, 'import');
        versioned++;
      }
    }
    if (options.replace) {
      const keep = new Set(entries.map((entry) => entry.id));
      for (const head of await editorial.store.scanHeads()) {
        if (keep.has(head.id) || head.state === 'retired') continue;
        write(head, head.content, 'retire');
        retired++;
      }
    }
    await editorial.store.writeImported(writes);
  }
  const hash = createHash('sha256').update(toKbJsonl(entries)).digest('hex').slice(0, 16);
  const result = await store.writeEntries(entries, {
    version: `${new Date().toISOString()}#${hash}`,
    replace: options.replace ?? false,
  });
  return { ...result, skipped: errors, versioned, unchanged, retired };
};
