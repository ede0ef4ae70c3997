/**
 * Placeholders in flow files (`${kind:name}`, see catalog.ts) — finding and replacing them.
 * The CDK app replaces them at synth; the simulator replaces them with local identifiers.
 */
import { PLACEHOLDER_PATTERN, PLACEHOLDERS } from './catalog';

export interface PlaceholderRef {
  kind: string;
  name: string;
  /** The placeholder as written, e.g. "${fn:lookup}". */
  text: string;
}

export const findPlaceholders = (value: string): PlaceholderRef[] =>
  [...value.matchAll(PLACEHOLDER_PATTERN)].map((match) => ({
    kind: match[1] ?? '',
    name: match[2] ?? '',
    text: match[0],
  }));

export const isKnownPlaceholder = (ref: Pick<PlaceholderRef, 'kind' | 'name'>): boolean =>
  PLACEHOLDERS[ref.kind]?.includes(ref.name) ?? false;

/** A "${" that does not start a well-formed placeholder. */
export const hasMalformedPlaceholder = (value: string): boolean =>
  value.replace(PLACEHOLDER_PATTERN, '').replace(CDK_TOKEN, '').includes('${');

/** An unresolved CDK token such as "${Token[TOKEN.123]}" (synthesized content may contain them). */
export const CDK_TOKEN = /\$\{Token\[[^\]]*\]\}/g;

/** Visits every string inside a JSON value, with its path (for messages). */
export const visitStrings = (
  value: unknown,
  visit: (text: string, path: string) => void,
  path = '',
): void => {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      visitStrings(item, visit, `${path}[${index}]`);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) visitStrings(item, visit, path ? `${path}.${key}` : key);
  }
};

export class UnknownPlaceholderError extends Error {
  constructor(
    readonly file: string,
    readonly placeholders: string[],
  ) {
    super(`${file}: unknown placeholder ${placeholders.join(', ')}`);
  }
}

/**
 * Replaces every placeholder in every string of a parsed flow (keys and values). `resolve`
 * returns the replacement or undefined for an unknown placeholder; all unknown ones are reported
 * together in an `UnknownPlaceholderError` naming the file. The input is not modified.
 */
export const substitutePlaceholders = <T>(
  flow: T,
  resolve: (kind: string, name: string) => string | undefined,
  file = '<flow>',
): T => {
  const unknown = new Set<string>();
  const replace = (text: string): string =>
    text.replace(PLACEHOLDER_PATTERN, (whole, kind: string, name: string) => {
      const value = resolve(kind, name);
      if (value === undefined) {
        unknown.add(whole);
        return whole;
      }
      return value;
    });
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return replace(value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [replace(key), walk(item)]));
    }
    return value;
  };
  const result = walk(flow) as T;
  if (unknown.size > 0) throw new UnknownPlaceholderError(file, [...unknown]);
  return result;
};
