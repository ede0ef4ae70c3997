import { EXECUTORS } from './actions';
import { Contact } from './contact';
import {
  ABANDON_AFTER_SECONDS,
  type CallConfig,
  callEnd,
  createActionContext,
  type FlowExit,
  type FlowRun,
  type Jump,
  type QueueTiming,
} from './context';
import { SimulationError } from './errors';
import { JsonPathError } from './jsonpath';
import type {
  CallEnd,
  FlowRole,
  InputRequest,
  LambdaCallRecord,
  LoadedFlow,
  StepResult,
  TranscriptEntry,
} from './types';

/**
 * The Flow-language interpreter. One `Call` is one contact: it runs the inbound flow, then what
 * Connect would run for that contact — the customer-queue flow while queued, the agent-whisper
 * flow when a counselor answers, a counselor quick connect (scenario), and the disconnect flow
 * (CustomerRemaining hook) after the counselor hangs up. Each action type is one module of
 * tools/simulator/actions (the table in actions/index.ts). See README.md for the model.
 */

export { buildConnectEvent } from './contact';
export type { CallConfig } from './context';
export { ABANDON_AFTER_SECONDS } from './context';

/** Actions one call may run before the simulator calls it an endless loop. */
export const MAX_STEPS = 2000;

const isGenerator = (value: unknown): value is AsyncGenerator<InputRequest, Jump, string> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

export class Call {
  private readonly contact: Contact;
  private readonly generator: AsyncGenerator<InputRequest, CallEnd, string>;
  private steps = 0;
  private pending: InputRequest | null = null;
  private end: CallEnd | null = null;
  private spokenCursor = 0;
  private started = false;
  private quickConnectUsed = false;

  constructor(private readonly config: CallConfig) {
    this.contact = new Contact(config);
    this.generator = this.main();
  }

  get contactId(): string {
    return this.contact.contactId;
  }

  get transcript(): TranscriptEntry[] {
    return this.contact.transcript;
  }

  /** Text the counselor heard (agent-whisper flow). */
  get agentWhisper(): string[] {
    return this.contact.agentWhisper;
  }

  get lambdaCalls(): LambdaCallRecord[] {
    return this.contact.lambdaCalls;
  }

  /** Contract violations (for example a Lambda's nested response): the call continues, a scenario fails. */
  get violations(): string[] {
    return this.contact.violations;
  }

  /** Voice, logging, recording, routing priority … as set by the flows. */
  get settings(): Record<string, string> {
    return this.contact.settings;
  }

  /** Contact attributes now. */
  get attributes(): Record<string, string> {
    return { ...(this.contact.data.Attributes as Record<string, string>) };
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

  /** All text spoken to the caller so far. */
  get spoken(): string[] {
    return this.transcript.flatMap((e) => (e.kind === 'prompt' ? [e.text] : []));
  }

  /** Runs until the caller is asked for input or the call ends. Idempotent while waiting. */
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
      .flatMap((e) => (e.kind === 'prompt' ? [e.text] : []));
    this.spokenCursor = this.transcript.length;
    return { spoken, waitingForInput: this.pending, ended: this.end };
  }

  // ───────────────────────────── the contact's life ─────────────────────────────

  private async *main(): AsyncGenerator<InputRequest, CallEnd, string> {
    const contact = this.contact;
    let exit = yield* this.runFlow(this.config.inboundFlow, 'main');
    for (;;) {
      if (exit.kind === 'transferred') return this.finish('external transfer answered');
      if (exit.kind === 'disconnected' || exit.kind === 'ended') return this.finish(exit.reason);
      if (exit.kind === 'agent-answered')
        throw new SimulationError('internal: agent answered outside a queue');
      // queued
      const waited = yield* this.waitInQueue();
      if (waited !== 'answered') return this.finish(waited);
      contact.event('system', '-', `counselor answered (queue ${contact.targetQueue ?? '?'})`);
      const whisper = contact.hooks.AgentWhisper;
      if (whisper) yield* this.runFlow(whisper, 'agent-whisper');
      if (this.config.quickConnect && !this.quickConnectUsed) {
        this.quickConnectUsed = true;
        const qc = this.config.quickConnect;
        contact.event(
          'system',
          '-',
          `counselor uses the quick connect: flow ${qc.flow}${qc.queue ? `, queue ${qc.queue}` : ''}`,
        );
        contact.segment = { outcome: null, queue: null, transferredTo: null, callback: false };
        if (qc.queue) contact.setTargetQueue(qc.queue);
        contact.data.InitiationMethod = 'TRANSFER';
        exit = yield* this.runFlow(qc.flow, 'quick-connect');
        continue;
      }
      contact.event('system', '-', 'counselor talked with the caller and hung up');
      const remaining = contact.hooks.CustomerRemaining;
      if (remaining) yield* this.runFlow(remaining, 'disconnect');
      return this.finish('call completed after the counselor');
    }
  }

  private finish(reason: string): CallEnd {
    return callEnd(this.contact.segment, reason);
  }

  /** Queue time until a counselor answers, running the customer-queue flow meanwhile. */
  private async *waitInQueue(): AsyncGenerator<InputRequest, 'answered' | string, string> {
    const contact = this.contact;
    const answerAfter = this.config.agentAnswersAfterSeconds;
    const queuedAt = contact.elapsedSeconds;
    const answerAt = answerAfter === null ? null : queuedAt + answerAfter;
    const abandonAt = queuedAt + ABANDON_AFTER_SECONDS;
    for (;;) {
      const hook = contact.hooks.CustomerQueue;
      if (!hook) break;
      const exit = yield* this.runFlow(hook, 'customer-queue', { answerAt, abandonAt });
      if (exit.kind === 'agent-answered') return 'answered';
      if (exit.kind === 'queued') continue; // moved to another queue: its queue flow starts again
      if (exit.kind === 'disconnected') return `caller left the queue (${exit.reason})`;
      if (exit.kind === 'transferred') return 'caller transferred from the queue';
      break; // the queue flow ended: hold music until someone answers
    }
    if (answerAt === null || answerAt > abandonAt) {
      contact.elapsedSeconds = Math.max(contact.elapsedSeconds, abandonAt);
      return `nobody answered; the caller hung up after ${ABANDON_AFTER_SECONDS} s in queue`;
    }
    contact.elapsedSeconds = Math.max(contact.elapsedSeconds, answerAt);
    return 'answered';
  }

  // ───────────────────────────── one flow ─────────────────────────────

  private async *runFlow(
    name: string,
    role: FlowRole,
    queue?: QueueTiming,
  ): AsyncGenerator<InputRequest, FlowExit, string> {
    const contact = this.contact;
    let flow = this.flow(name);
    contact.transcript.push({ kind: 'flow', flow: flow.name, role });
    let actionId = flow.startAction;
    for (;;) {
      if (++this.steps > MAX_STEPS) {
        throw new SimulationError(`more than ${MAX_STEPS} actions in one call: an endless loop?`, {
          flow: flow.name,
          action: actionId,
        });
      }
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
      const run: FlowRun = { flow, role, ...(queue ? { queue } : {}) };
      let jump: Jump;
      try {
        const result = executor(createActionContext(contact, run, action));
        jump = isGenerator(result) ? yield* result : await result;
      } catch (error) {
        if (error instanceof JsonPathError) throw new SimulationError(error.message, where);
        throw error;
      }
      if ('exit' in jump) return jump.exit;
      if (jump.next.startsWith('flow:')) {
        flow = this.flow(jump.next.slice(5));
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

  private flow(name: string): LoadedFlow {
    const flow = this.config.flows.get(name);
    if (!flow) {
      throw new SimulationError(
        `flow "${name}" not found (loaded: ${[...this.config.flows.keys()].join(', ')})`,
      );
    }
    return flow;
  }
}
