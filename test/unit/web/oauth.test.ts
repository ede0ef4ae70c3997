import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeExchangeBody,
  decodeJwtPayload,
  domainBase,
  logoutUrl,
  type OAuthClient,
  OAuthError,
  parseTokenResponse,
  refreshBody,
  refreshDelay,
  revokeBody,
  tokenUrl,
  userFromTokens,
} from '../../../web/src/auth/oauth';
import { fakeJwt } from './jwt';

const client: OAuthClient = {
  cognitoDomain: 'https://minwon365-cheongju-prod-123456789012.auth.ap-northeast-2.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
};

describe('Cognito hosted UI URLs', () => {
  it('accepts the domain with or without scheme and trailing slash', () => {
    expect(domainBase('x.auth.ap-northeast-2.amazoncognito.com')).toBe(
      'https://x.auth.ap-northeast-2.amazoncognito.com',
    );
    expect(domainBase('https://x.auth.ap-northeast-2.amazoncognito.com/')).toBe(
      'https://x.auth.ap-northeast-2.amazoncognito.com',
    );
  });

  it('builds the authorize URL: code flow, S256 challenge, state, the callback URL and scopes', () => {
    const url = new URL(authorizeUrl(client, { state: 'st4te', codeChallenge: 'ch4llenge' }));
    expect(url.origin + url.pathname).toBe(
      'https://minwon365-cheongju-prod-123456789012.auth.ap-northeast-2.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid email profile',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
    });
  });

  it('token, revoke and logout endpoints', () => {
    expect(tokenUrl(client)).toMatch(/amazoncognito\.com\/oauth2\/token$/);
    const logout = new URL(logoutUrl(client));
    expect(logout.pathname).toBe('/logout');
    expect(logout.searchParams.get('client_id')).toBe('client123');
    expect(logout.searchParams.get('logout_uri')).toBe('https://d111.cloudfront.net/');
  });

  it('form bodies of the code exchange, refresh and revocation (public client, no secret)', () => {
    expect(Object.fromEntries(codeExchangeBody(client, 'c0de', 'v3rifier'))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'c0de',
      redirect_uri: 'https://d111.cloudfront.net/',
      code_verifier: 'v3rifier',
    });
    expect(refreshBody(client, 'r').toString()).toBe(
      'grant_type=refresh_token&client_id=client123&refresh_token=r',
    );
    expect(revokeBody(client, 'r').toString()).toBe('token=r&client_id=client123');
  });
});

describe('token responses', () => {
  const now = Date.UTC(2025, 0, 1, 9, 0, 0);
  const access = fakeJwt({ exp: now / 1000 + 3600, username: 'kim', 'cognito:groups': ['counselors'] });
  const id = fakeJwt({ name: '김민원', email: 'kim@example.kr', 'cognito:username': 'kim' });

  it('parses tokens; expiry from expires_in (or the access token exp, whichever is earlier)', () => {
    const tokens = parseTokenResponse(
      { access_token: access, id_token: id, refresh_token: 'R', expires_in: 3600, token_type: 'Bearer' },
      now,
    );
    expect(tokens).toEqual({
      accessToken: access,
      idToken: id,
      refreshToken: 'R',
      expiresAt: now + 3_600_000,
    });
    const early = parseTokenResponse({ access_token: access, id_token: id, expires_in: 60 }, now);
    expect(early.expiresAt).toBe(now + 60_000);
    expect(early.refreshToken).toBeUndefined();
    const fromExp = parseTokenResponse({ access_token: access, id_token: id }, now);
    expect(fromExp.expiresAt).toBe(now + 3_600_000);
  });

  it('turns OAuth errors and malformed answers into OAuthError', () => {
    expect(() => parseTokenResponse({ error: 'invalid_grant', error_description: 'expired' }, now)).toThrow(
      OAuthError,
    );
    try {
      parseTokenResponse({ error: 'invalid_grant' }, now);
    } catch (e) {
      expect((e as OAuthError).code).toBe('invalid_grant');
    }
    expect(() => parseTokenResponse({ access_token: access }, now)).toThrow(/id_token/);
    expect(() => parseTokenResponse(null, now)).toThrow(OAuthError);
    expect(() =>
      parseTokenResponse({ access_token: 'x.e30.y', id_token: id, token_type: 'Bearer' }, now),
    ).toThrow(/만료/);
    expect(() => parseTokenResponse({ access_token: access, id_token: id, token_type: 'mac' }, now)).toThrow(
      /토큰 형식/,
    );
  });

  it('decodes JWT payloads (UTF-8) for display, null when malformed', () => {
    expect(decodeJwtPayload(id)).toMatchObject({ name: '김민원' });
    expect(decodeJwtPayload('nope')).toBeNull();
    expect(decodeJwtPayload('a.!!!.c')).toBeNull();
  });

  it('the user: groups from the access token cognito:groups, display name from the ID token', () => {
    expect(userFromTokens({ accessToken: access, idToken: id })).toEqual({
      username: 'kim',
      displayName: '김민원',
      groups: ['counselors'],
    });
    const bare = userFromTokens({ accessToken: fakeJwt({ username: 'lee' }), idToken: fakeJwt({}) });
    expect(bare).toEqual({ username: 'lee', displayName: 'lee', groups: [] });
  });
});

describe('refresh timing', () => {
  it('refreshes 60 s before expiry, at half-life for short tokens, at once when expired', () => {
    expect(refreshDelay(1_000_000 + 3_600_000, 1_000_000)).toBe(3_540_000);
    expect(refreshDelay(1_000_000 + 60_000, 1_000_000)).toBe(30_000);
    expect(refreshDelay(1_000_000 + 300_000, 1_000_000, 120_000)).toBe(180_000);
    expect(refreshDelay(999, 1_000)).toBe(0);
  });
});
