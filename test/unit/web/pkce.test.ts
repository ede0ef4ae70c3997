import { describe, expect, it } from 'vitest';
import {
  base64UrlEncode,
  codeChallengeS256,
  codeVerifierFrom,
  createCodeVerifier,
  randomUrlSafe,
} from '../../../web/src/auth/pkce';

// RFC 7636 Appendix B: the 32 random octets, the verifier they encode to, and its S256 challenge.
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191,
  240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (RFC 7636)', () => {
  it('encodes the Appendix B octets to the Appendix B verifier', () => {
    expect(codeVerifierFrom(Uint8Array.from(RFC_OCTETS))).toBe(RFC_VERIFIER);
  });

  it('computes the Appendix B S256 challenge with WebCrypto', async () => {
    await expect(codeChallengeS256(RFC_VERIFIER)).resolves.toBe(RFC_CHALLENGE);
  });

  it('makes 43-character unreserved verifiers from 32 random octets, different each time', () => {
    const a = createCodeVerifier();
    const b = createCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('uses the random source it is given', () => {
    const zeros = { getRandomValues: <T extends ArrayBufferView | null>(array: T) => array };
    expect(createCodeVerifier(zeros as Pick<Crypto, 'getRandomValues'>)).toBe('A'.repeat(43));
    expect(randomUrlSafe(3, zeros as Pick<Crypto, 'getRandomValues'>)).toBe('AAAA');
  });

  it('refuses verifiers outside the RFC length and alphabet', async () => {
    expect(() => codeVerifierFrom(new Uint8Array(16))).toThrow(/32 to 96/);
    await expect(codeChallengeS256('short')).rejects.toThrow(/invalid code verifier/);
    await expect(codeChallengeS256(`${'a'.repeat(43)}+`)).rejects.toThrow(/invalid code verifier/);
  });

  it('base64url has no padding and no + or /', () => {
    expect(base64UrlEncode(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
  });
});
