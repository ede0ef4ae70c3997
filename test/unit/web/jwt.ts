/** Unsigned JWTs for the web app's tests (the SPA only decodes payloads for display). */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const fakeJwt = (payload: Record<string, unknown>): string =>
  `${b64({ alg: 'RS256', kid: 'test' })}.${b64(payload)}.signature`;
