import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OAuthClient } from '../../../web/src/auth/oauth';
import { CognitoSession, REFRESH_TOKEN_KEY } from '../../../web/src/auth/session';
import { fakeJwt } from './jwt';

const client: OAuthClient = {
  cognitoDomain: 'https://desk.auth.ap-northeast-2.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://desk.example.kr/',
};

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const tokenBody = (n: number, extra: Record<string, unknown> = {}) => ({
  access_token: fakeJwt({ username: 'kim', 'cognito:groups': ['counselors'], n }),
  id_token: fakeJwt({ name: '김민원' }),
  expires_in: 3600,
  token_type: 'Bearer',
  ...extra,
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that answers from a queue and records each call's form body. */
function fakeFetch(...answers: (Response | Error)[]) {
  const calls: { url: string; body: Record<string, string> }[] = [];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: Object.fromEntries(new URLSearchParams(String(init?.body ?? ''))) });
    const next = answers.shift();
    if (!next) throw new Error('unexpected fetch');
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const accessN = (token: string | null) =>
  token ? JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).n : null;

describe('CognitoSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2025, 0, 1, 9, 0, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('exchanges the code with the verifier, keeps tokens in memory and only the refresh token in storage', async () => {
    const storage = new MemoryStorage();
    const { fetch, calls } = fakeFetch(json(200, tokenBody(1, { refresh_token: 'R1' })));
    const session = new CognitoSession(client, { fetch, storage });
    const changes: unknown[] = [];
    session.onChange((u) => changes.push(u));

    const user = await session.exchangeCode('c0de', 'v3rifier');

    expect(user).toEqual({ username: 'kim', displayName: '김민원', groups: ['counselors'] });
    expect(calls[0]?.url).toBe('https://desk.auth.ap-northeast-2.amazoncognito.com/oauth2/token');
    expect(calls[0]?.body).toMatchObject({
      grant_type: 'authorization_code',
      code: 'c0de',
      code_verifier: 'v3rifier',
    });
    expect([...storage.items]).toEqual([[REFRESH_TOKEN_KEY, 'R1']]);
    expect(accessN(await session.accessToken())).toBe(1);
    expect(changes).toHaveLength(1);
    session.dispose();
  });

  it('refreshes 60 s before the access token expires and keeps the refresh token Cognito did not rotate', async () => {
    const storage = new MemoryStorage();
    const { fetch, calls } = fakeFetch(
      json(200, tokenBody(1, { refresh_token: 'R1' })),
      json(200, tokenBody(2)),
      json(200, tokenBody(3)),
    );
    const session = new CognitoSession(client, { fetch, storage });
    await session.exchangeCode('c', 'v');

    await vi.advanceTimersByTimeAsync(3_540_000 - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client123',
      refresh_token: 'R1',
    });
    expect(accessN(await session.accessToken())).toBe(2);
    expect(session.expiresAt).toBe(Date.now() + 3_600_000);

    // and again an hour later, with the same refresh token
    await vi.advanceTimersByTimeAsync(3_540_000);
    expect(calls[2]?.body.refresh_token).toBe('R1');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('R1');
    session.dispose();
  });

  it('a refused refresh token signs the user out (memory and storage)', async () => {
    const storage = new MemoryStorage();
    const { fetch } = fakeFetch(
      json(200, tokenBody(1, { refresh_token: 'R1' })),
      json(400, { error: 'invalid_grant', error_description: 'Refresh Token has expired' }),
    );
    const session = new CognitoSession(client, { fetch, storage });
    const changes: unknown[] = [];
    await session.exchangeCode('c', 'v');
    session.onChange((u) => changes.push(u));

    await vi.advanceTimersByTimeAsync(3_540_000);

    expect(changes).toEqual([null]);
    expect(session.user).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    await expect(session.accessToken()).resolves.toBeNull();
  });

  it('retries after a network failure while the access token is still valid', async () => {
    const { fetch, calls } = fakeFetch(
      json(200, tokenBody(1, { refresh_token: 'R1' })),
      new TypeError('Failed to fetch'),
      json(200, tokenBody(2)),
    );
    const session = new CognitoSession(client, { fetch, storage: null, retryMs: 15_000 });
    await session.exchangeCode('c', 'v');

    await vi.advanceTimersByTimeAsync(3_540_000);
    expect(calls).toHaveLength(2);
    expect(session.user).not.toBeNull();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(calls).toHaveLength(3);
    expect(accessN(await session.accessToken())).toBe(2);
    session.dispose();
  });

  it('refreshes on demand when the timer was late (background tab), one request for concurrent callers', async () => {
    const { fetch, calls } = fakeFetch(
      json(200, tokenBody(1, { refresh_token: 'R1' })),
      json(200, tokenBody(2)),
    );
    const session = new CognitoSession(client, { fetch, storage: null });
    await session.exchangeCode('c', 'v');
    session.dispose(); // the timer never fired
    vi.setSystemTime(Date.now() + 3_600_000);

    const [a, b] = await Promise.all([session.accessToken(), session.accessToken()]);
    expect(accessN(a)).toBe(2);
    expect(b).toBe(a);
    expect(calls).toHaveLength(2);
    session.dispose();
  });

  it('restores a session from the tab’s stored refresh token, or stays signed out', async () => {
    const storage = new MemoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'R0');
    const { fetch, calls } = fakeFetch(json(200, tokenBody(5)));
    const session = new CognitoSession(client, { fetch, storage });
    await expect(session.restore()).resolves.toMatchObject({ username: 'kim' });
    expect(calls[0]?.body.refresh_token).toBe('R0');
    session.dispose();

    const empty = new CognitoSession(client, { fetch: fakeFetch().fetch, storage: new MemoryStorage() });
    await expect(empty.restore()).resolves.toBeNull();
  });

  it('sign-out revokes the refresh token and forgets everything, even when revocation fails', async () => {
    const storage = new MemoryStorage();
    const { fetch, calls } = fakeFetch(
      json(200, tokenBody(1, { refresh_token: 'R1' })),
      new TypeError('offline'),
    );
    const session = new CognitoSession(client, { fetch, storage });
    await session.exchangeCode('c', 'v');

    await session.signOut();

    expect(calls[1]?.url).toMatch(/\/oauth2\/revoke$/);
    expect(calls[1]?.body).toEqual({ token: 'R1', client_id: 'client123' });
    expect(session.user).toBeNull();
    expect(storage.items.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
