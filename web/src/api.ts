import { formatPhone } from '#domain/phone';
import type { FieldIssue } from '#functions/api/messages';

/**
 * The web app's calls: the desk HTTP API (/api, docs/contracts.md) with the user's bearer token,
 * and the sandbox-only endpoints (/sandbox: the simulated phone and the counselors' queue).
 * Deployed, the token is Cognito's access token and /api goes to config.json's `apiUrl`; in the
 * sandbox it is the dev login's token on the same origin (configureApi is never called).
 */

/** Who is signed in (dev login, or decoded from Cognito's tokens for display). */
export interface DevLogin {
  username: string;
  displayName: string;
  groups: string[];
}

interface ApiTarget {
  /** Prefix for /api paths ('' = same origin). */
  baseUrl: string;
  /** The bearer token for /api, or null. */
  token: () => Promise<string | null>;
}

let target: ApiTarget | null = null;

/** Deployed mode: /api calls go to `baseUrl` with the token from `token()`. */
export const configureApi = (next: ApiTarget | null): void => {
  target = next;
};

const LOGIN_KEY = 'minwon365.devLogin';

export const loadLogin = (): DevLogin | null => {
  try {
    const raw = localStorage.getItem(LOGIN_KEY);
    return raw ? (JSON.parse(raw) as DevLogin) : null;
  } catch {
    return null;
  }
};

export const saveLogin = (login: DevLogin | null): void => {
  if (login) localStorage.setItem(LOGIN_KEY, JSON.stringify(login));
  else localStorage.removeItem(LOGIN_KEY);
};

const base64url = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export const devToken = (login: DevLogin): string =>
  `dev.${base64url(JSON.stringify({ sub: login.username, username: login.username, groups: login.groups }))}`;

/** One refused field of a 400 answer (docs/contracts.md, "Errors"): the API's own type. */
export type { FieldIssue };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field reasons of a refusal, when the API gave them. */
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  let url = path;
  if (target) {
    if (path.startsWith('/api/')) url = `${target.baseUrl}${path}`;
    const token = await target.token();
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '로그인이 만료되었습니다. 다시 로그인하세요.');
    headers.authorization = `Bearer ${token}`;
  } else {
    const login = loadLogin();
    if (login) headers.authorization = `Bearer ${devToken(login)}`;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = { message: text };
    }
  }
  if (!response.ok) {
    const error = (payload ?? {}) as { error?: string; message?: string; issues?: unknown };
    throw new ApiError(
      response.status,
      error.error ?? 'ERROR',
      error.message ?? `요청 실패 (${response.status})`,
      Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : [],
    );
  }
  return payload as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});

export const requestId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

// ── shapes (docs/contracts.md) ──

export interface EntryPoint {
  id: string;
  number: string;
  nameKo: string;
  displayNumber: string;
}

export interface SandboxInfo {
  city: { ko: string; en: string };
  timezone: string;
  entryPoints: EntryPoint[];
  categories: { code: string; nameKo: string }[];
  departments: { id: string; nameKo: string; categories: string[] }[];
}

export type { DepartmentMessage } from '#functions/shared/department-message';
export type { PhoneView, QueuedCallView as QueuedCall } from '#functions/shared/sandbox-views';
export type { TodayStats } from '#functions/use-cases/today-stats';

export interface HistoryEntry {
  at: string;
  by: string;
  status: string;
  statusKo: string;
  departmentId: string;
  note?: string;
}

export interface TicketView {
  ticketNumber: string;
  kind: string;
  category: string;
  departmentId: string;
  departmentNameKo: string;
  status: string;
  statusKo: string;
  location?: string;
  description: string;
  callerMasked?: string;
  createdAt: string;
  dueAt: string;
  version: number;
  history: HistoryEntry[];
}

export interface KbResult {
  id: string;
  title: string;
  answer: string;
  category: string;
  department?: string;
  score: number;
}

export interface EscalationResult {
  status?: string;
  outcome: 'transfer' | 'callback';
  transferType?: 'queue' | 'phone';
  phoneNumber?: string;
  departmentId?: string;
  departmentNameKo?: string;
  ticketNumber?: string;
  ticketNumberSpoken?: string;
  message?: string;
}

/** `+821012345678` → `010-1234-5678`; no number → 발신번호 표시제한. */
export const fromE164 = (e164: string | null | undefined): string =>
  e164 ? formatPhone(e164) : '발신번호 표시제한';

export const formatTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('ko-KR', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
};

export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)}%`;
