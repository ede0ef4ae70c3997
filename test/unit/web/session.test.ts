import * as oauth from 'oauth4webapi';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authorizeUrl } from '../../../web/src/auth/oauth';
import { CognitoSession, REFRESH_TOKEN_KEY } from '../../../web/src/auth/session';
import { accessTokenNumber, FakeCognito, type FakeUser } from './fake-cognito';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const KIM: FakeUser = { username: 'kim', name: '김민원', groups: ['counselors'] };
const HOUR = 3_600_000;

/** The desk's sign-in: PKCE verifier and state, the hosted UI, then the code exchange. */
const signIn = async (cognito: FakeCognito, session: CognitoSession, user: FakeUser = KIM) => {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = authorizeUrl(cognito.client, {
    state,
    codeChallenge: await oauth.calculatePKCECodeChallenge(verifier),
  });
  const callback = await cognito.signIn(url, user);
  return session.exchangeCode(callback, state, verifier);
};

describe('CognitoSession against a fake Cognito', () => {
  let cognito: FakeCognito;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2025, 0, 1, 9, 0, 0));
    cognito = new FakeCognito();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('signs in with the code and the PKCE verifier; tokens stay in memory, only the refresh token is stored', async () => {
    const storage = new MemoryStorage();
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    const changes: unknown[] = [];
    session.onChange((u) => changes.push(u));

    const user = await signIn(cognito, session);

    expect(user).toEqual({ username: 'kim', displayName: '김민원', groups: ['counselors'] });
    expect(cognito.requests[0]).toMatchObject({
      path: '/oauth2/token',
      body: {
        grant_type: 'authorization_code',
        client_id: 'client123',
        redirect_uri: 'https://desk.example.kr/',
      },
    });
    expect([...storage.items]).toEqual([[REFRESH_TOKEN_KEY, 'refresh-2']]);
    expect(accessTokenNumber(await session.accessToken())).toBe(2);
    expect(changes).toHaveLength(1);
    session.dispose();
  });

  it('refuses a callback whose state is not the one sent, an error callback, and a wrong verifier', async () => {
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage: null });
    const verifier = oauth.generateRandomCodeVerifier();
    const url = authorizeUrl(cognito.client, {
      state: 'sent',
      codeChallenge: await oauth.calculatePKCECodeChallenge(verifier),
    });
    const callback = await cognito.signIn(url, KIM);
    await expect(session.exchangeCode(callback, 'other', verifier)).rejects.toThrow(/state/);
    await expect(
      session.exchangeCode(new URLSearchParams({ state: 'sent', error: 'access_denied' }), 'sent', verifier),
    ).rejects.toBeInstanceOf(oauth.AuthorizationResponseError);
    await expect(
      session.exchangeCode(callback, 'sent', oauth.generateRandomCodeVerifier()),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(session.user).toBeNull();
  });

  it('refreshes 60 s before the access token expires and keeps the refresh token Cognito did not rotate', async () => {
    const storage = new MemoryStorage();
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await signIn(cognito, session);

    await vi.advanceTimersByTimeAsync(HOUR - 60_000 - 1);
    expect(cognito.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(cognito.requests).toHaveLength(2);
    expect(cognito.requests[1]?.body).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client123',
      refresh_token: 'refresh-2',
    });
    expect(accessTokenNumber(await session.accessToken())).toBe(3);
    expect(session.expiresAt).toBe(Date.now() + HOUR);

    // and again an hour later, with the same refresh token
    await vi.advanceTimersByTimeAsync(HOUR - 60_000);
    expect(cognito.requests[2]?.body.refresh_token).toBe('refresh-2');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    session.dispose();
  });

  it('stores the new refresh token when Cognito rotates it', async () => {
    cognito.rotateRefreshTokens = true;
    const storage = new MemoryStorage();
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await signIn(cognito, session);
    await vi.advanceTimersByTimeAsync(HOUR - 60_000);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
    await vi.advanceTimersByTimeAsync(HOUR - 60_000);
    expect(cognito.requests[2]?.body.refresh_token).toBe('refresh-3');
    expect(session.user).not.toBeNull();
    session.dispose();
  });

  it('a refused refresh token signs the user out (memory and storage)', async () => {
    const storage = new MemoryStorage();
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await signIn(cognito, session);
    const changes: unknown[] = [];
    session.onChange((u) => changes.push(u));
    cognito.expire('refresh-2');

    await vi.advanceTimersByTimeAsync(HOUR - 60_000);

    expect(changes).toEqual([null]);
    expect(session.user).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    await expect(session.accessToken()).resolves.toBeNull();
  });

  it('retries after a network failure or a server error while the access token is still valid', async () => {
    const session = new CognitoSession(cognito.client, {
      fetch: cognito.fetch,
      storage: null,
      retryMs: 15_000,
    });
    await signIn(cognito, session);
    cognito.interruptions.push(
      new TypeError('Failed to fetch'),
      new Response('Bad Gateway', { status: 502 }),
    );

    await vi.advanceTimersByTimeAsync(HOUR - 60_000);
    expect(cognito.requests).toHaveLength(2);
    expect(session.user).not.toBeNull();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(cognito.requests).toHaveLength(3);
    expect(session.user).not.toBeNull();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(cognito.requests).toHaveLength(4);
    expect(accessTokenNumber(await session.accessToken())).toBe(3);
    session.dispose();
  });

  it('refreshes on demand when the timer was late (background tab), one request for concurrent callers', async () => {
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage: null });
    await signIn(cognito, session);
    session.dispose(); // the timer never fired
    vi.setSystemTime(Date.now() + HOUR);

    const [a, b] = await Promise.all([session.accessToken(), session.accessToken()]);
    expect(accessTokenNumber(a)).toBe(3);
    expect(b).toBe(a);
    expect(cognito.requests).toHaveLength(2);
    session.dispose();
  });

  it('restores a session from the tab’s stored refresh token, or stays signed out', async () => {
    const storage = new MemoryStorage();
    const first = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await signIn(cognito, first);
    first.dispose();

    const reloaded = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await expect(reloaded.restore()).resolves.toMatchObject({ username: 'kim', groups: ['counselors'] });
    expect(cognito.requests[1]?.body.refresh_token).toBe('refresh-2');
    reloaded.dispose();

    const empty = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage: new MemoryStorage() });
    await expect(empty.restore()).resolves.toBeNull();
  });

  it('sign-out revokes the refresh token and forgets everything, even when revocation fails', async () => {
    const storage = new MemoryStorage();
    const session = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await signIn(cognito, session);
    await session.signOut();
    expect(cognito.requests[1]).toEqual({
      path: '/oauth2/revoke',
      body: { token: 'refresh-2', client_id: 'client123' },
    });
    expect(cognito.revoked).toEqual(['refresh-2']);
    expect(session.user).toBeNull();
    expect(storage.items.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    const offline = new CognitoSession(cognito.client, { fetch: cognito.fetch, storage });
    await signIn(cognito, offline);
    cognito.interruptions.push(new TypeError('offline'));
    await offline.signOut();
    expect(offline.user).toBeNull();
    expect(storage.items.size).toBe(0);
  });
});
