/** The local sandbox's counselor queue as the desk's contact source (see contact-source.ts). */
import { post, type QueuedCall } from './api';
import { CurrentCallSource, type DeskCall } from './contact-source';

export const deskCallFromQueued = (call: QueuedCall): DeskCall => ({
  contactId: call.contactId,
  entryPointId: call.entryPointId,
  attributes: call.attributes,
  whisper: call.whisper,
  from: call.from,
});

export class SandboxContactSource extends CurrentCallSource {
  readonly kind = 'sandbox' as const;

  /** The counselor takes a waiting simulated call. */
  async accept(call: QueuedCall): Promise<void> {
    this.set(deskCallFromQueued(await post<QueuedCall>(`/sandbox/queue/${call.contactId}/accept`)));
  }

  /** Back to a call this counselor already took. */
  resume(call: QueuedCall): void {
    this.set(deskCallFromQueued(call));
  }

  override async endCall(call: DeskCall): Promise<void> {
    await post(`/sandbox/queue/${call.contactId}/end`);
  }

  /** The sandbox plays the warning's text to the simulated caller (`end`: the desk then ends the call). */
  override async playAbuseWarning(call: DeskCall, _mode?: 'continue' | 'end'): Promise<string[] | null> {
    return (await post<{ texts: string[] }>(`/sandbox/queue/${call.contactId}/abuse-warning`)).texts;
  }
}
