import * as oauth from 'oauth4webapi';
import type { OAuthClient } from '../../../web/src/auth/oauth';
import { fakeJwt } from './jwt';

/**
 * A fake Cognito authorization server for the web app's sign-in tests: the hosted UI's authorize
 * step (it remembers the PKCE challenge and hands out a code), and the token and revocation
 * endpoints as `fetch`. It checks what Cognito checks — client id, redirect URI, the PKCE verifier
 * against the challenge, refresh tokens it issued and has not revoked — and answers with Cognito's
 * shapes (`token_type: Bearer`, `expires_in: 3600`, an ID token with the pool as issuer).
 */

export interface FakeUser {
  username: string;
  name?: string;
  groups: string[];
}

type Body = Record<string, string>;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export class FakeCognito {
  readonly client: OAuthClient = {
    cognitoDomain: 'https://desk.auth.ap-northeast-2.amazoncognito.com',
    issuer: 'https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_TEST',
    clientId: 'client123',
    redirectUri: 'https://desk.example.kr/',
  };
  /** Every request to the token and revocation endpoints: path and form body. */
  readonly requests: { path: string; body: Body }[] = [];
  readonly revoked: string[] = [];
  /** Whether a refresh rotates the refresh token (Cognito: off unless configured). */
  rotateRefreshTokens = false;
  /** Errors (thrown, like a network failure) or responses used for the next requests instead. */
  readonly interruptions: (Error | Response)[] = [];
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; user: FakeUser }>();
  private readonly refreshTokens = new Map<string, FakeUser>();
  private issued = 0;

  /** The hosted UI: the user signs in at `authorizeUrl`; the callback's query comes back. */
  async signIn(authorizeUrl: string, user: FakeUser): Promise<URLSearchParams> {
    const url = new URL(authorizeUrl);
    const q = Object.fromEntries(url.searchParams);
    if (url.pathname !== '/oauth2/authorize' || q.client_id !== this.client.clientId)
      throw new Error('authorize: unknown client');
    if (q.response_type !== 'code' || q.code_challenge_method !== 'S256' || !q.code_challenge)
      throw new Error('authorize: code flow with an S256 challenge expected');
    const code = `code-${++this.issued}`;
    this.codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri ?? '', user });
    return new URLSearchParams({ code, state: q.state ?? '' });
  }

  /** Makes `token` unusable, as an expired or revoked refresh token is. */
  expire(token: string): void {
    this.refreshTokens.delete(token);
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = Object.fromEntries(new URLSearchParams(String(init?.body ?? ''))) as Body;
    this.requests.push({ path: url.pathname, body });
    const interruption = this.interruptions.shift();
    if (interruption instanceof Error) throw interruption;
    if (interruption !== undefined) return interruption;
    if (body.client_id !== this.client.clientId) return json(400, { error: 'invalid_client' });
    if (url.pathname === '/oauth2/revoke') {
      this.revoked.push(body.token ?? '');
      this.refreshTokens.delete(body.token ?? '');
      return new Response(null, { status: 200 });
    }
    if (url.pathname !== '/oauth2/token') return json(404, { error: 'not_found' });
    if (body.grant_type === 'authorization_code') {
      const grant = this.codes.get(body.code ?? '');
      this.codes.delete(body.code ?? '');
      if (grant === undefined || grant.redirectUri !== body.redirect_uri)
        return json(400, { error: 'invalid_grant' });
      if ((await oauth.calculatePKCECodeChallenge(body.code_verifier ?? '')) !== grant.challenge)
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      return json(200, this.tokens(grant.user, true));
    }
    if (body.grant_type === 'refresh_token') {
      const user = this.refreshTokens.get(body.refresh_token ?? '');
      if (user === undefined)
        return json(400, { error: 'invalid_grant', error_description: 'Refresh Token has expired' });
      if (this.rotateRefreshTokens) this.refreshTokens.delete(body.refresh_token ?? '');
      return json(200, this.tokens(user, this.rotateRefreshTokens));
    }
    return json(400, { error: 'unsupported_grant_type' });
  }) as typeof fetch;

  private tokens(user: FakeUser, withRefreshToken: boolean) {
    const n = ++this.issued;
    const now = Math.floor(Date.now() / 1000);
    const refreshToken = `refresh-${n}`;
    if (withRefreshToken) this.refreshTokens.set(refreshToken, user);
    return {
      access_token: fakeJwt({
        username: user.username,
        'cognito:groups': user.groups,
        token_use: 'access',
        n,
      }),
      id_token: fakeJwt({
        iss: this.client.issuer,
        aud: this.client.clientId,
        sub: `sub-${user.username}`,
        'cognito:username': user.username,
        'cognito:groups': user.groups,
        ...(user.name !== undefined && { name: user.name }),
        token_use: 'id',
        iat: now,
        exp: now + 3600,
      }),
      token_type: 'Bearer',
      expires_in: 3600,
      ...(withRefreshToken && { refresh_token: refreshToken }),
    };
  }
}

/** The `n` the fake put in an access token (which token the session holds). */
export const accessTokenNumber = (token: string | null): number | null =>
  token
    ? (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { n: number }).n
    : null;
