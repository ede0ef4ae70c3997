/**
 * Browser side of the hosted-UI sign-in. Top-level window: a full-page redirect (the PKCE verifier
 * and state wait in sessionStorage during the round trip, then are deleted). Inside an iframe (the
 * Amazon Connect agent workspace; the hosted UI refuses to be framed): a popup on the same
 * callback URL. The popup only relays `code` + `state` back — by `window.opener.postMessage`
 * (same origin), a BroadcastChannel, and the opener polling the popup's URL once it is back on our
 * origin — and the iframe, which alone holds the verifier, exchanges the code.
 */
export { inIframe } from '../frame';

import { authorizeUrl, logoutUrl, type OAuthClient, type SignedInUser } from './oauth';
import { codeChallengeS256, createCodeVerifier, randomUrlSafe } from './pkce';
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

const callbackError = (p: CallbackParams): Error =>
  new Error(`로그인 실패: ${p.errorDescription || p.error || '인증 코드가 없습니다.'}`);

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
  const verifier = createCodeVerifier();
  const state = randomUrlSafe(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier }));
  location.assign(authorizeUrl(client, { state, codeChallenge: await codeChallengeS256(verifier) }));
}

/** Back from the hosted UI in the top-level window: exchanges the code and cleans the URL. */
export async function completeRedirectSignIn(session: CognitoSession): Promise<SignedInUser | null> {
  const params = readCallback(location.search);
  if (!params || isPopupState(params.state)) return null;
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  const pending = raw ? (JSON.parse(raw) as { state: string; verifier: string }) : null;
  if (params.error || !params.code) throw callbackError(params);
  if (!pending || pending.state !== params.state)
    throw new Error('로그인 상태값이 맞지 않습니다. 다시 로그인하세요.');
  return session.exchangeCode(params.code, pending.verifier);
}

const POPUP_FEATURES = 'popup,width=480,height=720';

/**
 * Popup sign-in (inside the agent workspace). Call it straight from a click handler: the window is
 * opened before anything is awaited, or the browser's popup blocker stops it.
 */
export async function popupSignIn(session: CognitoSession, timeoutMs = 10 * 60_000): Promise<SignedInUser> {
  const popup = window.open('about:blank', 'minwon365-signin', POPUP_FEATURES);
  if (!popup) throw new Error('팝업이 차단되었습니다. 이 사이트의 팝업을 허용한 뒤 다시 누르세요.');
  const verifier = createCodeVerifier();
  const state = `${POPUP_STATE_PREFIX}${randomUrlSafe(16)}`;
  popup.location.href = authorizeUrl(session.client, {
    state,
    codeChallenge: await codeChallengeS256(verifier),
  });
  const params = await waitForPopup(popup, state, timeoutMs);
  if (params.error || !params.code) throw callbackError(params);
  return session.exchangeCode(params.code, verifier);
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
