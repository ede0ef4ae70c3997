import { describe, expect, it, vi } from 'vitest';
import type { DeskCall } from '../../../web/src/contact-source';

// The Amazon Connect SDK, faked: the workspace answers the handshake (onCreate) and the test fires
// contact events. What is checked is the desk's wiring, not the SDK.
const sdk = vi.hoisted(() => {
  type Handler = (event: { contactId: string; type?: string }) => Promise<void> | void;
  const state = {
    connected: new Set<Handler>(),
    cleared: new Set<Handler>(),
    requests: [] as { namespace: string; route: string; data: unknown }[],
    attributeRequests: [] as { contactId: string; keys: unknown }[],
    listed: [] as { contactId: string; type: string }[],
  };
  const provider = {
    onError: () => undefined,
    getProxy: () => ({
      request: async (namespace: string, route: string, data: unknown) => {
        state.requests.push({ namespace, route, data });
        return { phoneNumber: '+821023456789' };
      },
    }),
  };
  return { state, provider };
});

vi.mock('@amazon-connect/app', () => ({
  AmazonConnectApp: {
    init: (config: { onCreate: (event: unknown) => Promise<void> }) => {
      setTimeout(() => void config.onCreate({ stage: 'create' }), 0);
      return { provider: sdk.provider };
    },
  },
}));

vi.mock('@amazon-connect/contact', () => ({
  ContactClient: class {
    onConnected(handler: never) {
      sdk.state.connected.add(handler);
    }
    onCleared(handler: never) {
      sdk.state.cleared.add(handler);
    }
    offConnected(handler: never) {
      sdk.state.connected.delete(handler);
    }
    offCleared(handler: never) {
      sdk.state.cleared.delete(handler);
    }
    async listContacts() {
      return sdk.state.listed;
    }
    async getAttributes(contactId: string, keys: unknown) {
      sdk.state.attributeRequests.push({ contactId, keys });
      return { entryPoint: 'barocall', category: 'living-complaints', callerKnown: 'true', openTickets: '1' };
    }
  },
}));

const { connectWorkspaceSource } = await import('../../../web/src/connect-workspace');

describe('Amazon Connect workspace source', () => {
  it('connected → the current call (attributes, customer number via the voice route); cleared → none', async () => {
    sdk.state.listed = [{ contactId: 'already-1', type: 'voice' }];
    const source = await connectWorkspaceSource({ timeoutMs: 1_000 });
    expect(source?.kind).toBe('connect');
    const seen: (DeskCall | null)[] = [];
    source?.subscribe((call) => seen.push(call));
    // opened mid-call: the contact already there
    expect(seen[0]?.contactId).toBe('already-1');

    for (const handler of sdk.state.connected) await handler({ contactId: 'c-2', type: 'voice' });
    expect(seen.at(-1)).toEqual({
      contactId: 'c-2',
      entryPointId: 'barocall',
      attributes: {
        entryPoint: 'barocall',
        category: 'living-complaints',
        callerKnown: 'true',
        openTickets: '1',
      },
      whisper: [],
      from: '+821023456789',
    });
    expect(sdk.state.attributeRequests.at(-1)).toEqual({
      contactId: 'c-2',
      keys: ['entryPoint', 'category', 'callerKnown', 'openTickets', 'latestTicket'],
    });
    expect(sdk.state.requests.at(-1)).toEqual({
      namespace: 'aws.connect.voice',
      route: 'voice/getInitialCustomerPhoneNumber',
      data: { contactId: 'c-2' },
    });

    // a chat contact is not the desk's business; another contact's clear changes nothing
    for (const handler of sdk.state.connected) await handler({ contactId: 'chat-1', type: 'chat' });
    for (const handler of sdk.state.cleared) await handler({ contactId: 'already-1' });
    expect(seen.at(-1)?.contactId).toBe('c-2');
    for (const handler of sdk.state.cleared) await handler({ contactId: 'c-2' });
    expect(seen.at(-1)).toBeNull();

    source?.dispose();
    expect(sdk.state.connected.size).toBe(0);
    expect(sdk.state.cleared.size).toBe(0);
  });
});
