import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Contact flows are Flow-language JSON files under `contact-flows/` with named placeholders such
 * as `${fn:lookup}`, `${queue:counselors}`, `${flow:customer-queue}` and `${hours:main}`. The
 * Connect stack replaces each with the ARN (a CDK token) of the resource it names; the offline
 * simulator replaces them with its own local ids. An unknown placeholder is a broken flow, so it
 * fails synth naming the file and the placeholder.
 */

export const PLACEHOLDER = /\$\{([a-z]+):([A-Za-z0-9_.-]+)\}/g;

/** Values by kind then name, e.g. `{ fn: { lookup: 'arn:…' }, queue: { counselors: 'arn:…' } }`. */
export type PlaceholderValues = Readonly<Record<string, Readonly<Record<string, string>>>>;

export class UnknownPlaceholderError extends Error {
  constructor(
    readonly file: string,
    readonly placeholders: readonly string[],
  ) {
    super(`${file}: unknown placeholder${placeholders.length > 1 ? 's' : ''} ${placeholders.join(', ')}`);
    this.name = 'UnknownPlaceholderError';
  }
}

export interface FlowFile {
  /** File name without `.json`, e.g. `inbound`; also the name used in `${flow:…}`. */
  readonly name: string;
  readonly path: string;
  readonly content: string;
}

export const loadFlowFiles = (dir: string): FlowFile[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      return { name: basename(file, '.json'), path, content: readFileSync(path, 'utf8') };
    });

/** Every `kind:name` a flow refers to, in order of first appearance. */
export const placeholdersIn = (content: string): string[] => [
  ...new Set([...content.matchAll(PLACEHOLDER)].map(([, kind, name]) => `${kind}:${name}`)),
];

/**
 * Replaces every placeholder. Values are inserted JSON-escaped (they sit inside JSON strings), so
 * a value can never break the document's structure.
 */
export const resolvePlaceholders = (file: string, content: string, values: PlaceholderValues): string => {
  const unknown = placeholdersIn(content).filter((ref) => {
    const [kind = '', name = ''] = ref.split(':');
    return values[kind]?.[name] === undefined;
  });
  if (unknown.length > 0)
    throw new UnknownPlaceholderError(
      file,
      unknown.map((ref) => `\${${ref}}`),
    );
  return content.replace(PLACEHOLDER, (_match, kind: string, name: string) =>
    JSON.stringify(values[kind]?.[name] ?? '').slice(1, -1),
  );
};
