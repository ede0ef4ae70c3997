import { randomUUID } from 'node:crypto';
import { SimulationError } from './errors';
import { flowArn, functionArn, hoursArn, queueArn, SIM_INSTANCE_ARN } from './flows';
import { checkHours, type SimulatorHours } from './hours';
import {
  type FlowData,
  interpolate,
  isReference,
  JsonPathError,
  resolvePath,
  resolveValue,
} from './jsonpath';
import { invokeFunction, withFault } from './lambda';
import { ssmlProblem, ssmlToText } from './ssml';
import type {
  CallEnd,
  CallOutcome,
  ConnectContactFlowEvent,
  ExternalTransferResult,
  FaultMode,
  FlowAction,
  FlowFunction,
  FlowRole,
  InputRequest,
  LambdaCallRecord,
  LoadedFlow,
  QueueMetrics,
  QuickConnectSpec,
  StepResult,
  TranscriptEntry,
} from './types';

/**
 * The Flow-language interpreter. One `Call` is one contact: it runs the inbound flow, then what
 * Connect would run for that contact — the customer-queue flow while queued, the agent-whisper
 * flow when a counselor answers, a counselor quick connect (scenario), and the disconnect flow
 * (CustomerRemaining hook) after the counselor hangs up. See README.md for the model.
 */

export interface CallConfig {
  flows: Map<string, LoadedFlow>;
  functions: Record<string, FlowFunction>;
  faults: Partial<Record<string, FaultMode>>;
  /** Hours of operation by id (`${hours:<id>}`); `main` is also every queue's hours. */
  hours: Record<string, SimulatorHours>;
  queues: readonly string[];
  inboundFlow: string;
  contactId?: string;
  dialedNumber: string;
  from: string | null;
  start: Date;
  externalTransfer: ExternalTransferResult;
  agentAnswersAfterSeconds: number | null;
  quickConnect: QuickConnectSpec | null;
  queuesAtCapacity: readonly string[];
  queueMetrics: QueueMetrics;
  attributes: Record<string, string>;
}

/** Seconds a caller stays in queue before giving up when nobody answers. */
export const ABANDON_AFTER_SECONDS = 900;
/** Actions one call may run before the simulator calls it an endless loop. */
export const MAX_STEPS = 2000;

type FlowExit =
  | { kind: 'queued' }
  | { kind: 'disconnected'; reason: string }
  | { kind: 'ended'; reason: string }
  | { kind: 'transferred' }
  | { kind: 'agent-answered' };

type Jump = { next: string } | { exit: FlowExit };

interface Segment {
  outcome: CallOutcome | null;
  queue: string | null;
  transferredTo: string | null;
  callback: boolean;
}

const DTMF = /^[0-9*#]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const reverse = (names: readonly string[], arn: (name: string) => string): Map<string, string> =>
  new Map(names.map((n) => [arn(n), n]));

export class Call {
  readonly contactId: string;
  readonly transcript: TranscriptEntry[] = [];
  /** Text the counselor heard (agent-whisper flow). */
  readonly agentWhisper: string[] = [];
  readonly lambdaCalls: LambdaCallRecord[] = [];
  /** Contract violations (for example a Lambda's nested response): the call continues, a scenario fails. */
  readonly violations: string[] = [];
  /** Voice, logging, recording, routing priority … as set by the flows. */
  readonly settings: Record<string, string> = {};

  private readonly data: FlowData;
  private readonly hooks: Record<string, string> = {};
  private readonly loopCounters = new Map<string, number>();
  private readonly functionsByArn: Map<string, string>;
  private readonly queuesByArn: Map<string, string>;
  private readonly hoursByArn: Map<string, string>;
  private readonly flowsByArn: Map<string, string>;
  private readonly generator: AsyncGenerator<InputRequest, CallEnd, string>;
  private targetQueue: string | null = null;
  private elapsedSeconds = 0;
  private steps = 0;
  private segment: Segment = { outcome: null, queue: null, transferredTo: null, callback: false };
  private pending: InputRequest | null = null;
  private end: CallEnd | null = null;
  private spokenCursor = 0;
  private started = false;
  private quickConnectUsed = false;

  constructor(private readonly config: CallConfig) {
    this.contactId = config.contactId ?? randomUUID();
    this.functionsByArn = reverse(Object.keys(config.functions), functionArn);
    this.queuesByArn = reverse(config.queues, queueArn);
    this.hoursByArn = reverse(Object.keys(config.hours), hoursArn);
    this.flowsByArn = reverse([...config.flows.keys()], flowArn);
    this.data = {
      Attributes: { ...config.attributes },
      External: {},
      Channel: 'VOICE',
      ContactId: this.contactId,
      InitialContactId: this.contactId,
      PreviousContactId: this.contactId,
      InstanceARN: SIM_INSTANCE_ARN,
      InitiationMethod: 'INBOUND',
      LanguageCode: 'ko-KR',
      CustomerEndpoint: config.from ? { Address: config.from, Type: 'TELEPHONE_NUMBER' } : null,
      SystemEndpoint: { Address: config.dialedNumber, Type: 'TELEPHONE_NUMBER' },
      Queue: null,
    };
    this.generator = this.main();
  }

  /** Contact attributes now. */
  get attributes(): Record<string, string> {
    return { ...(this.data.Attributes as Record<string, string>) };
  }

  get ended(): CallEnd | null {
    return this.end;
  }

  get waitingForInput(): InputRequest | null {
    return this.pending;
  }

  /** The simulated wall clock (call start + simulated seconds). */
  get now(): Date {
    return new Date(this.config.start.getTime() + this.elapsedSeconds * 1000);
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
    let exit = yield* this.runFlow(this.config.inboundFlow, 'main');
    for (;;) {
      if (exit.kind === 'transferred') return this.finish('external transfer answered');
      if (exit.kind === 'disconnected' || exit.kind === 'ended') return this.finish(exit.reason);
      if (exit.kind === 'agent-answered')
        throw new SimulationError('internal: agent answered outside a queue');
      // queued
      const waited = yield* this.waitInQueue();
      if (waited !== 'answered') return this.finish(waited);
      this.event('system', '-', `counselor answered (queue ${this.targetQueue ?? '?'})`);
      const whisper = this.hooks.AgentWhisper;
      if (whisper) yield* this.runFlow(whisper, 'agent-whisper');
      if (this.config.quickConnect && !this.quickConnectUsed) {
        this.quickConnectUsed = true;
        const qc = this.config.quickConnect;
        this.event(
          'system',
          '-',
          `counselor uses the quick connect: flow ${qc.flow}${qc.queue ? `, queue ${qc.queue}` : ''}`,
        );
        this.segment = { outcome: null, queue: null, transferredTo: null, callback: false };
        if (qc.queue) this.setTargetQueue(qc.queue);
        this.data.InitiationMethod = 'TRANSFER';
        exit = yield* this.runFlow(qc.flow, 'quick-connect');
        continue;
      }
      this.event('system', '-', 'counselor talked with the caller and hung up');
      const remaining = this.hooks.CustomerRemaining;
      if (remaining) yield* this.runFlow(remaining, 'disconnect');
      return this.finish('call completed after the counselor');
    }
  }

  private finish(reason: string): CallEnd {
    const s = this.segment;
    const outcome: CallOutcome = s.outcome ?? (s.transferredTo ? 'transferred' : 'disconnected');
    return {
      outcome,
      queue: outcome === 'queued' ? s.queue : null,
      transferredTo: outcome === 'transferred' ? s.transferredTo : null,
      callback: s.callback,
      reason,
    };
  }

  /** Queue time until a counselor answers, running the customer-queue flow meanwhile. */
  private async *waitInQueue(): AsyncGenerator<InputRequest, 'answered' | string, string> {
    const answerAfter = this.config.agentAnswersAfterSeconds;
    const queuedAt = this.elapsedSeconds;
    const answerAt = answerAfter === null ? null : queuedAt + answerAfter;
    const abandonAt = queuedAt + ABANDON_AFTER_SECONDS;
    for (;;) {
      const hook = this.hooks.CustomerQueue;
      if (!hook) break;
      const exit = yield* this.runFlow(hook, 'customer-queue', { answerAt, abandonAt });
      if (exit.kind === 'agent-answered') return 'answered';
      if (exit.kind === 'queued') continue; // moved to another queue: its queue flow starts again
      if (exit.kind === 'disconnected') return `caller left the queue (${exit.reason})`;
      if (exit.kind === 'transferred') return 'caller transferred from the queue';
      break; // the queue flow ended: hold music until someone answers
    }
    if (answerAt === null || answerAt > abandonAt) {
      this.elapsedSeconds = Math.max(this.elapsedSeconds, abandonAt);
      return `nobody answered; the caller hung up after ${ABANDON_AFTER_SECONDS} s in queue`;
    }
    this.elapsedSeconds = Math.max(this.elapsedSeconds, answerAt);
    return 'answered';
  }

  // ───────────────────────────── one flow ─────────────────────────────

  private async *runFlow(
    name: string,
    role: FlowRole,
    queue?: { answerAt: number | null; abandonAt: number },
  ): AsyncGenerator<InputRequest, FlowExit, string> {
    let flow = this.flow(name);
    this.transcript.push({ kind: 'flow', flow: flow.name, role });
    let actionId = flow.startAction;
    for (;;) {
      if (++this.steps > MAX_STEPS) {
        throw new SimulationError(`more than ${MAX_STEPS} actions in one call: an endless loop?`, {
          flow: flow.name,
          action: actionId,
        });
      }
      if (queue) {
        if (queue.answerAt !== null && this.elapsedSeconds >= queue.answerAt)
          return { kind: 'agent-answered' };
        if (this.elapsedSeconds >= queue.abandonAt) {
          return { kind: 'disconnected', reason: `caller hung up after ${ABANDON_AFTER_SECONDS} s in queue` };
        }
      }
      const action = flow.actions.get(actionId);
      if (!action) throw new SimulationError(`no action "${actionId}" in the flow`, { flow: flow.name });
      let jump: Jump;
      try {
        jump = yield* this.execute(flow, action, role, queue);
      } catch (error) {
        if (error instanceof JsonPathError) {
          throw new SimulationError(error.message, {
            flow: flow.name,
            action: action.Identifier,
            type: action.Type,
          });
        }
        throw error;
      }
      if ('exit' in jump) return jump.exit;
      if (jump.next.startsWith('flow:')) {
        flow = this.flow(jump.next.slice(5));
        this.transcript.push({ kind: 'flow', flow: flow.name, role });
        actionId = flow.startAction;
        continue;
      }
      if (!flow.actions.has(jump.next)) {
        throw new SimulationError(`NextAction "${jump.next}" names no action of the flow`, {
          flow: flow.name,
          action: action.Identifier,
          type: action.Type,
        });
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

  // ───────────────────────────── actions ─────────────────────────────

  private async *execute(
    flow: LoadedFlow,
    action: FlowAction,
    role: FlowRole,
    queue?: { answerAt: number | null; abandonAt: number },
  ): AsyncGenerator<InputRequest, Jump, string> {
    const p = action.Parameters ?? {};
    const where = { flow: flow.name, action: action.Identifier, type: action.Type };
    const fail = (message: string): never => {
      throw new SimulationError(message, where);
    };
    const next = (): Jump => {
      const id = action.Transitions?.NextAction;
      return id ? { next: id } : fail('has no Transitions.NextAction');
    };
    const error = (type: string): Jump => {
      const errors = action.Transitions?.Errors ?? [];
      const branch =
        errors.find((e) => e.ErrorType === type) ?? errors.find((e) => e.ErrorType === 'NoMatchingError');
      const label = type === 'NoMatchingCondition' ? 'no condition matched' : `error branch ${type}`;
      this.event(flow.name, action.Identifier, `${label}${branch ? ` → ${branch.NextAction}` : ''}`);
      return branch
        ? { next: branch.NextAction }
        : fail(`took error ${type} but has no ${type} or NoMatchingError branch`);
    };
    const byResult = (result: string, fallbackError = 'NoMatchingCondition'): Jump => {
      const conditions = action.Transitions?.Conditions ?? [];
      for (const c of conditions) {
        if (this.conditionHolds(result, c.Condition, where)) return { next: c.NextAction };
      }
      const errors = action.Transitions?.Errors ?? [];
      if (errors.some((e) => e.ErrorType === fallbackError)) return error(fallbackError);
      if (action.Transitions?.NextAction) return { next: action.Transitions.NextAction };
      return error(fallbackError);
    };
    const param = (key: string): string | undefined => {
      const value = p[key];
      if (value === undefined) return undefined;
      if (typeof value !== 'string') return fail(`parameter ${key} must be a string`);
      return resolveValue(this.data, value);
    };
    const speak = (kind: 'text' | 'ssml', raw: string) => {
      if (kind === 'ssml') {
        const problem = ssmlProblem(raw);
        if (problem) fail(`SSML is not well-formed: ${problem}`);
      }
      const { text, missing } = interpolate(this.data, raw);
      for (const ref of missing)
        this.event(flow.name, action.Identifier, `reference ${ref} is empty in the prompt`);
      const spokenText = kind === 'ssml' ? ssmlToText(text) : text.replace(/\s+/g, ' ').trim();
      if (role === 'agent-whisper') {
        this.agentWhisper.push(spokenText);
        this.transcript.push({
          kind: 'whisper',
          flow: flow.name,
          action: action.Identifier,
          text: spokenText,
        });
      } else {
        this.transcript.push({
          kind: 'prompt',
          flow: flow.name,
          action: action.Identifier,
          text: spokenText,
        });
      }
      this.elapsedSeconds += Math.max(2, Math.ceil(spokenText.length / 7));
    };
    const speakParameters = (source: Record<string, unknown>) => {
      if (typeof source.Text === 'string') speak('text', source.Text);
      else if (typeof source.SSML === 'string') speak('ssml', source.SSML);
      else if (typeof source.PromptId === 'string') speak('text', `[녹음 안내 ${source.PromptId}]`);
      else if (source.Media) speak('text', '[음성 파일]');
    };
    const customerOnly = () => {
      if (role === 'agent-whisper') fail('is not allowed in a whisper flow (no caller input there)');
    };

    switch (action.Type) {
      case 'MessageParticipant': {
        if (
          p.Text === undefined &&
          p.SSML === undefined &&
          p.PromptId === undefined &&
          p.Media === undefined
        ) {
          fail('needs Text, SSML, PromptId or Media');
        }
        speakParameters(p);
        return next();
      }

      case 'MessageParticipantIteratively': {
        const messages = Array.isArray(p.Messages)
          ? (p.Messages as Record<string, unknown>[])
          : fail('needs Messages');
        const interval =
          p.InterruptFrequencySeconds === undefined ? null : Number(param('InterruptFrequencySeconds'));
        const startedAt = this.elapsedSeconds;
        for (const m of messages) speakParameters(m);
        const until =
          interval !== null && Number.isFinite(interval)
            ? startedAt + interval
            : (queue?.answerAt ?? queue?.abandonAt ?? startedAt + messages.length * 5);
        if (queue?.answerAt != null && queue.answerAt <= until) {
          this.elapsedSeconds = Math.max(this.elapsedSeconds, queue.answerAt);
          return { exit: { kind: 'agent-answered' } };
        }
        this.elapsedSeconds = Math.max(this.elapsedSeconds, until);
        if (interval === null) {
          return queue
            ? {
                exit: {
                  kind: 'disconnected',
                  reason: `caller hung up after ${ABANDON_AFTER_SECONDS} s in queue`,
                },
              }
            : next();
        }
        return byResult('MessagesInterrupted', 'NoMatchingError');
      }

      case 'GetParticipantInput': {
        customerOnly();
        if (role === 'agent-whisper') fail('unreachable');
        const store = String(p.StoreInput ?? 'False').toLowerCase() === 'true';
        const timeoutSeconds = Number(p.InputTimeLimitSeconds ?? p.InputTimeoutSeconds ?? 5);
        if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
          fail('InputTimeLimitSeconds must be a positive integer');
        const validation = (p.InputValidation ?? {}) as Record<string, Record<string, unknown>>;
        const dtmf = (p.DTMFConfiguration ?? {}) as Record<string, unknown>;
        const maxDigits = store ? Number(validation.CustomValidation?.MaximumLength ?? 20) : 1;
        const terminator = store
          ? (str(dtmf.InputTerminationSequence) ?? str(dtmf.InputTerminator) ?? '#')
          : null;
        speakParameters(p);
        const request: InputRequest = {
          flow: flow.name,
          action: action.Identifier,
          mode: store ? 'store' : 'menu',
          maxDigits,
          timeoutSeconds,
          terminator,
        };
        const raw = (yield request).trim();
        this.transcript.push({ kind: 'input', flow: flow.name, action: action.Identifier, value: raw });
        if (raw === 'timeout') {
          this.elapsedSeconds += timeoutSeconds;
          if (store) {
            // Store customer input: no input takes the success branch with the value "Timeout".
            this.data.StoredCustomerInput = 'Timeout';
            return next();
          }
          return error('InputTimeLimitExceeded');
        }
        if (!DTMF.test(raw)) fail(`input "${raw}" is not DTMF (digits, * and # only, or "timeout")`);
        this.elapsedSeconds += 2;
        if (!store) {
          if (raw.length !== 1) fail(`this menu takes one key, the scenario gave "${raw}"`);
          return byResult(raw);
        }
        let digits = '';
        for (let i = 0; i < raw.length; i++) {
          if (terminator && raw.startsWith(terminator, i)) break;
          const key = raw[i] as string;
          if (key === '*' && String(dtmf.DisableCancelKey ?? 'False').toLowerCase() !== 'true') {
            digits = ''; // the cancel key clears what was keyed so far
            continue;
          }
          digits += key;
        }
        digits = digits.slice(0, maxDigits);
        const phone = validation.PhoneNumberValidation;
        if (phone) {
          const e164 = this.phoneFromKeys(
            digits,
            String(phone.NumberFormat ?? 'Local'),
            String(phone.CountryCode ?? 'KR'),
          );
          if (!e164) {
            this.data.StoredCustomerInput = digits;
            return error('InvalidPhoneNumber');
          }
          digits = e164;
        }
        this.data.StoredCustomerInput = digits;
        return next();
      }

      case 'InvokeLambdaFunction': {
        const arn = param('LambdaFunctionARN') ?? fail('needs LambdaFunctionARN');
        const name =
          this.functionsByArn.get(arn) ?? fail(`LambdaFunctionARN ${arn} is not a registered function`);
        const limit = Number(p.InvocationTimeLimitSeconds ?? 3);
        if (!Number.isInteger(limit) || limit < 1 || limit > 8)
          fail('InvocationTimeLimitSeconds must be an integer 1–8');
        if (String(p.InvocationType ?? 'SYNCHRONOUS') !== 'SYNCHRONOUS')
          fail('only SYNCHRONOUS invocations are simulated');
        const responseType =
          ((p.ResponseValidation as Record<string, unknown> | undefined)?.ResponseType as
            | string
            | undefined) ?? 'STRING_MAP';
        if (responseType !== 'STRING_MAP' && responseType !== 'JSON')
          fail(`unknown ResponseType ${responseType}`);
        const parameters: Record<string, string> = {};
        const attrs = (p.LambdaInvocationAttributes ?? {}) as Record<string, unknown>;
        for (const [key, raw] of Object.entries(attrs)) {
          if (typeof raw !== 'string') fail(`LambdaInvocationAttributes.${key} must be a string`);
          const value = resolveValue(this.data, raw as string);
          if (value === undefined)
            this.event(flow.name, action.Identifier, `parameter ${key}: ${raw} is empty`);
          parameters[key] = value ?? '';
        }
        const fn = this.config.functions[name] ?? fail(`function ${name} is not registered`);
        const record = await invokeFunction({
          name,
          fn: withFault(fn, this.config.faults[name]),
          event: this.event_(parameters),
          timeLimitSeconds: limit,
          responseType: responseType as 'STRING_MAP' | 'JSON',
          flow: flow.name,
          action: action.Identifier,
        });
        this.lambdaCalls.push(record);
        this.transcript.push({ kind: 'lambda', call: record });
        this.elapsedSeconds += record.status === 'timeout' ? limit : 1;
        if (record.status === 'ok') {
          this.data.External = record.result ?? {};
          return next();
        }
        this.data.External = {};
        if (record.status === 'invalid-response') {
          const text = `function ${name} ${record.error}`;
          this.violations.push(
            `flow "${flow.name}", action "${action.Identifier}" (InvokeLambdaFunction): ${text}`,
          );
          this.transcript.push({ kind: 'violation', flow: flow.name, action: action.Identifier, text });
        }
        return error('NoMatchingError');
      }

      case 'UpdateContactAttributes': {
        const attributes = (p.Attributes ?? fail('needs Attributes')) as Record<string, unknown>;
        const set: Record<string, string> = {};
        for (const [key, raw] of Object.entries(attributes)) {
          if (typeof raw !== 'string') fail(`Attributes.${key} must be a string`);
          const value = resolveValue(this.data, raw as string);
          if (value === undefined) {
            this.event(flow.name, action.Identifier, `attribute ${key}: ${raw} does not exist`);
            return error('NoMatchingError');
          }
          set[key] = value;
        }
        Object.assign(this.data.Attributes as Record<string, string>, set);
        this.transcript.push({ kind: 'attributes', flow: flow.name, action: action.Identifier, set });
        return next();
      }

      case 'Compare': {
        const reference =
          typeof p.ComparisonValue === 'string' ? p.ComparisonValue : fail('needs ComparisonValue');
        if (!isReference(reference))
          fail(`ComparisonValue must be one JSONPath reference, found "${reference}"`);
        const value = resolvePath(this.data, reference);
        return byResult(value === undefined || value === null ? '\u0000absent' : String(value));
      }

      case 'CheckHoursOfOperation': {
        const ref = param('HoursOfOperationId');
        const id = ref === undefined ? 'main' : this.hoursByArn.get(ref);
        if (!id) return error('NoMatchingError');
        const hours = this.config.hours[id] ?? fail(`no hours "${id}" configured`);
        const verdict = checkHours(hours, this.now);
        this.event(flow.name, action.Identifier, `hours ${id}: ${verdict.explanation}`);
        const result = verdict.open ? 'True' : 'False';
        const conditions = action.Transitions?.Conditions ?? [];
        const branch = conditions.find((c) => this.conditionHolds(result, c.Condition, where));
        return branch ? { next: branch.NextAction } : fail(`has no condition for ${result}`);
      }

      case 'UpdateContactTargetQueue': {
        const ref = param('QueueId') ?? fail('needs QueueId (agent queues are not simulated)');
        const id = this.queuesByArn.get(ref);
        if (!id) return error('NoMatchingError');
        this.setTargetQueue(id);
        this.event(flow.name, action.Identifier, `working queue: ${id}`);
        return next();
      }

      case 'TransferContactToQueue': {
        if (role === 'agent-whisper' || role === 'disconnect') fail(`is not supported in a ${role} flow`);
        const id = this.targetQueue;
        if (!id) {
          this.event(flow.name, action.Identifier, 'no working queue set');
          return error('NoMatchingError');
        }
        if (this.config.queuesAtCapacity.includes(id)) return error('QueueAtCapacity');
        this.segment.outcome = 'queued';
        this.segment.queue = id;
        this.event(flow.name, action.Identifier, `caller queued in ${id}`);
        return { exit: { kind: 'queued' } };
      }

      case 'UpdateContactEventHooks': {
        const hooks = (p.EventHooks ?? fail('needs EventHooks')) as Record<string, unknown>;
        const entries = Object.entries(hooks);
        if (entries.length !== 1) fail('EventHooks must hold exactly one entry');
        const [hook, raw] = entries[0] as [string, unknown];
        if (typeof raw !== 'string') fail(`EventHooks.${hook} must be a string`);
        const arn = resolveValue(this.data, raw as string);
        const name = arn === undefined ? undefined : this.flowsByArn.get(arn);
        if (!name) return error('NoMatchingError');
        this.hooks[hook] = name;
        this.event(flow.name, action.Identifier, `event hook ${hook} → ${name}`);
        return next();
      }

      case 'UpdateContactTextToSpeechVoice':
        this.settings.voice = [
          param('TextToSpeechVoice'),
          param('TextToSpeechEngine'),
          param('TextToSpeechStyle'),
        ]
          .filter(Boolean)
          .join(' ');
        this.data.TextToSpeechVoice = param('TextToSpeechVoice');
        return next();

      case 'UpdateFlowLoggingBehavior':
        this.settings.flowLogging = param('FlowLoggingBehavior') ?? '';
        return next();

      case 'UpdateContactRecordingBehavior':
      case 'UpdateContactRecordingAndAnalyticsBehavior':
        this.settings.recording = JSON.stringify(p);
        return next();

      case 'UpdateContactRoutingBehavior': {
        const priority = param('QueuePriority');
        const adjust = param('QueueTimeAdjustmentSeconds');
        if (priority !== undefined) this.settings.queuePriority = priority;
        if (adjust !== undefined) this.settings.queueTimeAdjustmentSeconds = adjust;
        this.event(
          flow.name,
          action.Identifier,
          `routing: ${priority ? `priority ${priority}` : `age +${adjust} s`}`,
        );
        return next();
      }

      case 'UpdateContactCallbackNumber': {
        const number = param('CallbackNumber');
        if (!number) return error('InvalidCallbackNumber');
        if (!E164.test(number)) return error('InvalidCallbackNumber');
        this.data.CustomerCallbackNumber = number;
        return next();
      }

      case 'CreateCallbackContact': {
        const ref = param('QueueId');
        const id = ref === undefined ? this.targetQueue : this.queuesByArn.get(ref);
        const number =
          (this.data.CustomerCallbackNumber as string | undefined) ??
          (this.data.CustomerEndpoint as { Address?: string } | null)?.Address;
        if (!id || !number) {
          this.event(
            flow.name,
            action.Identifier,
            `callback impossible (queue ${id ?? 'none'}, number ${number ?? 'withheld'})`,
          );
          return error('NoMatchingError');
        }
        this.segment.callback = true;
        this.segment.outcome = 'queued';
        this.segment.queue = id;
        this.event(flow.name, action.Identifier, `queued callback to ${number} in ${id}`);
        return next();
      }

      case 'TransferToFlow': {
        if (role !== 'main' && role !== 'quick-connect') fail(`is not supported in a ${role} flow`);
        const ref = param('ContactFlowId') ?? fail('needs ContactFlowId');
        const name = this.flowsByArn.get(ref);
        if (!name) return error('NoMatchingError');
        return { next: `flow:${name}` };
      }

      case 'TransferParticipantToThirdParty': {
        customerOnly();
        const number = param('ThirdPartyPhoneNumber');
        if (!number || !E164.test(number)) {
          this.event(flow.name, action.Identifier, `not a dialable E.164 number: "${number ?? ''}"`);
          return error('CallFailed');
        }
        const result = this.config.externalTransfer;
        this.event(flow.name, action.Identifier, `external transfer to ${number}: ${result}`);
        if (result === 'no-answer') {
          this.elapsedSeconds += Number(param('ThirdPartyConnectionTimeLimitSeconds') ?? 30);
          return error('ConnectionTimeLimitExceeded');
        }
        if (result === 'busy' || result === 'failed') return error('CallFailed');
        this.segment.outcome = 'transferred';
        this.segment.transferredTo = number;
        if (String(p.ContinueFlowExecution ?? 'True').toLowerCase() === 'false')
          return { exit: { kind: 'transferred' } };
        this.elapsedSeconds += 120;
        return next();
      }

      case 'DisconnectParticipant':
        if (role === 'main' || role === 'quick-connect') this.segment.outcome ??= 'disconnected';
        return { exit: { kind: 'disconnected', reason: `${flow.name} hung up (${action.Identifier})` } };

      case 'EndFlowExecution':
        return { exit: { kind: 'ended', reason: `${flow.name} ended (${action.Identifier})` } };

      case 'Loop': {
        const count = Number(param('LoopCount'));
        if (!Number.isInteger(count) || count < 0 || count > 100) fail('LoopCount must be an integer 0–100');
        const key = `${flow.name}/${action.Identifier}`;
        const done = this.loopCounters.get(key) ?? 0;
        if (done < count) {
          this.loopCounters.set(key, done + 1);
          return byResult('ContinueLooping');
        }
        this.loopCounters.set(key, 0);
        return byResult('DoneLooping');
      }

      case 'Wait': {
        const seconds = Number(param('TimeoutSeconds') ?? 0);
        if (queue?.answerAt != null && this.elapsedSeconds + seconds >= queue.answerAt) {
          this.elapsedSeconds = queue.answerAt;
          return { exit: { kind: 'agent-answered' } };
        }
        this.elapsedSeconds += seconds;
        return byResult('WaitCompleted', 'NoMatchingError');
      }

      case 'GetMetricData': {
        const ref = param('QueueId');
        const id = ref === undefined ? this.targetQueue : this.queuesByArn.get(ref);
        if (!id) return error('NoMatchingError');
        const m = this.config.queueMetrics;
        this.data.Metrics = {
          Queue: {
            Name: id,
            ARN: queueArn(id),
            Size: String(m.size),
            OldestContactAge: String(m.oldestContactAgeSeconds),
            EstimatedWaitTime: String(m.estimatedWaitSeconds),
          },
          Agents: {
            Online: { Count: String(m.agentsOnline) },
            Available: { Count: String(m.agentsAvailable) },
            Staffed: { Count: String(m.agentsStaffed) },
          },
          Contact: { PositionInQueue: String(m.positionInQueue) },
        };
        return next();
      }

      case 'CheckMetricData': {
        const m = this.config.queueMetrics;
        const values: Record<string, number> = {
          NumberOfAgentsAvailable: m.agentsAvailable,
          NumberOfAgentsStaffed: m.agentsStaffed,
          NumberOfAgentsOnline: m.agentsOnline,
          OldestContactInQueueAgeSeconds: m.oldestContactAgeSeconds,
          NumberOfContactsInQueue: m.size,
        };
        const type = String(p.MetricType);
        const value = values[type] ?? fail(`unknown MetricType ${type}`);
        return byResult(String(value));
      }

      case 'TagContact':
        this.settings.tags = JSON.stringify(p.Tags ?? {});
        return next();

      default:
        return fail(
          'unknown action type: the simulator does not implement it (add it to tools/simulator/interpreter.ts)',
        );
    }
  }

  private conditionHolds(
    value: string,
    condition: { Operator: string; Operands: string[] } | undefined,
    where: { flow: string; action: string; type: string },
  ): boolean {
    if (!condition || !Array.isArray(condition.Operands)) {
      throw new SimulationError('a condition needs Operator and Operands', where);
    }
    const operand = String(condition.Operands[0] ?? '');
    const absent = value === '\u0000absent';
    const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
    switch (condition.Operator) {
      case 'Equals':
        return !absent && value === operand;
      case 'NumberGreaterThan':
        return !absent && num(value) > num(operand);
      case 'NumberGreaterOrEqualTo':
        return !absent && num(value) >= num(operand);
      case 'NumberLessThan':
        return !absent && num(value) < num(operand);
      case 'NumberLessOrEqualTo':
        return !absent && num(value) <= num(operand);
      case 'TextStartsWith':
        return !absent && value.startsWith(operand);
      case 'TextEndsWith':
        return !absent && value.endsWith(operand);
      case 'TextContains':
        return !absent && value.includes(operand);
      default:
        throw new SimulationError(`unknown condition Operator "${condition.Operator}"`, where);
    }
  }

  private phoneFromKeys(digits: string, format: string, country: string): string | null {
    if (format === 'E164') return E164.test(`+${digits}`) ? `+${digits}` : null;
    if (country !== 'KR') return null;
    // Korean numbers keyed locally: 0 + 8–10 digits (010-1234-5678, 043-201-0001, 02-123-4567).
    return /^0\d{8,10}$/.test(digits) ? `+82${digits.slice(1)}` : null;
  }

  private setTargetQueue(id: string): void {
    if (!this.config.queues.includes(id)) throw new SimulationError(`queue "${id}" is not a simulated queue`);
    this.targetQueue = id;
    this.data.Queue = { ARN: queueArn(id), Name: id };
  }

  private event(flow: string, action: string, text: string): void {
    this.transcript.push({ kind: 'event', flow, action, text });
  }

  /** The Connect event for InvokeLambdaFunction (and for intake before the call). */
  private event_(parameters: Record<string, string>): ConnectContactFlowEvent {
    return buildConnectEvent({
      contactId: this.contactId,
      from: this.config.from,
      dialed: this.config.dialedNumber,
      attributes: this.data.Attributes as Record<string, string>,
      queue: this.targetQueue,
      initiationMethod: this.data.InitiationMethod as 'INBOUND' | 'TRANSFER',
      parameters,
    });
  }
}

export const buildConnectEvent = (input: {
  contactId: string;
  from: string | null;
  dialed: string | null;
  attributes: Record<string, string>;
  queue: string | null;
  initiationMethod?: 'INBOUND' | 'TRANSFER' | 'CALLBACK';
  parameters: Record<string, string>;
}): ConnectContactFlowEvent => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      Attributes: { ...input.attributes },
      Channel: 'VOICE',
      ContactId: input.contactId,
      InitialContactId: input.contactId,
      PreviousContactId: input.contactId,
      InitiationMethod: input.initiationMethod ?? 'INBOUND',
      InstanceARN: SIM_INSTANCE_ARN,
      LanguageCode: 'ko-KR',
      CustomerEndpoint: input.from ? { Address: input.from, Type: 'TELEPHONE_NUMBER' } : null,
      SystemEndpoint: input.dialed ? { Address: input.dialed, Type: 'TELEPHONE_NUMBER' } : null,
      Queue: input.queue ? { ARN: queueArn(input.queue), Name: input.queue } : null,
      MediaStreams: { Customer: { Audio: null } },
      References: {},
      SegmentAttributes: {},
    },
    Parameters: { ...input.parameters },
  },
});
