/**
 * What the local sandbox's server (tools/sandbox) sends the web app about simulated calls
 * (`/sandbox/calls`, `/sandbox/queue`). Types only, with no imports, so both the Node.js server and
 * the browser code (web/src/api.ts) use these definitions: web/ must not import from tools/, and
 * shared code lives under functions/ (this folder: types shared with the web app).
 */

export type PhoneState = 'ivr' | 'queued' | 'with-agent' | 'ended';

/** What the flow waits for the caller to key in (Get customer input / Store customer input). */
export interface KeypadRequest {
  /** `menu`: one key chooses a branch; `store`: digits ended by the terminator or at maxDigits. */
  mode: 'menu' | 'store';
  maxDigits: number;
  timeoutSeconds: number;
  terminator: string | null;
}

export interface PhoneView {
  callId: string;
  contactId: string;
  state: PhoneState;
  dialed: string;
  entryPointId: string | null;
  from: string | null;
  /** Every prompt spoken to the caller so far, in order. */
  prompts: string[];
  waitingForInput: KeypadRequest | null;
  queue: string | null;
  endReason: string | null;
  attributes: Record<string, string>;
}

export interface QueuedCallView {
  contactId: string;
  callId: string;
  state: 'queued' | 'with-agent';
  queue: string;
  queuedAt: string;
  from: string | null;
  dialed: string;
  entryPointId: string | null;
  attributes: Record<string, string>;
  whisper: string[];
  agent: string | null;
}
