import type { ConnectFlowType } from '#infra/connect/flow-catalog';
import { checkSsml, ssmlToText } from '#tools/flows/ssml';
import { SimulationError } from './errors';
import type { SimulatorHours } from './hours';
import { type FlowData, interpolate, resolveValue } from './jsonpath';
import type { ResourceResolver, UnresolvedReference } from './resources';
import type {
  CallEnd,
  CallOutcome,
  ConnectContactFlowEvent,
  CounselorStep,
  ExternalTransferResult,
  FaultMode,
  FlowAction,
  FlowFunction,
  FlowRole,
  InputRequest,
  LambdaCallRecord,
  LiveQueue,
  LoadedFlow,
  Participant,
  QueueMetrics,
  QuickConnectSpec,
  TranscriptEntry,
} from './types';

/**
 * What a flow action sees while it runs: the contact (flow run data, clock, hooks, queue …), the
 * flow run it belongs to, and helpers that take branches the way Connect does. One module per
 * action type (tools/simulator/actions/) receives an `ActionContext` and answers a `Jump`.
 */

/** What one simulated call is configured with (createSimulator fills it from a scenario). */
export interface CallConfig {
  flows: Map<string, LoadedFlow>;
  functions: Record<string, FlowFunction>;
  faults: Partial<Record<string, FaultMode>>;
  /** Hours of operation by id (`${hours:<id>}`); `main` is also every queue's hours. */
  hours: Record<string, SimulatorHours>;
  queues: readonly string[];
  inboundFlow: string;
  /** The Connect flow type the inbound (main) flow runs as; default CONTACT_FLOW. */
  inboundFlowType?: ConnectFlowType;
  contactId?: string;
  dialedNumber: string;
  from: string | null;
  start: Date;
  externalTransfer: ExternalTransferResult;
  agentAnswersAfterSeconds: number | null;
  quickConnect: QuickConnectSpec | null;
  /** Quick connects the counselor can use, by name. */
  quickConnects: readonly QuickConnectSpec[];
  counselor: readonly CounselorStep[];
  transferAnswersAfterSeconds: number | null;
  queuesAtCapacity: readonly string[];
  queueMetrics: QueueMetrics;
  attributes: Record<string, string>;
  /** How ARNs resolve; default: the simulator's own resources (placeholders resolved to them). */
  resources?: ResourceResolver;
  /** The value DistributeByPercentage draws, 1–100 (default 1: the first branch). */
  percentile?: number;
  /** A queue driven from outside (StartCallOptions.liveQueue). */
  liveQueue?: LiveQueue;
}

/** How a flow run ended. */
export type FlowExit =
  | { kind: 'queued' }
  | { kind: 'disconnected'; reason: string }
  | { kind: 'ended'; reason: string }
  | { kind: 'transferred' }
  | { kind: 'agent-answered' }
  /** EndFlowModuleExecution: a module returned to the flow that invoked it. */
  | { kind: 'module-returned' }
  /** The call left the simulated flows (TransferToFlow or a module that is not loaded). */
  | { kind: 'left'; reason: string };

/** Where an action sends the flow: the next action (or `flow:<name>`), or out of the flow run. */
export type Jump = { next: string } | { exit: FlowExit };

/** What the call's outcome is so far (set by transfers, queueing, call-backs). */
export interface Segment {
  outcome: CallOutcome | null;
  queue: string | null;
  transferredTo: string | null;
  callback: boolean;
}

/** Queue timing of a customer-queue flow run: when a counselor answers, when the caller gives up. */
export interface QueueTiming {
  answerAt: number | null;
  abandonAt: number;
  /** The queue is driven from outside: after each action that takes time, ask it what happened. */
  live?: LiveQueue;
}

/**
 * "Hold customer or agent" (UpdatePreviousContactParticipantState) states: Agent on hold = the
 * customer is on the call; Conference all (OffHold) = agent and customer are on the call; Customer
 * on hold = the agent is on the call.
 * https://docs.aws.amazon.com/connect/latest/adminguide/hold-customer-agent.html
 */
export type PreviousParticipantState = 'AgentOnHold' | 'CustomerOnHold' | 'OffHold';

/** The consult leg a transfer flow runs on, as its actions can change it. */
export interface ConsultControl {
  /** UpdatePreviousContactParticipantState: who of caller and counselor is on the call. */
  setPreviousParticipantState(state: PreviousParticipantState): AsyncGenerator<InputRequest, void, string>;
  /**
   * TransferParticipantToThirdParty answered with ContinueFlowExecution: the counselor's steps run
   * while the third party is on the line; `hung-up` when the third party ends the call (the flow
   * resumes), `cancelled` when the counselor ends the consult leg (the flow does not resume).
   */
  thirdPartyConnected(number: string): 'hung-up' | 'cancelled';
}

/** One run of one flow: which flow, in which role and flow type, who hears it, and its leg. */
export interface FlowRun {
  readonly flow: LoadedFlow;
  readonly role: FlowRole;
  /** The Connect flow type the flow runs as (its role decides it; actions are checked against it). */
  readonly flowType: ConnectFlowType;
  readonly queue?: QueueTiming;
  /** Who hears the flow's prompts now (and answers its input requests). */
  listeners(): Participant[];
  /** The consult leg (transfer flows of quick connects). */
  readonly consult?: ConsultControl;
  /** Runs a loaded flow module in this run's role and returns how it ended (InvokeFlowModule). */
  invokeModule(name: string): AsyncGenerator<InputRequest, FlowExit, string>;
}

/** The contact as actions see and change it. The interpreter's `Call` owns one. */
export interface ContactRuntime {
  readonly data: FlowData;
  readonly settings: Record<string, string>;
  readonly hooks: Record<string, string>;
  readonly loopCounters: Map<string, number>;
  readonly transcript: TranscriptEntry[];
  readonly agentWhisper: string[];
  readonly lambdaCalls: LambdaCallRecord[];
  readonly violations: string[];
  readonly resources: ResourceResolver;
  readonly config: CallConfig;
  readonly contactId: string;
  elapsedSeconds: number;
  targetQueue: string | null;
  segment: Segment;
  /** The simulated wall clock. */
  readonly now: Date;
  setTargetQueue(id: string): void;
  /** Reports a reference resolved to a stand-in, or not at all. */
  report(entry: UnresolvedReference): void;
  /** The Connect event for InvokeLambdaFunction. */
  connectEvent(parameters: Record<string, string>): ConnectContactFlowEvent;
  event(flow: string, action: string, text: string): void;
}

/** Flow types TransferToFlow may go to ("Transfer to flow": inbound, transfer to agent, transfer to queue). */
export const TRANSFER_TO_FLOW_TYPES: readonly ConnectFlowType[] = [
  'CONTACT_FLOW',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
];

/** Seconds a caller stays in queue before giving up when nobody answers. */
export const ABANDON_AFTER_SECONDS = 900;

/** With a live queue the caller's patience is the driver's: the flow's own limit is a day. */
export const LIVE_QUEUE_HORIZON_SECONDS = 86_400;

/** The metrics GetMetricData / CheckMetricData see: the live queue's, else the call's. */
export const queueMetricsOf = (contact: ContactRuntime, queue: string): QueueMetrics => ({
  ...contact.config.queueMetrics,
  ...contact.config.liveQueue?.metrics?.(queue, contact.now),
});

/** Absent values never match a condition; this marks them in `byResult`. */
export const ABSENT = '\u0000absent';

export interface ActionContext {
  readonly action: FlowAction;
  /** The action's Parameters (`{}` when absent). */
  readonly p: Record<string, unknown>;
  readonly run: FlowRun;
  readonly contact: ContactRuntime;
  readonly where: { flow: string; action: string; type: string };
  /** A loud simulator failure naming flow, action and type. */
  fail(message: string): never;
  /** Transitions.NextAction. */
  next(): Jump;
  /** The error branch of that type, else NoMatchingError; none is a loud failure. */
  error(type: string): Jump;
  /** The first condition that holds for `result`; else `fallbackError` or NextAction. */
  byResult(result: string, fallbackError?: string): Jump;
  /** A string parameter with its JSONPath references resolved. */
  param(key: string): string | undefined;
  /**
   * A resource parameter (queue, flow, function, hours …): `undefined` when absent; `null` when its
   * reference resolves to nothing — reported, and Connect takes the error branch ("does not exist").
   */
  reference(key: string, kind: UnresolvedReference['kind']): string | null | undefined;
  /** Speaks Text / SSML to the run's listeners (the caller, the counselor, the consult target). */
  speak(kind: 'text' | 'ssml', raw: string): void;
  /** Speaks whichever of Text, SSML, PromptId or Media the object holds. */
  speakParameters(source: Record<string, unknown>): void;
  /** Records a simulator event in the transcript. */
  event(text: string): void;
  /**
   * Records what the docs forbid but whose run-time effect they do not state (a block in a flow
   * type its page does not list, SSML without its <speak> root …): the call goes on, the
   * violation is reported (a scenario fails on it).
   */
  violation(text: string): void;
  /** Reports a reference of this action resolved to a stand-in, or not at all. */
  report(
    kind: UnresolvedReference['kind'],
    ref: string,
    resolution: UnresolvedReference['resolution'],
    note: string,
  ): void;
}

/** One action type's documented semantics. Input requests are yielded (GetParticipantInput). */
export type ActionExecutor = (
  context: ActionContext,
) => Jump | Promise<Jump> | AsyncGenerator<InputRequest, Jump, string>;

/**
 * Connect's condition operators (flow-language-actions, "Condition"): `Equals` is exact and
 * case-sensitive; Number* compare numerically; Text* compare text. An absent value matches nothing.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const conditionHolds = (
  value: string,
  condition: { Operator: string; Operands: unknown[] } | undefined,
  where: { flow: string; action: string; type: string },
): boolean => {
  if (!condition || !Array.isArray(condition.Operands)) {
    throw new SimulationError('a condition needs Operator and Operands', where);
  }
  const operand = String(condition.Operands[0] ?? '');
  const absent = value === ABSENT;
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
};

/** Simulated speaking time: about 7 characters a second, at least 2 s. */
const speakingSeconds = (text: string): number => Math.max(2, Math.ceil(text.length / 7));

export const createActionContext = (
  contact: ContactRuntime,
  run: FlowRun,
  action: FlowAction,
): ActionContext => {
  const flow = run.flow;
  const p = (action.Parameters ?? {}) as Record<string, unknown>;
  const where = { flow: flow.name, action: action.Identifier, type: action.Type };
  const fail = (message: string): never => {
    throw new SimulationError(message, where);
  };
  const event = (text: string) => contact.event(flow.name, action.Identifier, text);
  const next = (): Jump => {
    const id = action.Transitions?.NextAction;
    return id ? { next: id } : fail('has no Transitions.NextAction');
  };
  const error = (type: string): Jump => {
    const errors = action.Transitions?.Errors ?? [];
    const branch =
      errors.find((e) => e.ErrorType === type) ?? errors.find((e) => e.ErrorType === 'NoMatchingError');
    const label = type === 'NoMatchingCondition' ? 'no condition matched' : `error branch ${type}`;
    event(`${label}${branch ? ` → ${branch.NextAction}` : ''}`);
    return branch
      ? { next: branch.NextAction }
      : fail(`took error ${type} but has no ${type} or NoMatchingError branch`);
  };
  const byResult = (result: string, fallbackError = 'NoMatchingCondition'): Jump => {
    for (const c of action.Transitions?.Conditions ?? []) {
      if (conditionHolds(result, c.Condition, where)) return { next: c.NextAction };
    }
    const errors = action.Transitions?.Errors ?? [];
    if (errors.some((e) => e.ErrorType === fallbackError)) return error(fallbackError);
    if (action.Transitions?.NextAction) return { next: action.Transitions.NextAction };
    return error(fallbackError);
  };
  const param = (key: string): string | undefined => {
    const value = p[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') return fail(`parameter ${key} must be a string`);
    return resolveValue(contact.data, value);
  };
  const reference = (key: string, kind: UnresolvedReference['kind']): string | null | undefined => {
    if (p[key] === undefined) return undefined;
    const value = param(key);
    if (value !== undefined && value !== '') return value;
    contact.report({
      kind,
      ref: String(p[key]),
      resolution: 'missing',
      note: `${key} refers to a value that does not exist: the error branch`,
      flow: flow.name,
      action: action.Identifier,
    });
    return null;
  };
  const violation = (text: string) => recordViolation(contact, where, text);
  const speak = (kind: 'text' | 'ssml', raw: string) => {
    if (kind === 'ssml') {
      // "All SSML-enhanced text must be enclosed within a pair of speak tags"; what Connect plays
      // otherwise is not documented: reported, and the text is spoken.
      // https://docs.aws.amazon.com/connect/latest/adminguide/supported-ssml-tags.html
      const problem = checkSsml(raw);
      if (problem) violation(`SSML is not well-formed: ${problem}`);
    }
    const { text, missing } = interpolate(contact.data, raw);
    for (const ref of missing) event(`reference ${ref} is empty in the prompt`);
    const spokenText = kind === 'ssml' ? ssmlToText(text) : text.replace(/\s+/g, ' ').trim();
    const heardBy = run.listeners();
    if (run.role === 'agent-whisper' && heardBy.includes('counselor')) contact.agentWhisper.push(spokenText);
    contact.transcript.push({
      kind: 'prompt',
      flow: flow.name,
      action: action.Identifier,
      text: spokenText,
      heardBy,
    });
    contact.elapsedSeconds += speakingSeconds(spokenText);
  };
  const speakParameters = (source: Record<string, unknown>) => {
    if (typeof source.Text === 'string') speak('text', source.Text);
    else if (typeof source.SSML === 'string') speak('ssml', source.SSML);
    else if (typeof source.PromptId === 'string') {
      const prompt = resolveValue(contact.data, source.PromptId) ?? source.PromptId;
      if (prompt.includes(':prompt/') || prompt.includes('${'))
        contact.report({
          kind: 'prompt',
          ref: prompt,
          resolution: 'simulated',
          note: 'the audio is not simulated',
          flow: flow.name,
          action: action.Identifier,
        });
      speak('text', `[recorded prompt ${prompt}]`);
    } else if (source.Media) speak('text', '[음성 파일]');
  };
  return {
    action,
    p,
    run,
    contact,
    where,
    fail,
    next,
    error,
    byResult,
    param,
    reference,
    speak,
    speakParameters,
    event,
    violation,
    report: (kind, ref, resolution, note) =>
      contact.report({ kind, ref, resolution, note, flow: flow.name, action: action.Identifier }),
  };
};

/**
 * The queue an action names: QueueId, or AgentId (an agent queue), or else the working queue.
 * `null` when the reference names nothing (reported; the action takes its error branch).
 */
export const queueOf = (ctx: ActionContext): string | null => {
  const { contact } = ctx;
  const queueRef = ctx.reference('QueueId', 'queue');
  const agentRef = queueRef === undefined ? ctx.reference('AgentId', 'queue') : undefined;
  if (queueRef === null || agentRef === null) return null;
  if (queueRef === undefined && agentRef === undefined) return contact.targetQueue;
  const ref = (queueRef ?? agentRef) as string;
  const id = queueRef !== undefined ? contact.resources.queueId(ref) : contact.resources.agentQueueId(ref);
  if (!id) ctx.report('queue', ref, 'missing', 'names no queue the simulator knows: the error branch');
  return id ?? null;
};

/** Records a violation of a documented rule at an action (see ActionContext.violation). */
export const recordViolation = (
  contact: Pick<ContactRuntime, 'violations' | 'transcript'>,
  where: { flow: string; action: string; type: string },
  text: string,
): void => {
  contact.violations.push(`flow "${where.flow}", action "${where.action}" (${where.type}): ${text}`);
  contact.transcript.push({ kind: 'violation', flow: where.flow, action: where.action, text });
};

/** The end of a call, from the segment's outcome. */
export const callEnd = (segment: Segment, reason: string): CallEnd => {
  const outcome: CallOutcome = segment.outcome ?? (segment.transferredTo ? 'transferred' : 'disconnected');
  return {
    outcome,
    queue: outcome === 'queued' ? segment.queue : null,
    transferredTo: outcome === 'transferred' ? segment.transferredTo : null,
    callback: segment.callback,
    reason,
  };
};
