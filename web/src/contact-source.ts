/**
 * Where the desk's current call comes from, behind one small interface:
 *
 * - `sandbox`: the local sandbox's counselor queue (/sandbox/queue): the desk lists waiting
 *   simulated calls and the counselor takes one.
 * - `connect`: the Amazon Connect agent workspace. The SDK (`@amazon-connect/app`,
 *   `@amazon-connect/contact`) lives in a lazily loaded chunk (connect-workspace.ts) fetched only
 *   when the desk runs in an iframe; the workspace is "detected" only when the SDK's handshake
 *   with the host completes.
 * - `none`: deployed, outside the workspace (a browser tab beside the CCP): no call data, the
 *   상담DB and the other screens still work.
 */
import { inIframe } from './frame';
import type { Mode } from './roles';

export interface DeskCall {
  contactId: string;
  entryPointId: string | null;
  /** Contact attributes the flows set: entryPoint, category, callerKnown, openTickets, latestTicket. */
  attributes: Record<string, string>;
  /** Lines the flow whispers to the counselor (sandbox). */
  whisper: string[];
  /**
   * The caller's number (E.164), kept in this object in memory only — never written to storage —
   * for the caller's ticket lookup and to link a report filed during the call to the caller.
   */
  from: string | null;
}

export type ContactSourceKind = 'sandbox' | 'connect' | 'none';

export interface ContactSource {
  readonly kind: ContactSourceKind;
  /** The current call (null: none); the listener is called with the current value at once. */
  subscribe(listener: (call: DeskCall | null) => void): () => void;
  /** Wrap-up. Sandbox: hangs up the simulated call. Connect: nothing (the CCP ends the call). */
  endCall(call: DeskCall): Promise<void>;
  /**
   * The legal abuse warning, to the caller. `continue`: the warning, then the counselor goes on
   * (Connect: the `abuse-warning` quick connect added as a participant — its flow conferences the
   * caller in, plays the warning and ends its leg). `end`: the final notice, then the call ends
   * (Connect: a transfer to the `abuse-warning-end` quick connect — the counselor leaves and the flow
   * plays the notice to the caller and disconnects). The text played, or null when Connect plays it.
   */
  playAbuseWarning(call: DeskCall, mode?: 'continue' | 'end'): Promise<string[] | null>;
  /**
   * Starts a department transfer (Connect: the department's quick connect added as a participant;
   * the counselor completes or cancels it in the CCP). False where the source cannot (sandbox).
   */
  transferToDepartment(call: DeskCall, departmentId: string): Promise<boolean>;
  /** The desk wrapped this call up: forget it (a later event brings the next call). */
  release(contactId: string): void;
  dispose(): void;
}

/** The attributes the desk reads from a Connect contact (set by the inbound flow). */
export const CONNECT_ATTRIBUTES = [
  'entryPoint',
  'category',
  'callerKnown',
  'openTickets',
  'latestTicket',
] as const;

/** A Connect contact as the desk's call: only the known attributes, non-empty strings. */
export function deskCallFromConnect(
  contactId: string,
  attributes: Record<string, unknown>,
  customerNumber: string | null | undefined,
): DeskCall {
  const picked: Record<string, string> = {};
  for (const key of CONNECT_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string' && value.trim()) picked[key] = value.trim();
  }
  const number =
    typeof customerNumber === 'string' && /^\+\d{6,15}$/.test(customerNumber) ? customerNumber : null;
  return {
    contactId,
    entryPointId: picked.entryPoint ?? null,
    attributes: picked,
    whisper: [],
    from: number,
  };
}

/** A source with a current-call value and listeners (the implementations share it). */
export abstract class CurrentCallSource implements ContactSource {
  abstract readonly kind: ContactSourceKind;
  private current: DeskCall | null = null;
  private readonly listeners = new Set<(call: DeskCall | null) => void>();

  subscribe(listener: (call: DeskCall | null) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  get call(): DeskCall | null {
    return this.current;
  }

  /** Sets the current call and tells the listeners. */
  protected set(call: DeskCall | null): void {
    this.current = call;
    for (const listener of this.listeners) listener(call);
  }

  release(contactId: string): void {
    if (this.current?.contactId === contactId) this.set(null);
  }

  async endCall(_call: DeskCall): Promise<void> {}

  async playAbuseWarning(_call: DeskCall, _mode?: 'continue' | 'end'): Promise<string[] | null> {
    return null;
  }

  async transferToDepartment(_call: DeskCall, _departmentId: string): Promise<boolean> {
    return false;
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Deployed, outside the agent workspace: never a call. */
export class NoContactSource extends CurrentCallSource {
  readonly kind = 'none' as const;
}

export interface DetectOptions {
  /** How long to wait for the workspace's handshake (default 5 s). */
  timeoutMs?: number;
  framed?: boolean;
  /** The sandbox source (dev mode), built by the caller so this module needs no API client. */
  sandbox: () => ContactSource;
}

/**
 * In an iframe, tries the Amazon Connect workspace (loading the SDK chunk); else, or when the SDK
 * does not connect in time, the sandbox queue (dev) or no source (deployed).
 */
export async function detectContactSource(mode: Mode, options: DetectOptions): Promise<ContactSource> {
  if (options.framed ?? inIframe()) {
    try {
      const { connectWorkspaceSource } = await import('./connect-workspace');
      const source = await connectWorkspaceSource({ timeoutMs: options.timeoutMs ?? 5_000 });
      if (source) return source;
    } catch (error) {
      console.warn('Amazon Connect workspace not available:', error);
    }
  }
  return mode === 'dev' ? options.sandbox() : new NoContactSource();
}
