import { describe, expect, it, vi } from 'vitest';
import { readCallback } from '../../../web/src/auth/flow';
import {
  type ContactSource,
  CurrentCallSource,
  type DeskCall,
  deskCallFromConnect,
  detectContactSource,
} from '../../../web/src/contact-source';

class FakeSandbox extends CurrentCallSource {
  readonly kind = 'sandbox' as const;
  push(call: DeskCall | null) {
    this.set(call);
  }
}

describe('contact source', () => {
  it('maps a Connect contact: the flow attributes, entry point, and a well-formed E.164 number only', () => {
    const call = deskCallFromConnect(
      'c-1',
      {
        entryPoint: 'barocall',
        category: 'living-complaints',
        openTickets: '2',
        other: 'x',
        latestTicket: ' ',
      },
      '+821023456789',
    );
    expect(call).toEqual({
      contactId: 'c-1',
      entryPointId: 'barocall',
      attributes: { entryPoint: 'barocall', category: 'living-complaints', openTickets: '2' },
      whisper: [],
      from: '+821023456789',
    });
    expect(deskCallFromConnect('c-2', {}, 'anonymous').from).toBeNull();
    expect(deskCallFromConnect('c-2', {}, undefined).entryPointId).toBeNull();
  });

  it('subscribers get the current call at once and every change; release forgets the wrapped call', () => {
    const source = new FakeSandbox();
    const seen: (string | null)[] = [];
    const call = deskCallFromConnect('c-1', {}, null);
    source.push(call);
    const off = source.subscribe((c) => seen.push(c?.contactId ?? null));
    source.release('other');
    source.release('c-1');
    off();
    source.push(call);
    expect(seen).toEqual(['c-1', null]);
  });

  it('not framed: the sandbox queue in dev mode, no source deployed — the SDK is never loaded', async () => {
    const sandbox = new FakeSandbox();
    const dev = await detectContactSource('dev', { framed: false, sandbox: () => sandbox });
    expect(dev).toBe(sandbox);
    const deployed: ContactSource = await detectContactSource('cognito', {
      framed: false,
      sandbox: () => sandbox,
    });
    expect(deployed.kind).toBe('none');
  });

  it('framed: loads the SDK, which greets the parent window; no workspace answer in time → falls back', async () => {
    const posted: unknown[] = [];
    vi.stubGlobal('window', { parent: { postMessage: (message: unknown) => posted.push(message) } });
    vi.stubGlobal('document', { location: { origin: 'https://desk.example.kr', pathname: '/' } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sdkLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const sandbox = new FakeSandbox();
      const source = await detectContactSource('dev', {
        framed: true,
        timeoutMs: 20,
        sandbox: () => sandbox,
      });
      expect(source).toBe(sandbox);
      expect(posted).toEqual([expect.objectContaining({ type: 'connect-app-host-init' })]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
      warn.mockRestore();
      sdkLog.mockRestore();
    }
  });
});

describe('hosted UI callback', () => {
  it('reads code/state or error/state, nothing else', () => {
    expect(readCallback('?code=abc&state=popup.xyz')).toEqual({ code: 'abc', state: 'popup.xyz' });
    expect(readCallback('?error=access_denied&error_description=no&state=s')).toEqual({
      error: 'access_denied',
      errorDescription: 'no',
      state: 's',
    });
    expect(readCallback('?code=abc')).toBeNull();
    expect(readCallback('')).toBeNull();
  });
});
