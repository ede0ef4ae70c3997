/**
 * The Amazon Connect agent workspace as the desk's contact source (a lazily loaded chunk: the SDK
 * is ~48 KB minified, more than the rest of the app, and only the workspace needs it).
 *
 * `AmazonConnectApp.init` posts the handshake to the parent window; only the workspace answers
 * (its `create` lifecycle event). No answer within the timeout: not in the workspace, and the
 * caller falls back. Then `ContactClient` events: connected → the current call (attributes the
 * flows set, plus the customer's number), cleared → no call.
 *
 * The customer's number: `@amazon-connect/contact` has no call for it; `VoiceClient` of
 * `@amazon-connect/voice` does (`getInitialCustomerPhoneNumber`). Rather than a third SDK package,
 * the same request goes through the provider's proxy with the SDK's own route names
 * (namespace `aws.connect.voice`, route `voice/getInitialCustomerPhoneNumber`). The app needs the
 * "customer endpoint" contact-data permission in its registration.
 */
import { AmazonConnectApp } from '@amazon-connect/app';
import {
  type ContactClearedHandler,
  ContactClient,
  type ContactConnectedHandler,
} from '@amazon-connect/contact';
import {
  CONNECT_ATTRIBUTES,
  type ContactSource,
  CurrentCallSource,
  deskCallFromConnect,
} from './contact-source';

const VOICE_NAMESPACE = 'aws.connect.voice';
const INITIAL_CUSTOMER_NUMBER = 'voice/getInitialCustomerPhoneNumber';

type Provider = ReturnType<typeof AmazonConnectApp.init>['provider'];

class ConnectWorkspaceSource extends CurrentCallSource {
  readonly kind = 'connect' as const;

  constructor(
    private readonly provider: Provider,
    private readonly contacts: ContactClient,
  ) {
    super();
    contacts.onConnected(this.onConnected);
    contacts.onCleared(this.onCleared);
  }

  private readonly onConnected: ContactConnectedHandler = async (event) => {
    if (event.type && event.type !== 'voice') return;
    await this.load(event.contactId);
  };

  private readonly onCleared: ContactClearedHandler = async (event) => {
    if (this.call?.contactId === event.contactId) this.set(null);
  };

  async load(contactId: string): Promise<void> {
    const [attributes, number] = await Promise.all([
      this.contacts.getAttributes(contactId, [...CONNECT_ATTRIBUTES]).catch(() => ({})),
      this.provider
        .getProxy()
        .request<{ phoneNumber?: string }>(VOICE_NAMESPACE, INITIAL_CUSTOMER_NUMBER, { contactId })
        .then((r) => r?.phoneNumber ?? null)
        .catch(() => null),
    ]);
    this.set(deskCallFromConnect(contactId, attributes, number));
  }

  override dispose(): void {
    this.contacts.offConnected(this.onConnected);
    this.contacts.offCleared(this.onCleared);
    super.dispose();
  }
}

/** The workspace source, or null when the workspace does not answer the SDK's handshake in time. */
export async function connectWorkspaceSource(options: { timeoutMs: number }): Promise<ContactSource | null> {
  let settle: (connected: boolean) => void = () => undefined;
  const created = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const { provider } = AmazonConnectApp.init({
    onCreate: async () => settle(true),
    workspace: { connectionTimeout: options.timeoutMs },
  });
  provider.onError((error) => {
    if (error.key === 'workspaceConnectTimeout') settle(false);
  });
  const timer = setTimeout(() => settle(false), options.timeoutMs + 1_000);
  const connected = await created;
  clearTimeout(timer);
  if (!connected) return null;

  // `provider` is typed with the app package's copy of @amazon-connect/core; the build resolves
  // one copy for both packages (web/build.ts), and the client accepts any provider at run time.
  const contacts = new ContactClient(provider as unknown as ConstructorParameters<typeof ContactClient>[0]);
  const source = new ConnectWorkspaceSource(provider, contacts);
  // Opened mid-call: pick up the voice contact already there.
  try {
    const current = (await contacts.listContacts()).find((c) => c.type === 'voice');
    if (current) await source.load(current.contactId);
  } catch {
    // no contact, or no permission: wait for the next connected event
  }
  return source;
}
