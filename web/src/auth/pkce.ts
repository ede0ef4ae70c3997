/**
 * PKCE (RFC 7636) with WebCrypto only: a random code verifier (32 random octets, base64url: 43
 * characters) and its S256 challenge, BASE64URL(SHA-256(ASCII(verifier))).
 */

export const base64UrlEncode = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export const base64UrlDecodeToString = (text: string): string => {
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
};

/** `length` random octets, base64url: the verifier (32 octets) or a state/nonce value. */
export const randomUrlSafe = (length = 32, source: Pick<Crypto, 'getRandomValues'> = crypto): string =>
  base64UrlEncode(source.getRandomValues(new Uint8Array(length)));

/** The verifier from 32 octets (RFC 7636 §4.1 recommends 32 octets → 43 characters). */
export const codeVerifierFrom = (octets: Uint8Array): string => {
  if (octets.length < 32 || octets.length > 96) throw new Error('PKCE: the verifier needs 32 to 96 octets');
  return base64UrlEncode(octets);
};

export const createCodeVerifier = (source: Pick<Crypto, 'getRandomValues'> = crypto): string =>
  codeVerifierFrom(source.getRandomValues(new Uint8Array(32)));

/** S256 code challenge of `verifier`. */
export async function codeChallengeS256(
  verifier: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('PKCE: invalid code verifier');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}
