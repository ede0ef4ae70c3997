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

/**
 * Generated parts of a flow (kind `gen`): a JSON string that is exactly `"${gen:<name>}"` is
 * replaced by the JSON value the generator returns for the parsed flow — as an element of an array
 * holding an array value, spliced in. For flow logic made from the city config (e.g. the entry
 * point of each dialed number: infra/connect/entry-point-routing.ts).
 */
export type FlowGenerator = (flow: unknown) => unknown;
export type FlowGenerators = Readonly<Record<string, FlowGenerator>>;

export const GENERATED_KIND = 'gen';
const GENERATED = /^\$\{gen:([A-Za-z0-9_.-]+)\}$/;

/** The name of a `${gen:<name>}` marker, when the value is one. */
export const generatedName = (value: unknown): string | undefined =>
  typeof value === 'string' ? GENERATED.exec(value)?.[1] : undefined;

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
export const resolvePlaceholders = (
  file: string,
  content: string,
  values: PlaceholderValues,
  generators: FlowGenerators = {},
): string => {
  const unknown = placeholdersIn(content).filter((ref) => {
    const [kind = '', name = ''] = ref.split(':');
    return kind === GENERATED_KIND ? generators[name] === undefined : values[kind]?.[name] === undefined;
  });
  if (unknown.length > 0)
    throw new UnknownPlaceholderError(
      file,
      unknown.map((ref) => `\${${ref}}`),
    );
  const replaced = content.replace(PLACEHOLDER, (match, kind: string, name: string) =>
    kind === GENERATED_KIND ? match : JSON.stringify(values[kind]?.[name] ?? '').slice(1, -1),
  );
  return replaced.includes(`\${${GENERATED_KIND}:`) ? expandGenerated(file, replaced, generators) : replaced;
};

/** Replaces every `${gen:<name>}` string value of the parsed flow by its generated JSON. */
export const expandGenerated = (file: string, content: string, generators: FlowGenerators): string => {
  const flow = JSON.parse(content) as unknown;
  const generated = new Map<string, unknown>();
  const generatedValue = (name: string): unknown => {
    if (!generated.has(name)) generated.set(name, (generators[name] as FlowGenerator)(flow));
    return generated.get(name);
  };
  const expand = (value: unknown): unknown => {
    const name = generatedName(value);
    if (name !== undefined) return generatedValue(name);
    if (Array.isArray(value)) {
      return value.flatMap((item) => {
        const itemName = generatedName(item);
        if (itemName === undefined) return [expand(item)];
        const result = generatedValue(itemName);
        return Array.isArray(result) ? result : [result];
      });
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expand(item)]));
    }
    return value;
  };
  // Generators see the flow before any expansion (e.g. to read the action that holds a marker).
  for (const name of placeholdersIn(content).filter((ref) => ref.startsWith(`${GENERATED_KIND}:`))) {
    generatedValue(name.slice(GENERATED_KIND.length + 1));
  }
  try {
    return JSON.stringify(expand(flow));
  } catch (error) {
    throw new Error(`${file}: generated content: ${(error as Error).message}`);
  }
};
