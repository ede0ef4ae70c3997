import type { ConnectFlowType } from '#infra/connect/flow-catalog';
import { docOf, flowTypesOf } from '#tools/flows/action-catalog';
import { EXECUTORS } from './actions';
import { CallRecord, Contact } from './contact';
import {
  ABANDON_AFTER_SECONDS,
  type CallConfig,
  type ConsultControl,
  callEnd,
  createActionContext,
  type FlowExit,
  type FlowRun,
  type Jump,
  LIVE_QUEUE_HORIZON_SECONDS,
  type PreviousParticipantState,
  type QueueTiming,
  recordViolation,
} from './context';

export { TRANSFER_TO_FLOW_TYPES } from './context';

import { SimulationError } from './errors';
import { JsonPathError } from './jsonpath';
import type { UnresolvedReference } from './resources';
import type {
  CallEnd,
  CounselorStep,
  FlowRole,
  InputRequest,
  LambdaCallRecord,
  LiveQueue,
  LoadedFlow,
  Participant,
  QueueEvent,
  QueueSpan,
  QuickConnectSpec,
  StepResult,
  TranscriptEntry,
} from './types';

/**
 * The Flow-language interpreter. One `Call` is one phone call as Amazon Connect runs it, with its
 * participants and legs: the caller's contact runs the inbound flow; while queued, the customer
 * queue flow; when a counselor answers, the agent whisper (to the counselor) and the customer
 * whisper (to the caller); then the counselor's actions (scenario steps):
 *
 * - a quick connect puts the caller on hold — "the contact that the agent is working on hears the
 *   customer hold flow" — and runs the quick connect's transfer flow on a consult leg, heard by the
 *   counselor ("John hears the first Play prompt"); USER and QUEUE quick connects run an agent or
 *   queue transfer flow, PHONE_NUMBER quick connects run no flow and dial directly
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/how-quick-connects-work.html);
 * - when the target answers, the agent whisper plays to the target and the customer whisper to the
 *   counselor; then the counselor can conference (Join), leave (End call: caller and target stay
 *   connected) or cancel (end the consult leg and return to the caller);
 * - a cold transfer (the counselor leaves at once) runs the transfer flow on the caller: "the
 *   transferring agent disconnects before transfer is completed, and this flow is run on the
 *   caller" (https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html#contact-flow-types);
 * - "Hold customer or agent" in a transfer flow changes who hears it: Conference all (OffHold) —
 *   agent and customer; Agent on hold — the customer; Customer on hold — the agent
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/hold-customer-agent.html);
 * - when the counselor hangs up on the caller, the disconnect flow (CustomerRemaining) runs.
 *
 * Where the docs are silent the README says what is modelled (for example: a transfer flow's
 * DisconnectParticipant with the counselor still on the consult leg ends that leg and the counselor
 * is back with the caller — what the default queue transfer flow relies on when it "plays a prompt
 * and disconnects"). Each action type is one module of tools/simulator/actions.
 */

export { buildConnectEvent } from './contact';
export type { CallConfig } from './context';
export { ABANDON_AFTER_SECONDS } from './context';

/** Actions one call may run before the simulator calls it an endless loop. */
export const MAX_STEPS = 2000;
/** Simulated length of a conversation with an answered third party before it hangs up. */
const THIRD_PARTY_TALK_SECONDS = 120;

const isGenerator = (value: unknown): value is AsyncGenerator<InputRequest, Jump, string> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

interface RunOptions {
  role: FlowRole;
  contact: Contact;
  flowType: ConnectFlowType;
  listeners: () => Participant[];
  queue?: FlowRun['queue'];
  consult?: ConsultControl;
}

/** A quick connect in use: the consult leg and who is on it. */
interface Consult {
  qc: Required<Pick<QuickConnectSpec, 'type'>> & QuickConnectSpec & { name: string };
  /** The transfer contact (QUEUE and USER quick connects). */
  contact: Contact | null;
  counselor: 'on-line' | 'on-hold' | 'left';
  /** The caller hears the consult leg (conference, agent on hold, or the counselor left). */
  callerOnCall: boolean;
  /** `flow`: the transfer flow runs; `waiting`: in the target's queue; `connected`: the target answered. */
  state: 'flow' | 'waiting' | 'connected';
  target: string;
}

const CALLER: Participant[] = ['caller'];

/** Hold and whisper flow types run on their own (--type): their role and who hears them. */
const HOOK_ROLES: Partial<Record<ConnectFlowType, { role: FlowRole; listener: Participant }>> = {
  CUSTOMER_HOLD: { role: 'customer-hold', listener: 'caller' },
  AGENT_HOLD: { role: 'agent-hold', listener: 'counselor' },
  AGENT_WHISPER: { role: 'agent-whisper', listener: 'counselor' },
  CUSTOMER_WHISPER: { role: 'customer-whisper', listener: 'caller' },
  // "Outbound whisper flow: … performs actions on the customer side of an outbound call".
  OUTBOUND_WHISPER: { role: 'outbound-whisper', listener: 'caller' },
};

/** A span of queue time as a live queue sees it (seconds since the call started → instants). */
const queueSpan = (contact: Contact, queuedAt: number, from: number, until: number | null): QueueSpan => {
  const at = (seconds: number) => new Date(contact.config.start.getTime() + seconds * 1000);
  const priority = contact.settings.queuePriority;
  return {
    contactId: contact.contactId,
    queue: contact.segment.queue ?? contact.targetQueue ?? '',
    queuedAt: at(queuedAt),
    from: at(from),
    until: until === null ? null : at(until),
    priority: priority !== undefined && Number.isFinite(Number(priority)) ? Number(priority) : null,
    callbackRequested: contact.segment.callback,
  };
};

export class Call {
  readonly transcript: TranscriptEntry[];
  /** Text the counselor heard in agent whisper flows. */
  readonly agentWhisper: string[];
  readonly lambdaCalls: LambdaCallRecord[];
  /** Contract violations (for example a Lambda's nested response): the call continues, a scenario fails. */
  readonly violations: string[];
  private readonly record: CallRecord;
  /** The caller's contact (the one the inbound flow runs on). */
  private readonly contact: Contact;
  /** The contact the caller is on now: a transfer contact once a transfer completed. */
  private callerContact: Contact;
  private readonly steps: CounselorStep[];
  private consult: Consult | null = null;
  private callerOnHold = false;
  private readonly generator: AsyncGenerator<InputRequest, CallEnd, string>;
  private actionsRun = 0;
  private pending: InputRequest | null = null;
  private end: CallEnd | null = null;
  private spokenCursor = 0;
  private started = false;

  constructor(private readonly config: CallConfig) {
    this.record = new CallRecord(config);
    ({
      transcript: this.transcript,
      agentWhisper: this.agentWhisper,
      lambdaCalls: this.lambdaCalls,
      violations: this.violations,
    } = this.record);
    this.contact = new Contact(this.record);
    this.callerContact = this.contact;
    this.steps =
      config.counselor.length > 0
        ? [...config.counselor]
        : config.quickConnect
          ? [{ quickConnect: config.quickConnect, cold: true }]
          : [];
    this.generator = this.main();
  }

  /** References resolved to stand-ins (stubbed functions, simulated queues …) or not at all. */
  get unresolved(): readonly UnresolvedReference[] {
    return this.record.unresolved;
  }

  /** Reports a reference resolved to a stand-in, or not at all (once per kind and reference). */
  report(entry: UnresolvedReference): void {
    this.record.report(entry);
  }

  get contactId(): string {
    return this.contact.contactId;
  }

  /** Voice, logging, recording, routing priority … as set by the flows. */
  get settings(): Record<string, string> {
    return this.contact.settings;
  }

  /** Contact attributes of the caller's contact now. */
  get attributes(): Record<string, string> {
    return { ...(this.callerContact.data.Attributes as Record<string, string>) };
  }

  get ended(): CallEnd | null {
    return this.end;
  }

  get waitingForInput(): InputRequest | null {
    return this.pending;
  }

  /** The simulated wall clock (call start + simulated seconds). */
  get now(): Date {
    return this.contact.now;
  }

  /** All text the caller heard so far. */
  get spoken(): string[] {
    return this.heardBy('caller');
  }

  /** All text a participant heard so far. */
  heardBy(participant: Participant): string[] {
    return this.transcript.flatMap((e) =>
      e.kind === 'prompt' && e.heardBy.includes(participant) ? [e.text] : [],
    );
  }

  /** Runs until someone is asked for input or the call ends. Idempotent while waiting. */
  async next(): Promise<StepResult> {
    if (!this.started) {
      this.started = true;
      await this.advance(undefined);
    }
    return this.collect();
  }

  /** Answers the pending input request with DTMF keys (`"1"`, `"2027000123#"`) or `"timeout"`; runs on. */
  async input(value: string): Promise<StepResult> {
    if (!this.started) await this.next();
    if (this.end)
      throw new SimulationError(`input "${value}" given after the call ended (${this.end.reason})`);
    if (!this.pending) throw new SimulationError(`input "${value}" given but no input was requested`);
    this.pending = null;
    await this.advance(value);
    return this.collect();
  }

  private async advance(value: string | undefined): Promise<void> {
    const result = await this.generator.next(value as string);
    if (result.done) {
      this.end = result.value;
      this.transcript.push({ kind: 'end', end: result.value });
    } else {
      this.pending = result.value;
    }
  }

  private collect(): StepResult {
    const spoken = this.transcript
      .slice(this.spokenCursor)
      .flatMap((e) => (e.kind === 'prompt' && e.heardBy.includes('caller') ? [e.text] : []));
    this.spokenCursor = this.transcript.length;
    return { spoken, waitingForInput: this.pending, ended: this.end };
  }

  private event(text: string): void {
    this.contact.event('system', '-', text);
  }

  private finish(reason: string): CallEnd {
    return callEnd(this.callerContact.segment, reason);
  }

  // ───────────────────────────── the caller's contact ─────────────────────────────

  private async *main(): AsyncGenerator<InputRequest, CallEnd, string> {
    const type = this.config.inboundFlowType ?? 'CONTACT_FLOW';
    if (type === 'CUSTOMER_QUEUE') return yield* this.asQueueFlow();
    if (type === 'AGENT_TRANSFER' || type === 'QUEUE_TRANSFER') return yield* this.asTransferFlow(type);
    const hook = HOOK_ROLES[type];
    if (hook) return yield* this.asHookFlow(type, hook.role, hook.listener);
    const exit = yield* this.runFlow(this.config.inboundFlow, {
      role: 'main',
      contact: this.contact,
      flowType: type,
      listeners: () => CALLER,
    });
    if (exit.kind === 'transferred') return this.finish('external transfer answered');
    if (exit.kind === 'module-returned') return this.finishEnded('the flow module returned');
    if (exit.kind === 'disconnected' || exit.kind === 'ended' || exit.kind === 'left')
      return this.finish(exit.reason);
    if (exit.kind === 'agent-answered') throw new SimulationError('internal: agent answered outside a queue');
    const live = this.config.liveQueue;
    const waited = live
      ? yield* this.waitInLiveQueue(this.contact, live)
      : yield* this.waitInQueue(this.contact, this.config.agentAnswersAfterSeconds, () => CALLER);
    if (waited !== 'answered') return this.finish(waited);
    this.event(`counselor answered (queue ${this.contact.targetQueue ?? '?'})`);
    yield* this.whispers(this.contact, 'counselor', () => CALLER);
    return yield* this.withCounselor();
  }

  // ─────────────── a flow run in its role (--type): not the inbound flow ───────────────

  private finishEnded(reason: string): CallEnd {
    this.callerContact.segment.outcome ??= 'ended';
    return this.finish(reason);
  }

  /** A customer queue flow: the caller waits in a queue with it as the queue's flow. */
  private async *asQueueFlow(): AsyncGenerator<InputRequest, CallEnd, string> {
    const queue = this.config.queues[0];
    if (queue) this.contact.setTargetQueue(queue);
    this.contact.hooks.CustomerQueue = this.config.inboundFlow;
    this.event(`the caller waits in queue ${queue ?? '?'} (the flow runs as its customer queue flow)`);
    const waited = yield* this.waitInQueue(this.contact, this.config.agentAnswersAfterSeconds, () => CALLER);
    if (waited !== 'answered') return this.finish(waited);
    this.contact.segment = {
      outcome: 'queued',
      queue: this.contact.targetQueue,
      transferredTo: null,
      callback: false,
    };
    return this.finish('a counselor answered');
  }

  /** A hold or whisper flow: run once, heard by the participant of its leg. */
  private async *asHookFlow(
    flowType: ConnectFlowType,
    role: FlowRole,
    listener: Participant,
  ): AsyncGenerator<InputRequest, CallEnd, string> {
    const queue = this.config.queues[0];
    if (queue) this.contact.setTargetQueue(queue);
    const exit = yield* this.runFlow(this.config.inboundFlow, {
      role,
      contact: this.contact,
      flowType,
      listeners: () => [listener],
    });
    return this.finishEnded('reason' in exit ? exit.reason : `${role} flow ended (${exit.kind})`);
  }

  /** A transfer flow: a connected counselor uses a quick connect that runs it (then the steps). */
  private async *asTransferFlow(
    flowType: 'AGENT_TRANSFER' | 'QUEUE_TRANSFER',
  ): AsyncGenerator<InputRequest, CallEnd, string> {
    const queue = this.config.queues[0];
    const quickConnect: QuickConnectSpec =
      flowType === 'AGENT_TRANSFER'
        ? { name: 'quick connect (USER)', type: 'USER', flow: this.config.inboundFlow, user: 'agent' }
        : {
            name: 'quick connect (QUEUE)',
            type: 'QUEUE',
            flow: this.config.inboundFlow,
            queue: queue ?? 'queue',
          };
    this.event('a counselor is on the call with the caller');
    this.steps.unshift({ quickConnect });
    return yield* this.withCounselor();
  }

  /** Queue time until someone answers, running the contact's customer queue flow meanwhile. */
  private async *waitInQueue(
    contact: Contact,
    answerAfter: number | null,
    listeners: () => Participant[],
  ): AsyncGenerator<InputRequest, 'answered' | string, string> {
    const queuedAt = contact.elapsedSeconds;
    const answerAt = answerAfter === null ? null : queuedAt + answerAfter;
    const abandonAt = queuedAt + ABANDON_AFTER_SECONDS;
    const left = yield* this.runQueueFlows(contact, listeners, { answerAt, abandonAt });
    if (left !== null) return left;
    if (answerAt === null || answerAt > abandonAt) {
      contact.elapsedSeconds = Math.max(contact.elapsedSeconds, abandonAt);
      return `nobody answered; the caller hung up after ${ABANDON_AFTER_SECONDS} s in queue`;
    }
    contact.elapsedSeconds = Math.max(contact.elapsedSeconds, answerAt);
    return 'answered';
  }

  /**
   * The contact's customer queue flow while it waits: `answered`, why the caller left the queue, or
   * null when the flow ended (the caller then hears hold music until someone answers).
   */
  private async *runQueueFlows(
    contact: Contact,
    listeners: () => Participant[],
    queue: QueueTiming,
  ): AsyncGenerator<InputRequest, 'answered' | string | null, string> {
    for (;;) {
      const hook = contact.hooks.CustomerQueue;
      if (!hook) return null;
      const exit = yield* this.runFlow(hook, {
        role: 'customer-queue',
        contact,
        flowType: 'CUSTOMER_QUEUE',
        listeners,
        queue,
      });
      if (exit.kind === 'agent-answered') return 'answered';
      if (exit.kind === 'queued') continue; // moved to another queue: its queue flow starts again
      if (exit.kind === 'disconnected')
        return contact.segment.callback
          ? `caller left the queue with a queued callback (${exit.reason})`
          : `caller left the queue (${exit.reason})`;
      if (exit.kind === 'transferred') return 'caller transferred from the queue';
      if (exit.kind === 'left') return exit.reason;
      return null; // the queue flow ended
    }
  }

  /**
   * Queue time with a queue driven from outside (StartCallOptions.liveQueue): the driver is asked at
   * the moment the caller is queued, after every customer queue flow action that takes time (the
   * span it covered), and for the open span once the queue flow has ended; its answer — a counselor
   * answered, or the caller hung up, at an instant inside the span — ends the wait there, cutting
   * the action short (Connect interrupts the customer queue flow when an agent accepts the contact:
   * https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html#contact-flow-types,
   * "Customer queue flow").
   */
  private async *waitInLiveQueue(
    contact: Contact,
    live: LiveQueue,
  ): AsyncGenerator<InputRequest, 'answered' | string, string> {
    const queuedAt = contact.elapsedSeconds;
    const result = (event: QueueEvent): 'answered' | string => {
      contact.elapsedSeconds = Math.max(
        queuedAt,
        (event.at.getTime() - contact.config.start.getTime()) / 1000,
      );
      return event.kind === 'answered' ? 'answered' : 'the caller hung up while queued';
    };
    const entered = await live.wait(queueSpan(contact, queuedAt, queuedAt, queuedAt));
    if (entered) return result(entered);
    const timing = { answerAt: null, abandonAt: queuedAt + LIVE_QUEUE_HORIZON_SECONDS, live };
    const left = yield* this.runQueueFlows(contact, () => CALLER, timing);
    if (left !== null) return left;
    if (contact.segment.callback) return 'caller left the queue with a queued callback';
    // The queue flow ended: hold music until the driver says what happens.
    const open = await live.wait(queueSpan(contact, queuedAt, contact.elapsedSeconds, null));
    if (!open)
      throw new SimulationError('live queue: an open wait in queue must end in an answer or a hang-up');
    return result(open);
  }

  /**
   * "A whisper flow is triggered after the agent accepts the contact. The agent whisper flow runs
   * first … After this is completed, the customer is taken out of queue and the customer whisper
   * flow runs." https://docs.aws.amazon.com/connect/latest/adminguide/set-whisper-flow.html
   * Without a hook Connect plays its defaults: the agent whisper says the queue name, the customer
   * whisper is a beep (default-agent-whisper.html, default-customer-whisper.html).
   */
  private async *whispers(
    contact: Contact,
    agent: Participant,
    customer: () => Participant[],
  ): AsyncGenerator<InputRequest, void, string> {
    const agentHook = contact.hooks.AgentWhisper;
    if (agentHook) {
      yield* this.runFlow(agentHook, {
        role: 'agent-whisper',
        contact,
        flowType: 'AGENT_WHISPER',
        listeners: () => [agent],
      });
    } else {
      this.event(`default agent whisper to the ${agent}: the queue name (${contact.targetQueue ?? '?'})`);
    }
    const customerHook = contact.hooks.CustomerWhisper;
    if (customerHook) {
      yield* this.runFlow(customerHook, {
        role: 'customer-whisper',
        contact,
        flowType: 'CUSTOMER_WHISPER',
        listeners: customer,
      });
    }
  }

  // ───────────────────────────── the counselor ─────────────────────────────

  private async *withCounselor(): AsyncGenerator<InputRequest, CallEnd, string> {
    for (;;) {
      const step = this.steps.shift();
      if (!step) return yield* this.consult ? this.leave() : this.hangUp();
      if ('quickConnect' in step) {
        const end = yield* this.quickConnect(step);
        if (end) return end;
        continue;
      }
      switch (step.do) {
        case 'conference':
          this.conference();
          break;
        case 'cancel':
          this.cancel();
          break;
        case 'hold':
          if (this.consult)
            throw new SimulationError('hold: the caller is already on hold for the quick connect');
          yield* this.holdCaller();
          break;
        case 'resume':
          if (this.consult)
            throw new SimulationError('resume: use conference, leave or cancel for a quick connect');
          this.resumeCaller();
          break;
        case 'leave':
          if (!this.consult)
            throw new SimulationError('leave: no quick connect in progress (use hangUp to end the call)');
          return yield* this.leave();
        case 'hangUp':
          // "Choose End call. He leaves the call but Maria and the customer are directly connected."
          return yield* this.consult ? this.leave() : this.hangUp();
      }
    }
  }

  /** The counselor ends the call with the caller: the disconnect flow runs for the caller. */
  private async *hangUp(): AsyncGenerator<InputRequest, CallEnd, string> {
    this.event('counselor talked with the caller and hung up');
    this.callerOnHold = false;
    const remaining = this.contact.hooks.CustomerRemaining;
    if (remaining) {
      yield* this.runFlow(remaining, {
        role: 'disconnect',
        contact: this.contact,
        flowType: 'CONTACT_FLOW',
        listeners: () => CALLER,
      });
    }
    return this.finish('call completed after the counselor');
  }

  /** The caller on hold hears the customer hold flow (or Connect's default: hold music). */
  private async *holdCaller(): AsyncGenerator<InputRequest, void, string> {
    if (this.callerOnHold) return;
    this.callerOnHold = true;
    const hook = this.contact.hooks.CustomerHold;
    if (!hook) {
      this.event('caller on hold: default customer hold flow (hold music)');
      return;
    }
    this.event('caller on hold: customer hold flow');
    yield* this.runFlow(hook, {
      role: 'customer-hold',
      contact: this.contact,
      flowType: 'CUSTOMER_HOLD',
      listeners: () => CALLER,
    });
  }

  private resumeCaller(): void {
    if (!this.callerOnHold) return;
    this.callerOnHold = false;
    this.event('caller off hold: back with the counselor');
  }

  /** The counselor on hold hears the agent hold flow (default: "You are on hold" every 10 s). */
  private async *holdCounselor(): AsyncGenerator<InputRequest, void, string> {
    const hook = this.contact.hooks.AgentHold;
    if (!hook) {
      this.event('counselor on hold: default agent hold flow ("You are on hold")');
      return;
    }
    yield* this.runFlow(hook, {
      role: 'agent-hold',
      contact: this.contact,
      flowType: 'AGENT_HOLD',
      listeners: () => ['counselor'],
    });
  }

  private resolveQuickConnect(ref: string | QuickConnectSpec): Consult['qc'] {
    const found = typeof ref === 'string' ? this.config.quickConnects.find((qc) => qc.name === ref) : ref;
    if (!found) {
      throw new SimulationError(
        `quick connect "${String(ref)}" is not defined (known: ${this.config.quickConnects.map((q) => q.name).join(', ') || 'none'})`,
      );
    }
    const type = found.type ?? (found.phoneNumber ? 'PHONE_NUMBER' : found.user ? 'USER' : 'QUEUE');
    const name = found.name ?? found.flow ?? found.phoneNumber ?? 'quick connect';
    if (type !== 'PHONE_NUMBER' && !found.flow)
      throw new SimulationError(`quick connect "${name}" (${type}) needs a flow`);
    if (type === 'PHONE_NUMBER' && !found.phoneNumber)
      throw new SimulationError(`quick connect "${name}" needs a phoneNumber`);
    if (type === 'QUEUE' && !found.queue)
      throw new SimulationError(`quick connect "${name}" (QUEUE) needs a queue`);
    return { ...found, type, name };
  }

  /** Who hears the transfer flow on the consult leg now. */
  private consultListeners(): Participant[] {
    const c = this.consult;
    if (!c) return CALLER;
    const listeners: Participant[] = [];
    if (c.counselor === 'on-line') listeners.push('counselor');
    if (c.callerOnCall || c.counselor === 'left') listeners.push('caller');
    return listeners;
  }

  private async *quickConnect(
    step: Extract<CounselorStep, { quickConnect: unknown }>,
  ): AsyncGenerator<InputRequest, CallEnd | null, string> {
    if (this.consult)
      throw new SimulationError(
        'quick connect: another quick connect is in progress (leave or cancel it first)',
      );
    const qc = this.resolveQuickConnect(step.quickConnect);
    const cold = step.cold === true;
    this.event(
      `counselor uses the quick connect "${qc.name}" (${qc.type}${qc.queue ? `, queue ${qc.queue}` : ''}${qc.flow ? `, flow ${qc.flow}` : ''})${
        cold ? ' and leaves at once (cold transfer: the flow runs on the caller)' : ''
      }`,
    );
    const consult: Consult = {
      qc,
      contact: null,
      counselor: cold ? 'left' : 'on-line',
      callerOnCall: cold,
      state: 'flow',
      target: qc.phoneNumber ?? qc.queue ?? qc.user ?? qc.name,
    };
    this.consult = consult;
    if (!cold) yield* this.holdCaller();
    else this.callerOnHold = false;

    if (qc.type === 'PHONE_NUMBER') {
      // "There are no flows involved in a phone number quick connect … directly connected to the destination."
      const result = this.config.externalTransfer;
      this.event(`dials ${qc.phoneNumber}: ${result}`);
      if (result === 'answered') {
        consult.state = 'connected';
        return cold ? this.completeTransfer() : null;
      }
      this.consult = null;
      if (cold) return this.finish(`the quick connect's number ${qc.phoneNumber} did not answer`);
      this.resumeCaller();
      return null;
    }

    const transfer = new Contact(this.record, this.contact);
    consult.contact = transfer;
    if (qc.queue) transfer.setTargetQueue(qc.queue);
    if (qc.user) transfer.data.Agent = { UserName: qc.user };
    const exit = yield* this.runFlow(qc.flow as string, {
      role: 'transfer',
      contact: transfer,
      flowType: qc.type === 'USER' ? 'AGENT_TRANSFER' : 'QUEUE_TRANSFER',
      listeners: () => this.consultListeners(),
      consult: this.consultControl(),
    });
    return yield* this.afterTransferFlow(exit);
  }

  private async *afterTransferFlow(exit: FlowExit): AsyncGenerator<InputRequest, CallEnd | null, string> {
    const c = this.consult;
    if (!c?.contact) return null; // the counselor cancelled during the flow
    switch (exit.kind) {
      case 'queued':
        c.state = 'waiting';
        c.target = `${c.contact.segment.queue ?? c.contact.targetQueue ?? 'the queue'} staff`;
        return yield* this.answerConsult();
      case 'transferred':
        c.state = 'connected';
        c.target = c.contact.segment.transferredTo ?? c.target;
        return c.counselor === 'left' ? this.completeTransfer() : null;
      case 'agent-answered':
        throw new SimulationError('internal: agent answered outside a queue');
      case 'module-returned':
        throw new SimulationError('a module Return (EndFlowModuleExecution) outside a module');
      default:
        if (c.counselor === 'left') {
          // The flow ran on the caller (cold transfer) and ended the call.
          this.callerContact = c.contact;
          this.consult = null;
          return this.finish(exit.reason);
        }
        // Docs silent: with the counselor still on the consult leg, the flow's end ends that leg.
        this.event(
          `the transfer flow ended the consult leg (${exit.reason}); the counselor is back with the caller`,
        );
        this.consult = null;
        this.resumeCaller();
        return null;
    }
  }

  /** The consult leg waits in the target's queue until someone answers. */
  private async *answerConsult(): AsyncGenerator<InputRequest, CallEnd | null, string> {
    const c = this.consult as Consult;
    const transfer = c.contact as Contact;
    if (c.counselor === 'left') {
      this.callerContact = transfer;
      this.consult = null;
      const waited = yield* this.waitInQueue(transfer, this.config.transferAnswersAfterSeconds, () => CALLER);
      if (waited !== 'answered') return this.finish(waited);
      yield* this.whispers(transfer, 'third-party', () => CALLER);
      return this.finish(`caller connected to ${c.target}`);
    }
    const after = this.config.transferAnswersAfterSeconds;
    if (after === null) {
      this.event(`nobody in ${transfer.targetQueue ?? 'the queue'} answers yet; the counselor waits`);
      return null;
    }
    const waited = yield* this.waitInQueue(transfer, after, () => this.consultListeners());
    if (waited !== 'answered') {
      this.event(`the consult leg left the queue (${waited})`);
      return null;
    }
    this.event(`${c.target} answered the consult leg`);
    yield* this.whispers(transfer, 'third-party', () => this.consultListeners());
    c.state = 'connected';
    return null;
  }

  private conference(): void {
    const c = this.consult;
    if (!c) throw new SimulationError('conference: no quick connect in progress');
    c.callerOnCall = true;
    if (c.counselor === 'on-hold') c.counselor = 'on-line';
    this.callerOnHold = false;
    this.event('counselor joins all parties (conference)');
  }

  private cancel(): void {
    if (!this.consult) throw new SimulationError('cancel: no quick connect in progress');
    this.event(
      `counselor cancels the transfer to ${this.consult.target}: the consult leg ends, the caller is back with the counselor`,
    );
    this.consult = null;
    this.resumeCaller();
  }

  /** The counselor leaves (End call): caller and consult target stay connected. */
  private async *leave(): AsyncGenerator<InputRequest, CallEnd, string> {
    const c = this.consult as Consult;
    c.counselor = 'left';
    this.callerOnHold = false;
    this.event(`counselor leaves, completing the transfer to ${c.target}`);
    if (c.state === 'connected') return this.completeTransfer();
    // Still waiting in the target's queue: the caller waits there now.
    const end = yield* this.answerConsult();
    return end ?? this.finish(`caller waiting for ${c.target}`);
  }

  private completeTransfer(): CallEnd {
    const c = this.consult as Consult;
    this.consult = null;
    if (c.contact) this.callerContact = c.contact;
    else {
      this.contact.segment = {
        outcome: 'transferred',
        queue: null,
        transferredTo: c.qc.phoneNumber ?? null,
        callback: false,
      };
    }
    return this.finish(`the counselor completed the transfer: caller connected to ${c.target}`);
  }

  private consultControl(): ConsultControl {
    const call = this;
    return {
      async *setPreviousParticipantState(state: PreviousParticipantState) {
        const c = call.consult;
        if (!c || c.counselor === 'left') {
          call.event(`hold state ${state}: no transferring agent on the call any more`);
          return;
        }
        if (state === 'OffHold') {
          c.counselor = 'on-line';
          c.callerOnCall = true;
          call.callerOnHold = false;
          call.event('conference all: caller and counselor hear the transfer flow');
        } else if (state === 'AgentOnHold') {
          c.counselor = 'on-hold';
          c.callerOnCall = true;
          call.callerOnHold = false;
          call.event('counselor on hold: the caller hears the transfer flow');
          yield* call.holdCounselor();
        } else {
          c.counselor = 'on-line';
          c.callerOnCall = false;
          call.event('caller on hold: the counselor hears the transfer flow');
          yield* call.holdCaller();
        }
      },
      thirdPartyConnected(number: string) {
        const c = call.consult as Consult;
        c.state = 'connected';
        c.target = number;
        if (c.counselor === 'left') {
          call.contact.elapsedSeconds += THIRD_PARTY_TALK_SECONDS;
          call.event(`the caller talked with ${number}, who hung up: the flow resumes on the caller`);
          c.state = 'flow';
          return 'hung-up';
        }
        for (;;) {
          const step = call.steps.shift() ?? ({ do: 'leave' } as const);
          if ('quickConnect' in step)
            throw new SimulationError('quick connect: another quick connect is in progress');
          if (step.do === 'conference') {
            call.conference();
            continue;
          }
          if (step.do === 'cancel') {
            call.cancel();
            return 'cancelled';
          }
          if (step.do === 'leave' || step.do === 'hangUp') {
            c.counselor = 'left';
            call.event(`counselor leaves, completing the transfer to ${number}`);
            call.contact.elapsedSeconds += THIRD_PARTY_TALK_SECONDS;
            call.event(`the caller talked with ${number}, who hung up: the flow resumes on the caller`);
            c.state = 'flow';
            return 'hung-up';
          }
          throw new SimulationError(`${step.do}: not possible while ${number} is on the consult leg`);
        }
      },
    };
  }

  // ───────────────────────────── one flow ─────────────────────────────

  /**
   * Runs one flow (and the flows TransferToFlow continues in) until it exits. Flow attributes
   * ($.FlowAttributes) belong to the run: "not carried over to the subsequent flows" and not
   * passed to modules (https://docs.aws.amazon.com/connect/latest/adminguide/set-contact-attributes.html,
   * https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-modules.html); the invoking
   * flow's come back when a module returns.
   */
  private async *runFlow(name: string, options: RunOptions): AsyncGenerator<InputRequest, FlowExit, string> {
    const { contact } = options;
    const saved = contact.data.FlowAttributes;
    contact.data.FlowAttributes = {};
    try {
      const exit = yield* this.runActions(name, options);
      if (exit.kind === 'left') contact.segment.outcome ??= 'left';
      return exit;
    } finally {
      contact.data.FlowAttributes = saved;
    }
  }

  private async *runActions(
    name: string,
    options: RunOptions,
  ): AsyncGenerator<InputRequest, FlowExit, string> {
    const { role, contact } = options;
    let flow = this.flow(name, role, options.flowType);
    let flowType = options.flowType;
    contact.transcript.push({ kind: 'flow', flow: flow.name, role });
    let actionId = flow.startAction;
    const invokeModule = (module: string) => this.runFlow(module, { ...options, flowType });
    for (;;) {
      if (++this.actionsRun > MAX_STEPS) {
        throw new SimulationError(`more than ${MAX_STEPS} actions in one call: an endless loop?`, {
          flow: flow.name,
          action: actionId,
        });
      }
      const queue = options.queue;
      if (queue) {
        if (queue.answerAt !== null && contact.elapsedSeconds >= queue.answerAt)
          return { kind: 'agent-answered' };
        if (contact.elapsedSeconds >= queue.abandonAt) {
          return { kind: 'disconnected', reason: `caller hung up after ${ABANDON_AFTER_SECONDS} s in queue` };
        }
      }
      const action = flow.actions.get(actionId);
      if (!action) throw new SimulationError(`no action "${actionId}" in the flow`, { flow: flow.name });
      const where = { flow: flow.name, action: action.Identifier, type: action.Type };
      const executor = EXECUTORS[action.Type];
      if (!executor) {
        throw new SimulationError(
          'unknown action type: the simulator does not implement it (add it to tools/flows/action-catalog.ts and tools/simulator/actions/)',
          where,
        );
      }
      const allowed = flowTypesOf(action);
      if (allowed && !allowed.includes(flowType)) {
        // The block page does not list this flow type; what Connect does then is not documented.
        recordViolation(
          contact,
          where,
          `not available in ${flowType} flows (the flow runs as ${role}); ${docOf(action.Type)}; run anyway`,
        );
      }
      const run: FlowRun = {
        flow,
        role,
        flowType,
        listeners: options.listeners,
        invokeModule,
        ...(queue ? { queue } : {}),
        ...(options.consult ? { consult: options.consult } : {}),
      };
      let jump: Jump;
      const before = { seconds: contact.elapsedSeconds, callback: contact.segment.callback };
      try {
        const result = executor(createActionContext(contact, run, action));
        jump = isGenerator(result) ? yield* result : await result;
      } catch (error) {
        if (error instanceof JsonPathError) throw new SimulationError(error.message, where);
        throw error;
      }
      if (
        queue?.live &&
        (contact.elapsedSeconds > before.seconds || contact.segment.callback !== before.callback)
      ) {
        // A queue driven from outside: did a counselor answer, or the caller hang up, during this action?
        const queuedAt = queue.abandonAt - LIVE_QUEUE_HORIZON_SECONDS;
        const event = await queue.live.wait(
          queueSpan(contact, queuedAt, before.seconds, contact.elapsedSeconds),
        );
        if (event) {
          contact.elapsedSeconds = (event.at.getTime() - contact.config.start.getTime()) / 1000;
          if (event.kind === 'answered') return { kind: 'agent-answered' };
          return { kind: 'disconnected', reason: 'the caller hung up while queued' };
        }
      }
      if ('exit' in jump) return jump.exit;
      if (jump.next.startsWith('flow:')) {
        flow = this.flow(jump.next.slice(5));
        flowType = flow.declaredType ?? flowType;
        contact.data.FlowAttributes = {};
        contact.transcript.push({ kind: 'flow', flow: flow.name, role });
        actionId = flow.startAction;
        continue;
      }
      if (!flow.actions.has(jump.next)) {
        throw new SimulationError(`NextAction "${jump.next}" names no action of the flow`, where);
      }
      actionId = jump.next;
    }
  }

  /** A loaded flow; run in a role, its declared type (if any) must be the role's flow type. */
  private flow(name: string, role?: FlowRole, flowType?: ConnectFlowType): LoadedFlow {
    const flow = this.config.flows.get(name);
    if (!flow) {
      throw new SimulationError(
        `flow "${name}" not found (loaded: ${[...this.config.flows.keys()].join(', ')})`,
      );
    }
    if (role && flowType && flow.declaredType && flow.declaredType !== flowType) {
      throw new SimulationError(
        `flow "${name}" is a ${flow.declaredType} flow; it cannot run as the ${role} flow (${flowType})`,
      );
    }
    return flow;
  }
}
