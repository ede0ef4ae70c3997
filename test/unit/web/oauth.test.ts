import { describe, expect, it } from 'vitest';
import {
  authorizationServer,
  authorizeUrl,
  cognitoIssuer,
  logoutUrl,
  type OAuthClient,
  refreshDelay,
  userFromClaims,
} from '../../../web/src/auth/oauth';

const client: OAuthClient = {
  cognitoDomain: 'minwon365-cheongju-prod-123456789012.auth.ap-northeast-2.amazoncognito.com/',
  issuer: cognitoIssuer('ap-northeast-2', 'ap-northeast-2_AbC'),
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
};
const HOST = 'https://minwon365-cheongju-prod-123456789012.auth.ap-northeast-2.amazoncognito.com';

describe('Cognito as the authorization server', () => {
  it('has the hosted UI’s endpoints and the user pool as issuer, whatever the domain’s spelling', () => {
    expect(authorizationServer(client)).toEqual({
      issuer: 'https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_AbC',
      authorization_endpoint: `${HOST}/oauth2/authorize`,
      token_endpoint: `${HOST}/oauth2/token`,
      revocation_endpoint: `${HOST}/oauth2/revoke`,
    });
  });

  it('builds the authorize URL: code flow, S256 challenge, state, the callback URL and scopes', () => {
    const url = new URL(authorizeUrl(client, { state: 'st4te', codeChallenge: 'ch4llenge' }));
    expect(url.origin + url.pathname).toBe(`${HOST}/oauth2/authorize`);
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

  it('builds the hosted UI logout URL back to the web app', () => {
    const logout = new URL(logoutUrl(client));
    expect(logout.origin + logout.pathname).toBe(`${HOST}/logout`);
    expect(logout.searchParams.get('client_id')).toBe('client123');
    expect(logout.searchParams.get('logout_uri')).toBe('https://d111.cloudfront.net/');
  });
});

describe('the signed-in user', () => {
  it('takes the username and groups from Cognito’s ID token claims, the display name from name or email', () => {
    expect(
      userFromClaims({ 'cognito:username': 'kim', 'cognito:groups': ['counselors', 7], name: '김민원' }),
    ).toEqual({ username: 'kim', displayName: '김민원', groups: ['counselors'] });
    expect(userFromClaims({ sub: 'abc', email: 'lee@example.kr' })).toEqual({
      username: 'abc',
      displayName: 'lee@example.kr',
      groups: [],
    });
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
