/**
 * OAuth 2.0 authorization code + PKCE against the Cognito hosted UI (pure functions: URLs, form
 * bodies, token responses, JWT payloads, refresh timing). Endpoints:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 */
import { base64UrlDecodeToString } from './pkce';

export interface OAuthClient {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` (a bare host is accepted). */
  cognitoDomain: string;
  clientId: string;
  /** Must be one of the app client's callback URLs (the web app's `<origin>/`). */
  redirectUri: string;
  scopes?: readonly string[];
}

export const DEFAULT_SCOPES = ['openid', 'email', 'profile'] as const;

/** `https://host` without a trailing slash, whether or not the config carried the scheme. */
export const domainBase = (cognitoDomain: string): string => {
  const trimmed = cognitoDomain.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
};

export function authorizeUrl(
  client: OAuthClient,
  params: { state: string; codeChallenge: string; prompt?: 'login' },
): string {
  const url = new URL(`${domainBase(client.cognitoDomain)}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', client.redirectUri);
  url.searchParams.set('scope', (client.scopes ?? DEFAULT_SCOPES).join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (params.prompt) url.searchParams.set('prompt', params.prompt);
  return url.toString();
}

export const tokenUrl = (client: Pick<OAuthClient, 'cognitoDomain'>): string =>
  `${domainBase(client.cognitoDomain)}/oauth2/token`;

export const revokeUrl = (client: Pick<OAuthClient, 'cognitoDomain'>): string =>
  `${domainBase(client.cognitoDomain)}/oauth2/revoke`;

/** Hosted UI sign-out; `logoutUri` must be one of the client's sign-out URLs. */
export function logoutUrl(client: OAuthClient, logoutUri = client.redirectUri): string {
  const url = new URL(`${domainBase(client.cognitoDomain)}/logout`);
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('logout_uri', logoutUri);
  return url.toString();
}

/** x-www-form-urlencoded body of the code exchange (public client: no secret). */
export const codeExchangeBody = (client: OAuthClient, code: string, codeVerifier: string): URLSearchParams =>
  new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: client.clientId,
    code,
    redirect_uri: client.redirectUri,
    code_verifier: codeVerifier,
  });

export const refreshBody = (client: OAuthClient, refreshToken: string): URLSearchParams =>
  new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: client.clientId,
    refresh_token: refreshToken,
  });

export const revokeBody = (client: OAuthClient, refreshToken: string): URLSearchParams =>
  new URLSearchParams({ token: refreshToken, client_id: client.clientId });

export interface Tokens {
  accessToken: string;
  idToken: string;
  /** Absent in a refresh response (Cognito keeps the refresh token unless rotation is on). */
  refreshToken?: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

export class OAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses a token endpoint answer. `expiresAt` comes from `expires_in` (seconds) against `now`, or
 * from the access token's `exp` when `expires_in` is missing; the earlier of the two wins.
 */
export function parseTokenResponse(body: unknown, now: number): Tokens {
  if (!body || typeof body !== 'object')
    throw new OAuthError('invalid_response', '토큰 응답이 올바르지 않습니다.');
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string') {
    throw new OAuthError(b.error, typeof b.error_description === 'string' ? b.error_description : b.error);
  }
  if (typeof b.access_token !== 'string' || typeof b.id_token !== 'string') {
    throw new OAuthError('invalid_response', '토큰 응답에 access_token 또는 id_token이 없습니다.');
  }
  if (b.token_type !== undefined && String(b.token_type).toLowerCase() !== 'bearer') {
    throw new OAuthError('invalid_response', `지원하지 않는 토큰 형식: ${String(b.token_type)}`);
  }
  const candidates: number[] = [];
  if (typeof b.expires_in === 'number' && b.expires_in > 0) candidates.push(now + b.expires_in * 1000);
  const exp = decodeJwtPayload(b.access_token)?.exp;
  if (typeof exp === 'number') candidates.push(exp * 1000);
  if (candidates.length === 0) throw new OAuthError('invalid_response', '토큰 만료 시각을 알 수 없습니다.');
  return {
    accessToken: b.access_token,
    idToken: b.id_token,
    ...(typeof b.refresh_token === 'string' && b.refresh_token ? { refreshToken: b.refresh_token } : {}),
    expiresAt: Math.min(...candidates),
  };
}

/** The JWT's payload, decoded for display only (no signature check: the API's authorizer verifies). */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const value = JSON.parse(base64UrlDecodeToString(part)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export interface SignedInUser {
  username: string;
  displayName: string;
  groups: string[];
}

/** Who is signed in, from the ID token (name/email) and the access token (`cognito:groups`). */
export function userFromTokens(tokens: Pick<Tokens, 'accessToken' | 'idToken'>): SignedInUser {
  const access = decodeJwtPayload(tokens.accessToken) ?? {};
  const id = decodeJwtPayload(tokens.idToken) ?? {};
  const groupsClaim = access['cognito:groups'] ?? id['cognito:groups'];
  const groups = Array.isArray(groupsClaim)
    ? groupsClaim.filter((g): g is string => typeof g === 'string')
    : [];
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const username = str(access.username) ?? str(id['cognito:username']) ?? str(id.sub) ?? '?';
  return { username, displayName: str(id.name) ?? str(id.email) ?? username, groups };
}

/**
 * Milliseconds until the access token should be refreshed: `skewMs` (default 60 s) before it
 * expires, never negative. A token that lives less than twice the skew refreshes at half-life.
 */
export function refreshDelay(expiresAt: number, now: number, skewMs = 60_000): number {
  const remaining = expiresAt - now;
  if (remaining <= 0) return 0;
  const skew = Math.min(skewMs, remaining / 2);
  return Math.max(0, Math.floor(remaining - skew));
}
