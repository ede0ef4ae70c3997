/**
 * Browser side of the hosted-UI sign-in. Top-level window: a full-page redirect (the PKCE verifier
 * and state wait in sessionStorage during the round trip, then are deleted). Inside an iframe (the
 * Amazon Connect agent workspace; the hosted UI refuses to be framed): a popup on the same
 * callback URL. The popup only relays `code` + `state` back — by `window.opener.postMessage`
 * (same origin), a BroadcastChannel, and the opener polling the popup's URL once it is back on our
 * origin — and the iframe, which alone holds the verifier, exchanges the code. PKCE values, the
 * state and the callback checks are oauth4webapi's; this module is only the browser glue (where
 * the verifier waits, the popup relay) that the library leaves to the app.
 */
export { inIframe } from '../frame';

import * as oauth from 'oauth4webapi';
import { authorizeUrl, logoutUrl, type OAuthClient, type SignedInUser } from './oauth';
import type { CognitoSession } from './session';

export const AUTH_MESSAGE = 'minwon365-auth';
const PENDING_KEY = 'minwon365.auth.pending';
/** States of popup sign-ins start with this, so the popup knows to relay instead of exchanging. */
export const POPUP_STATE_PREFIX = 'popup.';

export interface CallbackParams {
  state: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

/** `?code=…&state=…` or `?error=…&state=…` from the hosted UI, else null. */
export function readCallback(search: string): CallbackParams | null {
  const params = new URLSearchParams(search);
  const state = params.get('state');
  const code = params.get('code');
  const error = params.get('error');
  if (!state || (!code && !error)) return null;
  return {
    state,
    ...(code ? { code } : {}),
    ...(error ? { error } : {}),
    ...(params.get('error_description') ? { errorDescription: params.get('error_description') ?? '' } : {}),
  };
}

export const isPopupState = (state: string): boolean => state.startsWith(POPUP_STATE_PREFIX);

/** The callback's parameters as the hosted UI sent them (for oauth4webapi's checks). */
const callbackSearch = (p: CallbackParams): URLSearchParams =>
  new URLSearchParams({
    state: p.state,
    ...(p.code ? { code: p.code } : {}),
    ...(p.error ? { error: p.error } : {}),
    ...(p.errorDescription ? { error_description: p.errorDescription } : {}),
  });

/** The code exchange, with the library's refusals (error callback, wrong state) as a Korean sentence. */
async function exchange(
  session: CognitoSession,
  params: CallbackParams,
  expectedState: string,
  verifier: string,
): Promise<SignedInUser> {
  try {
    return await session.exchangeCode(callbackSearch(params), expectedState, verifier);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError)
      throw new Error(`로그인 실패: ${error.error_description || error.error}`);
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.INVALID_RESPONSE)
      throw new Error('로그인 상태값이 맞지 않습니다. 다시 로그인하세요.');
    throw error;
  }
}

// ── popup side ──

/**
 * In the sign-in popup, back from the hosted UI: hands the result to the desk that opened it and
 * closes. Returns true when this window is such a popup (the app must not start in it).
 */
export function relayPopupCallback(win: Window = window): boolean {
  const params = readCallback(win.location.search);
  if (!params || !isPopupState(params.state)) return false;
  const message = { type: AUTH_MESSAGE, ...params };
  try {
    win.opener?.postMessage(message, win.location.origin);
  } catch {
    // opener gone (closed desk, or severed): the BroadcastChannel or the opener's polling remain
  }
  try {
    const channel = new BroadcastChannel(AUTH_MESSAGE);
    channel.postMessage(message);
    channel.close();
  } catch {
    // no BroadcastChannel
  }
  setTimeout(() => win.close(), 500);
  return true;
}

// ── desk side ──

/** Top-level sign-in: remembers verifier + state for the round trip and leaves for the hosted UI. */
export async function beginRedirectSignIn(client: OAuthClient): Promise<void> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier }));
  const codeChallenge = await oauth.calculatePKCECodeChallenge(verifier);
  location.assign(authorizeUrl(client, { state, codeChallenge }));
}

/** Back from the hosted UI in the top-level window: exchanges the code and cleans the URL. */
export async function completeRedirectSignIn(session: CognitoSession): Promise<SignedInUser | null> {
  const params = readCallback(location.search);
  if (!params || isPopupState(params.state)) return null;
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  const pending = raw ? (JSON.parse(raw) as { state: string; verifier: string }) : null;
  if (!pending) throw new Error('로그인 상태값이 맞지 않습니다. 다시 로그인하세요.');
  return exchange(session, params, pending.state, pending.verifier);
}

const POPUP_FEATURES = 'popup,width=480,height=720';

/**
 * Popup sign-in (inside the agent workspace). Call it straight from a click handler: the window is
 * opened before anything is awaited, or the browser's popup blocker stops it.
 */
export async function popupSignIn(session: CognitoSession, timeoutMs = 10 * 60_000): Promise<SignedInUser> {
  const popup = window.open('about:blank', 'minwon365-signin', POPUP_FEATURES);
  if (!popup) throw new Error('팝업이 차단되었습니다. 이 사이트의 팝업을 허용한 뒤 다시 누르세요.');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = `${POPUP_STATE_PREFIX}${oauth.generateRandomState()}`;
  popup.location.href = authorizeUrl(session.client, {
    state,
    codeChallenge: await oauth.calculatePKCECodeChallenge(verifier),
  });
  const params = await waitForPopup(popup, state, timeoutMs);
  return exchange(session, params, state, verifier);
}

function waitForPopup(popup: Window, state: string, timeoutMs: number): Promise<CallbackParams> {
  return new Promise((resolve, reject) => {
    let channel: BroadcastChannel | null = null;
    let closedAt: number | null = null;
    const done = (outcome: () => void) => {
      window.removeEventListener('message', onMessage);
      channel?.close();
      clearInterval(poll);
      clearTimeout(deadline);
      try {
        if (!popup.closed) popup.close();
      } catch {
        // ignore
      }
      outcome();
    };
    const accept = (data: unknown) => {
      const d = data as (CallbackParams & { type?: string }) | null;
      if (d?.type === AUTH_MESSAGE && d.state === state) {
        const { type: _type, ...params } = d;
        done(() => resolve(params));
      }
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin === location.origin) accept(event.data);
    };
    window.addEventListener('message', onMessage);
    try {
      channel = new BroadcastChannel(AUTH_MESSAGE);
      channel.onmessage = (event) => accept(event.data);
    } catch {
      channel = null;
    }
    const poll = setInterval(() => {
      try {
        // Readable only while the popup is on our origin (about:blank, or back at the callback).
        if (popup.location.origin === location.origin) {
          const params = readCallback(popup.location.search);
          if (params?.state === state) accept({ type: AUTH_MESSAGE, ...params });
        }
      } catch {
        // on the hosted UI: cross-origin
      }
      if (popup.closed) {
        closedAt ??= Date.now();
        // a short grace period: the relay's message may still be on its way
        if (Date.now() - closedAt > 1500) done(() => reject(new Error('로그인 창이 닫혔습니다.')));
      }
    }, 250);
    const deadline = setTimeout(() => done(() => reject(new Error('로그인 시간이 지났습니다.'))), timeoutMs);
  });
}

/**
 * Signs out: revokes the refresh token, forgets the tokens, and ends the hosted-UI session
 * (its cookie would otherwise let the next person at this PC in without the password). Top-level:
 * navigates to /logout. In the workspace iframe: /logout runs in a popup that closes itself once
 * back on our origin.
 */
export function signOutEverywhere(session: CognitoSession, framed: boolean): void {
  const url = logoutUrl(session.client);
  const popup = framed ? window.open(url, 'minwon365-signout', POPUP_FEATURES) : null;
  void session.signOut().then(() => {
    if (!framed) location.assign(url);
  });
  if (!popup) return;
  const started = Date.now();
  const poll = setInterval(() => {
    let back = false;
    try {
      back = popup.location.origin === location.origin && popup.location.href !== 'about:blank';
    } catch {
      back = false;
    }
    if (back || popup.closed || Date.now() - started > 60_000) {
      clearInterval(poll);
      try {
        popup.close();
      } catch {
        // ignore
      }
    }
  }, 300);
}
