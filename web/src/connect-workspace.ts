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
  AgentClient,
  type ContactClearedHandler,
  ContactClient,
  type ContactConnectedHandler,
  type QuickConnect,
} from '@amazon-connect/contact';
import {
  CONNECT_ATTRIBUTES,
  type ContactSource,
  CurrentCallSource,
  type DeskCall,
  deskCallFromConnect,
} from './contact-source';

const VOICE_NAMESPACE = 'aws.connect.voice';
const INITIAL_CUSTOMER_NUMBER = 'voice/getInitialCustomerPhoneNumber';

type Provider = ReturnType<typeof AmazonConnectApp.init>['provider'];

class ConnectWorkspaceSource extends CurrentCallSource {
  readonly kind = 'connect' as const;

  /** Created on first use (quick connects only). */
  private agent: AgentClient | null = null;

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

  /**
   * The quick connect named `… [id]` (infra/connect/quick-connects.ts) among those of the agent's
   * routing-profile queues.
   */
  private async quickConnect(id: string): Promise<QuickConnect> {
    this.agent ??= new AgentClient(this.provider as unknown as ConstructorParameters<typeof AgentClient>[0]);
    const queues = await this.agent.getRoutingProfileQueues();
    const { quickConnects } = await this.agent.listQuickConnects(queues.map((q) => q.queueARN));
    const found = quickConnects.find((q) => q.name.endsWith(`[${id}]`));
    if (!found) throw new Error(`빠른 연결 [${id}]을(를) 찾을 수 없습니다. 관리자에게 문의해 주세요.`);
    return found;
  }

  /**
   * `continue`: adds the abuse-warning quick connect (its flow conferences the caller in, plays the
   * warning and ends its leg: the counselor stays). `end`: transfers to abuse-warning-end (the
   * counselor leaves; Connect runs the flow on the caller: final notice, then disconnect).
   * https://docs.aws.amazon.com/connect/latest/adminguide/how-quick-connects-work.html
   */
  override async playAbuseWarning(
    call: DeskCall,
    mode: 'continue' | 'end' = 'continue',
  ): Promise<string[] | null> {
    if (mode === 'end') {
      const quickConnect = await this.quickConnect('abuse-warning-end');
      if (quickConnect.type === 'phone_number')
        throw new Error('빠른 연결 [abuse-warning-end]은 대기열 연결이어야 합니다.');
      await this.contacts.transfer(call.contactId, quickConnect);
    } else {
      await this.contacts.addParticipant(call.contactId, await this.quickConnect('abuse-warning'));
    }
    return null;
  }

  /** Adds the department's quick connect: the counselor completes or cancels it in the CCP. */
  override async transferToDepartment(call: DeskCall, departmentId: string): Promise<boolean> {
    await this.contacts.addParticipant(call.contactId, await this.quickConnect(departmentId));
    return true;
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
