/**
 * The Cognito user pool as an OAuth 2.0 / OpenID Connect authorization server for `oauth4webapi`
 * (which does the protocol: PKCE, the code exchange, refresh, revocation, state and ID-token
 * checks), plus what the library leaves to the app: the hosted UI's authorize and logout URLs,
 * who is signed in, and when to refresh.
 *
 * Endpoints (hosted UI domain): https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 * — `/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`. The ID token's issuer is the
 * user pool, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html),
 * not the hosted UI domain, so the server metadata is written here rather than discovered.
 */
import type * as oauth from 'oauth4webapi';

export interface OAuthClient {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` (a bare host is accepted). */
  cognitoDomain: string;
  /** The user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  issuer: string;
  clientId: string;
  /** Must be one of the app client's callback URLs (the web app's `<origin>/`). */
  redirectUri: string;
  scopes?: readonly string[];
}

const DEFAULT_SCOPES = ['openid', 'email', 'profile'] as const;

/** The user pool's issuer URL (the `iss` of its tokens). */
export const cognitoIssuer = (region: string, userPoolId: string): string =>
  `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

/** `https://host` without a trailing slash, whether or not the config carried the scheme. */
const domainBase = (cognitoDomain: string): string => {
  const trimmed = cognitoDomain.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
};

/** The authorization server metadata oauth4webapi works with. */
export const authorizationServer = (client: OAuthClient): oauth.AuthorizationServer => {
  const base = domainBase(client.cognitoDomain);
  return {
    issuer: client.issuer,
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    revocation_endpoint: `${base}/oauth2/revoke`,
  };
};

/** The app client: public (no secret), so requests carry only `client_id`. */
export const oauthClient = (client: OAuthClient): oauth.Client => ({ client_id: client.clientId });

/** The hosted UI's authorize URL for the code flow with a PKCE S256 challenge. */
export function authorizeUrl(
  client: OAuthClient,
  params: { state: string; codeChallenge: string; prompt?: 'login' },
): string {
  const url = new URL(authorizationServer(client).authorization_endpoint ?? '');
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

/** Hosted UI sign-out; `logoutUri` must be one of the client's sign-out URLs. */
export function logoutUrl(client: OAuthClient, logoutUri = client.redirectUri): string {
  const url = new URL(`${domainBase(client.cognitoDomain)}/logout`);
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('logout_uri', logoutUri);
  return url.toString();
}

export interface SignedInUser {
  username: string;
  displayName: string;
  groups: string[];
}

/**
 * Who is signed in, from the ID token's claims as oauth4webapi validated them (issuer, audience,
 * expiry): Cognito puts `cognito:username`, `cognito:groups`, `name` and `email` there.
 */
export function userFromClaims(claims: Record<string, unknown>): SignedInUser {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const groupsClaim = claims['cognito:groups'];
  const groups = Array.isArray(groupsClaim)
    ? groupsClaim.filter((g): g is string => typeof g === 'string')
    : [];
  const username = str(claims['cognito:username']) ?? str(claims.sub) ?? '?';
  return { username, displayName: str(claims.name) ?? str(claims.email) ?? username, groups };
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
