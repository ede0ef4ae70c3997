import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { KeypadRequest, PhoneState, PhoneView, QueuedCallView } from '#functions/shared/sandbox-views';
import type { CitySimulatorSettings } from '#tools/simulator/city';
import { createSimulator, type Simulator } from '#tools/simulator/index';
import type { Call } from '#tools/simulator/interpreter';
import type { FlowFunction, InputRequest, TranscriptEntry } from '#tools/simulator/types';
import type { ContactTrace, DisconnectReason } from './contact-trace';

/**
 * Live simulated calls for the sandbox's phone and desk. Each call runs the real contact flows
 * (tools/simulator) step by step. When the flows put the caller in the counselors' queue, the
 * call waits in the sandbox's queue (what Connect's routing would do) until the desk takes it;
 * when the counselor ends the call, the rest of the flows (the survey) runs for the caller.
 */

interface Session {
  callId: string;
  call: Call;
  dialed: string;
  entryPointId: string | null;
  from: string | null;
  state: PhoneState;
  prompts: string[];
  /** Transcript entries already turned into prompts. */
  cursor: number;
  /** Prompts after the counselor answered: spoken when the counselor ends the call. */
  held: TranscriptEntry[];
  queue: string | null;
  queuedAt: string | null;
  agent: string | null;
  endReason: string | null;
  endedAt: number | null;
}

/** The keypad part of the simulator's input request, as the web app's phone needs it. */
const keypadRequest = (request: InputRequest | null): KeypadRequest | null =>
  request === null
    ? null
    : {
        mode: request.mode,
        maxDigits: request.maxDigits,
        timeoutSeconds: request.timeoutSeconds,
        terminator: request.terminator,
      };

export class PhoneError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PhoneOptions {
  rootDir: string;
  settings: CitySimulatorSettings;
  functions: Record<string, FlowFunction>;
  /** Connect's contact records for each call (fed to the ctr-consumer). */
  contactTrace: ContactTrace;
  log?: (line: string) => void;
}

export class PhoneExchange {
  readonly simulator: Simulator;
  private readonly sessions = new Map<string, Session>();
  private readonly options: PhoneOptions;

  constructor(options: PhoneOptions) {
    this.options = options;
    this.simulator = createSimulator({
      flowsDir: join(options.rootDir, 'contact-flows'),
      functions: options.functions,
      hours: options.settings.hours,
      entryPoints: options.settings.entryPoints,
      queues: options.settings.queues,
      city: options.settings.city,
    });
  }

  async start(input: { dialed: string; from: string | null; at?: string }): Promise<PhoneView> {
    let dialedNumber: string;
    try {
      dialedNumber = this.simulator.resolveDialed(input.dialed);
    } catch (error) {
      throw new PhoneError(400, 'INVALID_DIALED', error instanceof Error ? error.message : String(error));
    }
    if (input.from !== null && !/^\+[1-9]\d{6,14}$/.test(input.from)) {
      throw new PhoneError(400, 'INVALID_FROM', '발신번호는 E.164 형식(+8210…)이어야 합니다.');
    }
    const entryPointId = this.options.settings.entryPoints.find((e) => e.number === dialedNumber)?.id ?? null;
    const call = this.simulator.startCall({
      dialed: dialedNumber,
      from: input.from,
      ...(input.at ? { at: input.at } : {}),
      // The counselor "answers" as soon as the call is queued; the sandbox holds the call there
      // until the desk takes it (see advance()).
      agentAnswersAfterSeconds: 0,
    });
    const session: Session = {
      callId: randomUUID(),
      call,
      dialed: dialedNumber,
      entryPointId,
      from: input.from,
      state: 'ivr',
      prompts: [],
      cursor: 0,
      held: [],
      queue: null,
      queuedAt: null,
      agent: null,
      endReason: null,
      endedAt: null,
    };
    this.sessions.set(session.callId, session);
    this.prune();
    this.options.contactTrace.started({
      contactId: call.contactId,
      at: new Date(),
      dialed: dialedNumber,
      from: input.from,
    });
    await call.next();
    await this.absorb(session);
    return this.view(session);
  }

  get(callId: string): PhoneView {
    return this.view(this.session(callId));
  }

  async input(callId: string, keys: string): Promise<PhoneView> {
    const session = this.session(callId);
    if (session.state !== 'ivr' || !session.call.waitingForInput) {
      throw new PhoneError(409, 'NOT_WAITING', '지금은 번호를 누를 수 없습니다.');
    }
    if (keys !== 'timeout' && !/^[0-9*#]+$/.test(keys)) {
      throw new PhoneError(400, 'INVALID_KEYS', '0–9, *, # 만 누를 수 있습니다.');
    }
    try {
      await session.call.input(keys);
    } catch (error) {
      throw new PhoneError(400, 'INPUT_REJECTED', error instanceof Error ? error.message : String(error));
    }
    await this.absorb(session);
    return this.view(session);
  }

  async hangUp(callId: string): Promise<PhoneView> {
    const session = this.session(callId);
    if (session.state === 'ended') return this.view(session);
    await this.end(session, '발신자가 전화를 끊었습니다.', 'CUSTOMER_DISCONNECT');
    return this.view(session);
  }

  /** Calls waiting for, or talking with, a counselor. */
  queued(): QueuedCallView[] {
    return [...this.sessions.values()]
      .filter((s) => s.state === 'queued' || s.state === 'with-agent')
      .map((s) => this.queuedView(s))
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  async accept(contactId: string, agent: string): Promise<QueuedCallView> {
    const session = this.byContact(contactId);
    if (session.state === 'with-agent' && session.agent === agent) return this.queuedView(session);
    if (session.state !== 'queued') throw new PhoneError(409, 'NOT_QUEUED', '대기 중인 전화가 아닙니다.');
    session.state = 'with-agent';
    session.agent = agent;
    session.prompts.push('(상담사와 연결되었습니다)');
    this.options.contactTrace.answered({ contactId, at: new Date(), agent });
    return this.queuedView(session);
  }

  /** Something the counselor plays to the caller during the conversation (the legal abuse warning). */
  playToCaller(contactId: string, texts: string[]): PhoneView {
    const session = this.byContact(contactId);
    if (session.state !== 'with-agent')
      throw new PhoneError(409, 'NOT_WITH_AGENT', '상담 중인 전화가 아닙니다.');
    session.prompts.push(...texts);
    return this.view(session);
  }

  /** The counselor ends the conversation: the caller hears what the flows say after it (survey). */
  async agentEnd(contactId: string): Promise<PhoneView> {
    const session = this.byContact(contactId);
    if (session.state !== 'with-agent')
      throw new PhoneError(409, 'NOT_WITH_AGENT', '상담 중인 전화가 아닙니다.');
    session.state = 'ivr';
    session.agent = null;
    const held = session.held;
    session.held = [];
    session.prompts.push('(상담사가 통화를 마쳤습니다)');
    for (const entry of held) this.take(session, entry, false);
    this.options.contactTrace.agentDisconnected({ contactId, at: new Date() });
    await this.settle(session, true);
    return this.view(session);
  }

  private async absorb(session: Session): Promise<void> {
    const entries = session.call.transcript.slice(session.cursor);
    session.cursor = session.call.transcript.length;
    let justQueued = false;
    for (const entry of entries) {
      if (session.state === 'queued' || session.state === 'with-agent') {
        session.held.push(entry);
        continue;
      }
      if (entry.kind === 'event' && entry.text.startsWith('counselor answered')) {
        session.state = 'queued';
        session.queue = /queue ([^)]+)\)/.exec(entry.text)?.[1] ?? 'counselors';
        session.queuedAt = new Date().toISOString();
        justQueued = true;
        continue;
      }
      this.take(session, entry, true);
    }
    if (justQueued) {
      session.prompts.push('(상담사 연결을 기다리는 중입니다)');
      this.options.contactTrace.queued({
        contactId: session.call.contactId,
        at: new Date(session.queuedAt ?? Date.now()),
        queue: session.queue ?? 'counselors',
      });
      this.options.log?.(`call ${session.call.contactId} queued for ${session.queue}`);
      return;
    }
    await this.settle(session, false);
  }

  /** After flows ran on without a counselor: end the call if the simulator ended it. */
  private async settle(session: Session, afterAgent: boolean): Promise<void> {
    const end = session.call.ended;
    if (!end || session.state === 'queued' || session.state === 'with-agent') return;
    const reasons: Record<string, string> = {
      transferred: '다른 번호로 연결되었습니다.',
      queued: afterAgent ? '통화가 끝났습니다.' : '대기열에 등록되었습니다(콜백).',
      disconnected: '통화가 끝났습니다.',
    };
    await this.end(session, reasons[end.outcome] ?? end.reason, 'CONTACT_FLOW_DISCONNECT', end.transferredTo);
  }

  private take(session: Session, entry: TranscriptEntry, _live: boolean): void {
    if (entry.kind === 'prompt' && entry.heardBy.includes('caller')) session.prompts.push(entry.text);
  }

  /** The call is over: the caller's screen says why, and its contact record goes out. */
  private async end(
    session: Session,
    reason: string,
    disconnect: DisconnectReason,
    transferredTo: string | null = null,
  ): Promise<void> {
    session.state = 'ended';
    session.endReason = reason;
    session.endedAt = Date.now();
    await this.options.contactTrace.ended({
      contactId: session.call.contactId,
      at: new Date(session.endedAt),
      reason: disconnect,
      attributes: { ...session.call.attributes },
      transferredTo,
    });
  }

  private session(callId: string): Session {
    const session = this.sessions.get(callId);
    if (!session) throw new PhoneError(404, 'NO_CALL', '통화를 찾을 수 없습니다.');
    return session;
  }

  private byContact(contactId: string): Session {
    for (const session of this.sessions.values()) if (session.call.contactId === contactId) return session;
    throw new PhoneError(404, 'NO_CALL', '통화를 찾을 수 없습니다.');
  }

  /** Forget calls that ended more than an hour ago. */
  private prune(): void {
    const cutoff = Date.now() - 3_600_000;
    for (const [id, session] of this.sessions) {
      if (session.endedAt !== null && session.endedAt < cutoff) this.sessions.delete(id);
    }
  }

  private view(session: Session): PhoneView {
    return {
      callId: session.callId,
      contactId: session.call.contactId,
      state: session.state,
      dialed: session.dialed,
      entryPointId: session.entryPointId,
      from: session.from,
      prompts: [...session.prompts],
      waitingForInput: session.state === 'ivr' ? keypadRequest(session.call.waitingForInput) : null,
      queue: session.queue,
      endReason: session.endReason,
      attributes: session.call.attributes,
    };
  }

  private queuedView(session: Session): QueuedCallView {
    return {
      contactId: session.call.contactId,
      callId: session.callId,
      state: session.state === 'with-agent' ? 'with-agent' : 'queued',
      queue: session.queue ?? 'counselors',
      queuedAt: session.queuedAt ?? '',
      from: session.from,
      dialed: session.dialed,
      entryPointId: session.entryPointId,
      attributes: session.call.attributes,
      whisper: [...session.call.agentWhisper],
      agent: session.agent,
    };
  }
}
