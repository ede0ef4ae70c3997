/**
 * The signed-in Cognito session: tokens in memory only, the refresh token also in
 * sessionStorage (this tab only, gone when the tab closes) so a reload of the desk does not
 * send the counselor through the hosted UI again mid-shift. The access token is refreshed
 * shortly before it expires (a timer, and on demand when a timer was throttled in a background
 * tab). Nothing here verifies signatures: the API's JWT authorizer does.
 */
import {
  codeExchangeBody,
  type OAuthClient,
  OAuthError,
  parseTokenResponse,
  refreshBody,
  refreshDelay,
  revokeBody,
  revokeUrl,
  type SignedInUser,
  type Tokens,
  tokenUrl,
  userFromTokens,
} from './oauth';

export const REFRESH_TOKEN_KEY = 'minwon365.auth.refreshToken';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** Where the refresh token survives a reload; `null` keeps it in memory only. */
  storage?: KeyValueStore | null;
  /** Refresh this long before expiry (default 60 s). */
  skewMs?: number;
  /** After a failed refresh that was not a rejection (network), try again after this (default 15 s). */
  retryMs?: number;
}

export class CognitoSession {
  private tokens: Tokens | null = null;
  private refreshToken: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<Tokens | null> | null = null;
  private readonly listeners = new Set<(user: SignedInUser | null) => void>();
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly storage: KeyValueStore | null;
  private readonly skewMs: number;
  private readonly retryMs: number;

  constructor(
    readonly client: OAuthClient,
    deps: SessionDeps = {},
  ) {
    this.fetch = deps.fetch ?? ((...args) => globalThis.fetch(...args));
    this.now = deps.now ?? Date.now;
    this.storage = deps.storage === undefined ? safeSessionStorage() : deps.storage;
    this.skewMs = deps.skewMs ?? 60_000;
    this.retryMs = deps.retryMs ?? 15_000;
  }

  get user(): SignedInUser | null {
    return this.tokens ? userFromTokens(this.tokens) : null;
  }

  /** Epoch ms of the current access token's expiry (tests, diagnostics). */
  get expiresAt(): number | null {
    return this.tokens?.expiresAt ?? null;
  }

  onChange(listener: (user: SignedInUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Exchanges the authorization code from the hosted UI (with the PKCE verifier that started it). */
  async exchangeCode(code: string, codeVerifier: string): Promise<SignedInUser> {
    const tokens = parseTokenResponse(
      await this.post(tokenUrl(this.client), codeExchangeBody(this.client, code, codeVerifier)),
      this.now(),
    );
    this.accept(tokens);
    return userFromTokens(tokens);
  }

  /** Signs back in silently with the tab's stored refresh token; `null` when there is none or it is refused. */
  async restore(): Promise<SignedInUser | null> {
    this.refreshToken = this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    if (!this.refreshToken) return null;
    const tokens = await this.refresh().catch(() => null);
    return tokens ? userFromTokens(tokens) : null;
  }

  /** A valid access token for `Authorization: Bearer`, refreshed first when it is (nearly) expired. */
  async accessToken(): Promise<string | null> {
    if (this.tokens && this.tokens.expiresAt - this.now() > 5_000) return this.tokens.accessToken;
    if (!this.refreshToken) return null;
    const tokens = await this.refresh().catch(() => null);
    return tokens?.accessToken ?? null;
  }

  /** One refresh at a time; a rejected refresh token (invalid_grant) signs the user out. */
  refresh(): Promise<Tokens | null> {
    if (this.inflight) return this.inflight;
    const refreshToken = this.refreshToken;
    if (!refreshToken) return Promise.resolve(null);
    this.inflight = (async () => {
      try {
        const tokens = parseTokenResponse(
          await this.post(tokenUrl(this.client), refreshBody(this.client, refreshToken)),
          this.now(),
        );
        this.accept({ ...tokens, refreshToken: tokens.refreshToken ?? refreshToken });
        return this.tokens;
      } catch (error) {
        if (error instanceof OAuthError && error.code !== 'network') {
          this.clear();
        } else if (this.tokens) {
          this.schedule(Math.min(this.retryMs, Math.max(0, this.tokens.expiresAt - this.now())));
        }
        throw error;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  /** Revokes the refresh token (best effort) and forgets every token. Navigation is the caller's. */
  async signOut(): Promise<void> {
    const refreshToken = this.refreshToken;
    this.clear();
    if (!refreshToken) return;
    try {
      await this.post(revokeUrl(this.client), revokeBody(this.client, refreshToken));
    } catch {
      // The refresh token expires on its own (12 h); the local session is gone either way.
    }
  }

  /** Stops the refresh timer (tests, page unload). */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private accept(tokens: Tokens): void {
    this.tokens = tokens;
    if (tokens.refreshToken) {
      this.refreshToken = tokens.refreshToken;
      this.storage?.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
    }
    this.schedule(refreshDelay(tokens.expiresAt, this.now(), this.skewMs));
    this.emit();
  }

  private clear(): void {
    this.dispose();
    const had = this.tokens !== null;
    this.tokens = null;
    this.refreshToken = null;
    this.storage?.removeItem(REFRESH_TOKEN_KEY);
    if (had) this.emit();
  }

  private schedule(delay: number): void {
    this.dispose();
    if (!this.refreshToken) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch(() => undefined);
    }, delay);
  }

  private emit(): void {
    const user = this.user;
    for (const listener of this.listeners) listener(user);
  }

  private async post(url: string, body: URLSearchParams): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    } catch (error) {
      throw new OAuthError('network', `Cognito에 연결할 수 없습니다: ${(error as Error).message}`);
    }
    const text = await response.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      payload = null;
    }
    if (!response.ok) {
      const p = (payload ?? {}) as { error?: unknown; error_description?: unknown };
      const code =
        typeof p.error === 'string'
          ? p.error
          : response.status >= 500
            ? 'network'
            : `http_${response.status}`;
      throw new OAuthError(
        code,
        typeof p.error_description === 'string' ? p.error_description : `Cognito 응답 ${response.status}`,
      );
    }
    return payload;
  }
}

const safeSessionStorage = (): KeyValueStore | null => {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked (e.g. third-party iframe with strict settings): memory only
  }
};
