import { createHash } from 'node:crypto';
import { type KbLineError, parseKbJsonl, toKbJsonl } from '#kb/jsonl';
import type { KbTableStore, KbWriteResult } from '#kb/store';

export class KbImportRejected extends Error {
  constructor(
    message: string,
    readonly errors: KbLineError[],
  ) {
    super(message);
  }
}

export interface KbImportOptions {
  /** File name for messages. */
  file: string;
  skipInvalid?: boolean;
  replace?: boolean;
}

export interface KbImportReport extends KbWriteResult {
  skipped: KbLineError[];
}

export const formatLineErrors = (file: string, errors: readonly KbLineError[], limit = 50): string =>
  errors
    .slice(0, limit)
    .map((error) => `  ${file}:${error.line}: ${error.message}`)
    .concat(errors.length > limit ? [`  … and ${errors.length - limit} more`] : [])
    .join('\n');

/**
 * Validates every line of a KB file before anything is written. With any invalid line the import
 * is rejected (nothing written) unless `skipInvalid`, in which case the valid entries are written
 * and the bad lines reported. The version marker is the import time plus a content hash. The
 * store also writes the prebuilt index snapshot (entries + index) the Lambdas load at cold start.
 */
export const importKb = async (
  text: string,
  store: Pick<KbTableStore, 'writeEntries'>,
  options: KbImportOptions,
): Promise<KbImportReport> => {
  const { entries, errors, lines } = parseKbJsonl(text);
  if (errors.length > 0 && !options.skipInvalid) {
    throw new KbImportRejected(
      `${options.file}: ${errors.length} invalid line(s) of ${lines}; nothing was written ` +
        `(fix them, or pass --skip-invalid to import the ${entries.length} valid entries)\n` +
        formatLineErrors(options.file, errors),
      errors,
    );
  }
  if (entries.length === 0) {
    throw new KbImportRejected(`${options.file}: no valid entries; nothing was written`, errors);
  }
  const hash = createHash('sha256').update(toKbJsonl(entries)).digest('hex').slice(0, 16);
  const result = await store.writeEntries(entries, {
    version: `${new Date().toISOString()}#${hash}`,
    replace: options.replace ?? false,
  });
  return { ...result, skipped: errors };
};
