import { formatIssues, type KbEntry, KbEntrySchema } from './schema';

export interface KbLineError {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface KbParseResult {
  /** Valid entries, in file order. */
  entries: KbEntry[];
  /** Every bad line (invalid JSON, schema violation, duplicate id), in file order. */
  errors: KbLineError[];
  /** Number of non-blank lines read. */
  lines: number;
}

/**
 * Parses and validates a KB JSON Lines text completely (pure: no I/O, runs in the browser too).
 * Blank lines are ignored; every other line must be one valid entry. A duplicate id is an error
 * on the later line (the first occurrence stays valid).
 */
export const parseKbJsonl = (text: string): KbParseResult => {
  const entries: KbEntry[] = [];
  const errors: KbLineError[] = [];
  const firstLineOfId = new Map<string, number>();
  let lines = 0;
  const rows = text.split(/\r?\n/);
  for (let index = 0; index < rows.length; index++) {
    const raw = rows[index] ?? '';
    const line = index + 1;
    if (raw.trim() === '') continue;
    lines++;
    let value: unknown;
    try {
      value = JSON.parse(index === 0 ? raw.replace(/^\uFEFF/, '') : raw);
    } catch (error) {
      errors.push({ line, message: `invalid JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = KbEntrySchema.safeParse(value);
    if (!parsed.success) {
      errors.push({ line, message: formatIssues(parsed.error) });
      continue;
    }
    const first = firstLineOfId.get(parsed.data.id);
    if (first !== undefined) {
      errors.push({ line, message: `duplicate id "${parsed.data.id}" (first on line ${first})` });
      continue;
    }
    firstLineOfId.set(parsed.data.id, line);
    entries.push(parsed.data);
  }
  return { entries, errors, lines };
};

/** Serialises entries as JSON Lines (one entry a line, trailing newline). */
export const toKbJsonl = (entries: readonly KbEntry[]): string =>
  entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length > 0 ? '\n' : '');
