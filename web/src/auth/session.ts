/**
 * The signed-in Cognito session: tokens in memory only, the refresh token also in
 * sessionStorage (this tab only, gone when the tab closes) so a reload of the desk does not
 * send the counselor through the hosted UI again mid-shift. The access token is refreshed
 * shortly before it expires (a timer, and on demand when a timer was throttled in a background
 * tab). The protocol — code exchange with the PKCE verifier, refresh, revocation, and the ID
 * token's issuer/audience/expiry checks — is oauth4webapi's; signatures are the API's JWT
 * authorizer's business.
 */
import * as oauth from 'oauth4webapi';
import {
  authorizationServer,
  type OAuthClient,
  oauthClient,
  refreshDelay,
  type SignedInUser,
  userFromClaims,
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

interface Tokens {
  accessToken: string;
  user: SignedInUser;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  refreshToken?: string;
}

/** The authorization server refused the grant (e.g. `invalid_grant`): retrying cannot help. */
const isRejection = (error: unknown): boolean =>
  error instanceof oauth.ResponseBodyError && error.status < 500;

export class CognitoSession {
  private tokens: Tokens | null = null;
  private refreshToken: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<Tokens | null> | null = null;
  private readonly listeners = new Set<(user: SignedInUser | null) => void>();
  private readonly server: oauth.AuthorizationServer;
  private readonly oauthClient: oauth.Client;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly storage: KeyValueStore | null;
  private readonly skewMs: number;
  private readonly retryMs: number;

  constructor(
    readonly client: OAuthClient,
    deps: SessionDeps = {},
  ) {
    this.server = authorizationServer(client);
    this.oauthClient = oauthClient(client);
    this.fetch = deps.fetch ?? ((...args) => globalThis.fetch(...args));
    this.now = deps.now ?? Date.now;
    this.storage = deps.storage === undefined ? safeSessionStorage() : deps.storage;
    this.skewMs = deps.skewMs ?? 60_000;
    this.retryMs = deps.retryMs ?? 15_000;
  }

  get user(): SignedInUser | null {
    return this.tokens?.user ?? null;
  }

  /** Epoch ms of the current access token's expiry (tests, diagnostics). */
  get expiresAt(): number | null {
    return this.tokens?.expiresAt ?? null;
  }

  onChange(listener: (user: SignedInUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Exchanges the authorization code from the hosted UI's callback (`code` and `state`, checked
   * against the state this sign-in sent) with the PKCE verifier that started it.
   */
  async exchangeCode(
    callback: URLSearchParams,
    expectedState: string,
    codeVerifier: string,
  ): Promise<SignedInUser> {
    const params = oauth.validateAuthResponse(this.server, this.oauthClient, callback, expectedState);
    const response = await oauth.authorizationCodeGrantRequest(
      this.server,
      this.oauthClient,
      oauth.None(),
      params,
      this.client.redirectUri,
      codeVerifier,
      this.requestOptions(),
    );
    const tokens = this.tokensFrom(
      await oauth.processAuthorizationCodeResponse(this.server, this.oauthClient, response, {
        requireIdToken: true,
      }),
    );
    this.accept(tokens);
    return tokens.user;
  }

  /** Signs back in silently with the tab's stored refresh token; `null` when there is none or it is refused. */
  async restore(): Promise<SignedInUser | null> {
    this.refreshToken = this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    if (!this.refreshToken) return null;
    const tokens = await this.refresh().catch(() => null);
    return tokens?.user ?? null;
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
        const response = await oauth.refreshTokenGrantRequest(
          this.server,
          this.oauthClient,
          oauth.None(),
          refreshToken,
          this.requestOptions(),
        );
        const tokens = this.tokensFrom(
          await oauth.processRefreshTokenResponse(this.server, this.oauthClient, response),
          this.tokens?.user,
        );
        // Cognito keeps the refresh token unless rotation is on: keep ours when none comes back.
        this.accept({ ...tokens, refreshToken: tokens.refreshToken ?? refreshToken });
        return this.tokens;
      } catch (error) {
        if (isRejection(error)) {
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
      const response = await oauth.revocationRequest(
        this.server,
        this.oauthClient,
        oauth.None(),
        refreshToken,
        this.requestOptions(),
      );
      await oauth.processRevocationResponse(response);
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

  private requestOptions(): { [oauth.customFetch]: typeof fetch } {
    return { [oauth.customFetch]: this.fetch };
  }

  /** The tokens of a token endpoint answer; the user from its (validated) ID token, else `previous`. */
  private tokensFrom(response: oauth.TokenEndpointResponse, previous?: SignedInUser): Tokens {
    const claims = oauth.getValidatedIdTokenClaims(response);
    const user = claims !== undefined ? userFromClaims(claims) : previous;
    if (user === undefined) throw new Error('토큰 응답에 ID 토큰이 없습니다.');
    if (typeof response.expires_in !== 'number') throw new Error('토큰 만료 시각을 알 수 없습니다.');
    return {
      accessToken: response.access_token,
      user,
      expiresAt: this.now() + response.expires_in * 1000,
      ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    };
  }
}

const safeSessionStorage = (): KeyValueStore | null => {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked (e.g. third-party iframe with strict settings): memory only
  }
};
