/**
 * JSONPath references of the Flow language, resolved against the flow run data the way Amazon
 * Connect resolves them: a parameter that is exactly one reference (`$.External.status`) takes the
 * referenced value; references inside prompt text (`… $.External.message …`) are replaced in place.
 */

/** Roots of the flow run data the simulator models. Any other root is a flow bug and fails loudly. */
export const KNOWN_ROOTS = [
  'Attributes',
  'External',
  'StoredCustomerInput',
  'CustomerEndpoint',
  'SystemEndpoint',
  'Queue',
  'Channel',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'InstanceARN',
  'InitiationMethod',
  'LanguageCode',
  'Metrics',
  'CustomerCallbackNumber',
  'TextToSpeechVoice',
  'Agent',
] as const;

export type FlowData = Record<string, unknown>;

/** `$.Root.a.b` — segments are letters, digits, `_` and `-`. */
const REFERENCE = /\$\.[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*/g;
const WHOLE_REFERENCE = /^\$\.[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/;

export class JsonPathError extends Error {}

export const isReference = (value: string): boolean => WHOLE_REFERENCE.test(value.trim());

/** The value at `$.a.b`; `undefined` when absent. Throws on an unknown root. */
export const resolvePath = (data: FlowData, reference: string): unknown => {
  const path = reference.trim();
  if (!isReference(path)) throw new JsonPathError(`"${reference}" is not a JSONPath reference`);
  const segments = path.slice(2).split('.');
  const root = segments[0] as string;
  if (!(KNOWN_ROOTS as readonly string[]).includes(root)) {
    throw new JsonPathError(`unknown JSONPath root "$.${root}" in "${reference}"`);
  }
  let current: unknown = data;
  for (const segment of segments) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
};

const asText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
};

/**
 * Resolves a parameter value: a whole reference yields the referenced value (as a string, or
 * `undefined` when absent); any other string has its embedded references replaced.
 */
export const resolveValue = (data: FlowData, value: string): string | undefined => {
  if (isReference(value)) {
    const resolved = resolvePath(data, value);
    return resolved === undefined || resolved === null ? undefined : asText(resolved);
  }
  return interpolate(data, value).text;
};

/** Replaces every `$.x.y` inside text. Reports references that resolved to nothing. */
export const interpolate = (data: FlowData, text: string): { text: string; missing: string[] } => {
  const missing: string[] = [];
  const out = text.replace(REFERENCE, (reference) => {
    const value = resolvePath(data, reference);
    if (value === undefined || value === null) {
      missing.push(reference);
      return '';
    }
    return asText(value);
  });
  return { text: out, missing };
};
