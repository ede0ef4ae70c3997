import type { InputRequest } from '#tools/simulator/types';

/**
 * What the sandbox server sends the web app about live simulated calls. Types only and free of
 * Node.js imports, so the browser code (web/src/api.ts) uses the same definitions.
 */

export type PhoneState = 'ivr' | 'queued' | 'with-agent' | 'ended';

export interface PhoneView {
  callId: string;
  contactId: string;
  state: PhoneState;
  dialed: string;
  entryPointId: string | null;
  from: string | null;
  /** Every prompt spoken to the caller so far, in order. */
  prompts: string[];
  waitingForInput: InputRequest | null;
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
