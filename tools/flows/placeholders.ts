/**
 * Placeholders in flow files (`${kind:name}`, known names in infra/connect/flow-catalog.ts) —
 * finding them for the linter. Replacing them is infra/connect/flow-content.ts, used by the CDK app
 * and the simulator alike.
 */
import { PLACEHOLDERS } from '#infra/connect/flow-catalog';

/** Matches one placeholder, leniently (to report malformed names); group 1 is the kind, group 2 the name. */
export const PLACEHOLDER_PATTERN = /\$\{([A-Za-z]+):([^}]*)\}/g;

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
