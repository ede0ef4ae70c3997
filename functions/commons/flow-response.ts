import { toE164 } from '#domain/phone';

/**
 * Responses to Amazon Connect flows: a flat map of strings (the flow reads them as
 * `$.External.<key>`). Every response has `status`. Values may be given as strings, finite numbers
 * or booleans and are stringified; `undefined` drops the key; `null` becomes `''`. Nested values are
 * refused by the type and, for untyped callers, at run time.
 */

export type FlowValue = string | number | boolean | null | undefined;
export type FlowResponse = Readonly<Record<string, string>> & { readonly status: string };

/** Connect's limit for a Lambda response is 32 KB; we stay under it, measured as UTF-8 JSON. */
export const FLOW_RESPONSE_MAX_BYTES = 32_000;
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/** A response that cannot be sent to a flow (a programming error in the handler). */
export class FlowResponseError extends Error {
  override readonly name = 'FlowResponseError';
}

const stringify = (key: string, value: FlowValue): string | undefined => {
  if (value === undefined) return undefined;
  if (value === null) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new FlowResponseError(`Flow response value ${key} is not a finite number`);
      return String(value);
    default:
      throw new FlowResponseError(`Flow response value ${key} must be a string, number or boolean`);
  }
};

/** Builds the flat string map; throws {@link FlowResponseError} on nested values, bad keys or size. */
export const flowResponse = (fields: { status: string } & Record<string, FlowValue>): FlowResponse => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!KEY_PATTERN.test(key))
      throw new FlowResponseError(`Flow response key ${JSON.stringify(key)} is invalid`);
    const text = stringify(key, value);
    if (text !== undefined) out[key] = text;
  }
  if (typeof out.status !== 'string' || out.status === '') {
    throw new FlowResponseError('Flow response needs a non-empty status');
  }
  const bytes = Buffer.byteLength(JSON.stringify(out), 'utf8');
  if (bytes > FLOW_RESPONSE_MAX_BYTES) {
    throw new FlowResponseError(`Flow response is ${bytes} bytes, over ${FLOW_RESPONSE_MAX_BYTES}`);
  }
  return out as FlowResponse;
};

/** The contract's answer to bad caller input: `status=INVALID_INPUT` and a short English `error`. */
export const invalidInput = (error: string, extra: Record<string, FlowValue> = {}): FlowResponse =>
  flowResponse({ ...extra, status: 'INVALID_INPUT', error: truncateText(error, 200) });

/** Cuts `text` to at most `maxChars` code points, ending with `…` when cut (for KB answers, summaries). */
export const truncateText = (text: string, maxChars: number): string => {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
};

/** Who is calling, from `Details.ContactData.CustomerEndpoint`. */
export type Caller = { withheld: false; number: string } | { withheld: true };

const WITHHELD_WORDS = new Set(['anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'withheld']);

interface EndpointLike {
  Address?: unknown;
  Type?: unknown;
}

interface EventLike {
  Details?: {
    ContactData?: { CustomerEndpoint?: EndpointLike | null; SystemEndpoint?: EndpointLike | null };
  };
}

const endpointNumber = (endpoint: EndpointLike | null | undefined): string | undefined => {
  if (endpoint === null || endpoint === undefined) return undefined;
  if (endpoint.Type !== undefined && endpoint.Type !== 'TELEPHONE_NUMBER') return undefined;
  if (typeof endpoint.Address !== 'string') return undefined;
  const address = endpoint.Address.trim();
  if (address === '' || WITHHELD_WORDS.has(address.toLowerCase())) return undefined;
  // Connect sends E.164; anything else is not trusted as a caller identity.
  return /^\+[1-9]\d{6,14}$/.test(address) ? address : undefined;
};

/**
 * The caller's E.164 number, or `withheld` when the endpoint is missing, null, not a telephone
 * number, `anonymous`/`Anonymous`/`restricted`/…, empty, or not E.164.
 */
export const callerFromEvent = (event: EventLike): Caller => {
  const number = endpointNumber(event.Details?.ContactData?.CustomerEndpoint);
  return number === undefined ? { withheld: true } : { withheld: false, number };
};

/** The dialed number (`SystemEndpoint`) as E.164, or undefined. */
export const dialedNumberFromEvent = (event: EventLike): string | undefined => {
  const endpoint = event.Details?.ContactData?.SystemEndpoint;
  if (endpoint === null || endpoint === undefined || typeof endpoint.Address !== 'string') return undefined;
  return toE164(endpoint.Address);
};
