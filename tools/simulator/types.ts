/**
 * Shared types of the offline contact-flow simulator (Amazon Connect Flow language, Version
 * 2019-10-30). See tools/simulator/README.md for the model of a call.
 */

import type { FlowAction } from '#tools/flows/types';

export type { FlowAction, FlowDocument } from '#tools/flows/types';

/** A flow after placeholder resolution, indexed for execution. */
export interface LoadedFlow {
  /** File name without `.json` (for example `inbound`). */
  name: string;
  file: string;
  arn: string;
  startAction: string;
  actions: Map<string, FlowAction>;
  /** The flow's Connect type when known (our catalog by file name, or the export's Metadata.type). */
  declaredType?: import('#infra/connect/flow-catalog').ConnectFlowType;
}

/** Amazon Connect invokes Lambda functions with this event (Name `ContactFlowEvent`). */
export interface ConnectContactFlowEvent {
  Name: 'ContactFlowEvent';
  Details: {
    ContactData: {
      Attributes: Record<string, string>;
      Channel: 'VOICE';
      ContactId: string;
      InitialContactId: string;
      PreviousContactId: string;
      InitiationMethod: 'INBOUND' | 'TRANSFER' | 'CALLBACK';
      InstanceARN: string;
      LanguageCode: string;
      CustomerEndpoint: { Address: string; Type: 'TELEPHONE_NUMBER' } | null;
      SystemEndpoint: { Address: string; Type: 'TELEPHONE_NUMBER' } | null;
      Queue: {
        ARN: string;
        Name: string;
        OutboundCallerId?: { Address: string; Type: 'TELEPHONE_NUMBER' };
      } | null;
      MediaStreams: { Customer: { Audio: null } };
      References: Record<string, never>;
      SegmentAttributes: Record<string, never>;
    };
    Parameters: Record<string, string>;
  };
}

/** A minimal Lambda context; enough for Powertools and middy. */
export interface SimulatedLambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis: () => number;
  done: () => void;
  fail: () => void;
  succeed: () => void;
}

/** A function as the simulator calls it: the real handler or a fake honouring docs/contracts.md. */
export type FlowFunction = (event: ConnectContactFlowEvent, context: SimulatedLambdaContext) => unknown;

export type FaultMode = 'throw' | 'slow';

/** Outcome of the external leg of TransferParticipantToThirdParty, chosen by the scenario. */
export type ExternalTransferResult = 'answered' | 'no-answer' | 'busy' | 'failed';

/**
 * `queued`: in a queue (or a queued call-back); `disconnected`; `transferred`: to an external number
 * (or a flow that is not loaded, with --flow); `left`: the call left the simulated flows (a module
 * that is not loaded); `ended`: a flow run with --flow reached its end (end of flow, module return).
 */
export type CallOutcome = 'queued' | 'disconnected' | 'transferred' | 'left' | 'ended';

/**
 * The people on a call: the caller (customer), the counselor who answered (agent), and the consult
 * target of a quick connect (a department's staff member, another agent, or an external number).
 */
export type Participant = 'caller' | 'counselor' | 'third-party';

/** Quick connect types (https://docs.aws.amazon.com/connect/latest/adminguide/quick-connects.html). */
export type QuickConnectType = 'USER' | 'QUEUE' | 'PHONE_NUMBER';

/** A quick connect as the simulator runs it (infra/connect/quick-connects.ts defines ours). */
export interface QuickConnectSpec {
  /** Name the scenario uses (ours: the department id, `abuse-warning`, `abuse-warning-end`). */
  name?: string;
  /** Default QUEUE (with `queue`) or USER (with `user`). */
  type?: QuickConnectType;
  /** Flow file name the quick connect runs (QUEUE: a QUEUE_TRANSFER flow; USER: AGENT_TRANSFER). */
  flow?: string;
  /** Queue id of a QUEUE quick connect, e.g. `dept-living`. */
  queue?: string;
  /** User name of a USER quick connect. */
  user?: string;
  /** E.164 number of a PHONE_NUMBER quick connect. */
  phoneNumber?: string;
}

/**
 * What the counselor does after answering, in order (scenario steps). After the last step the
 * counselor hangs up (completing an open transfer first).
 * - `quickConnect`: invokes a quick connect; the caller is put on hold and the transfer flow runs
 *   on the consult leg (the counselor hears it) — or, with `cold`, the counselor leaves at once
 *   and the flow runs on the caller;
 * - `conference`: joins caller, counselor and consult target;
 * - `leave`: the counselor leaves, completing the transfer;
 * - `cancel`: the counselor ends the consult leg and returns to the caller;
 * - `hold` / `resume`: the counselor holds the caller (customer hold flow) and resumes;
 * - `hangUp`: the counselor ends the call (the disconnect flow runs for the caller).
 */
export type CounselorStep =
  | { quickConnect: string | QuickConnectSpec; cold?: boolean }
  | { do: 'conference' | 'leave' | 'cancel' | 'hold' | 'resume' | 'hangUp' };

export interface QueueMetrics {
  size: number;
  oldestContactAgeSeconds: number;
  agentsOnline: number;
  agentsAvailable: number;
  agentsStaffed: number;
  positionInQueue: number;
  estimatedWaitSeconds: number;
}

/**
 * What a queued caller's time span looks like to a queue driven from outside (the day
 * simulation's event queue): the caller's contact is in `queue` from `from` and, if nothing
 * happens, reaches `until` (the end of the customer queue flow's current action; `null`: the queue
 * flow has ended and the caller hears hold music until someone answers or they hang up).
 */
export interface QueueSpan {
  contactId: string;
  /** Config id of the queue (`counselors`). */
  queue: string;
  /** When the contact entered the queue. */
  queuedAt: Date;
  from: Date;
  until: Date | null;
  /** Routing priority set by the flow (UpdateContactRoutingBehavior; 1 is highest), or null: the queue's default. */
  priority: number | null;
  /** The customer queue flow created a queued callback (CreateCallbackContact) for this contact. */
  callbackRequested: boolean;
}

/** What happened to a queued caller within a span: a counselor answered, or the caller hung up. */
export interface QueueEvent {
  kind: 'answered' | 'abandoned';
  at: Date;
}

/**
 * A counselor queue driven from outside instead of `agentAnswersAfterSeconds`: the caller's
 * contact, once TransferContactToQueue put it in a queue, asks `wait` for every span of simulated
 * time it spends there (first a zero-length span at the moment it is queued, then one per customer
 * queue flow action that takes time, then an open span while it hears hold music) and is answered
 * or hangs up when `wait` says so — at that instant, cutting the action short. `metrics` feeds
 * GetMetricData / CheckMetricData (else the call's `queueMetrics`). Used for the caller's own
 * contact only; the consult legs of quick connects keep `transferAnswersAfterSeconds`.
 */
export interface LiveQueue {
  wait(span: QueueSpan): Promise<QueueEvent | null>;
  metrics?(queue: string, at: Date): Partial<QueueMetrics>;
}

export interface StartCallOptions {
  /** E.164 number or entry-point id. */
  dialed: string;
  /** E.164 number; `null` = withheld (발신번호 표시제한). */
  from: string | null;
  /** ISO 8601; without an offset it is wall time in the hours' time zone. Default: the simulator clock. */
  at?: string | Date;
  /** Result of every TransferParticipantToThirdParty in this call (default `answered`). */
  externalTransfer?: ExternalTransferResult;
  /** Seconds in queue before a counselor answers; `null` = nobody answers (the caller gives up). Default 10. */
  agentAnswersAfterSeconds?: number | null;
  /**
   * The counselor uses this quick connect once, after answering, and leaves at once (a cold
   * transfer: the flow runs on the caller). Kept for older scenarios; `counselor` is the full form.
   */
  quickConnect?: QuickConnectSpec;
  /** What the counselor does after answering (default: talks and hangs up). */
  counselor?: CounselorStep[];
  /** Seconds before the target of a quick connect answers; `null` = nobody answers. Default 10. */
  transferAnswersAfterSeconds?: number | null;
  /** Queue ids whose TransferContactToQueue fails with QueueAtCapacity. */
  queuesAtCapacity?: string[];
  /** Real-time metrics returned by GetMetricData / CheckMetricData. */
  queueMetrics?: Partial<QueueMetrics>;
  /** Attributes present before the inbound flow starts (rarely needed). */
  attributes?: Record<string, string>;
  /** A queue driven from outside (the day simulation); `agentAnswersAfterSeconds` is then ignored. */
  liveQueue?: LiveQueue;
}

export interface InputRequest {
  flow: string;
  action: string;
  /** Who is asked: the caller, or the counselor on a consult leg. */
  participant: Participant;
  /** `menu`: one key chooses a branch; `store`: digits stored in $.StoredCustomerInput; `lex`: speech (text). */
  mode: 'menu' | 'store' | 'lex';
  maxDigits: number;
  timeoutSeconds: number;
  terminator: string | null;
}

export interface CallEnd {
  outcome: CallOutcome;
  /** Config id of the queue the call ended in (queued outcome). */
  queue: string | null;
  /** E.164 number of the answered external transfer (transferred outcome). */
  transferredTo: string | null;
  /** A queued callback was created (CreateCallbackContact). */
  callback: boolean;
  /** Why the call ended, in a few words. */
  reason: string;
}

export interface LambdaCallRecord {
  flow: string;
  action: string;
  functionName: string;
  parameters: Record<string, string>;
  /** `ok` (result exposed as $.External), `error` (handler threw), `timeout`, or `invalid-response`. */
  status: 'ok' | 'error' | 'timeout' | 'invalid-response';
  result: Record<string, unknown> | null;
  error: string | null;
}

export type TranscriptEntry =
  | { kind: 'flow'; flow: string; role: FlowRole }
  /** Text spoken by a flow, and who heard it. */
  | { kind: 'prompt'; flow: string; action: string; text: string; heardBy: Participant[] }
  | { kind: 'input'; flow: string; action: string; value: string }
  | { kind: 'lambda'; call: LambdaCallRecord }
  | { kind: 'attributes'; flow: string; action: string; set: Record<string, string> }
  | { kind: 'event'; flow: string; action: string; text: string }
  | { kind: 'violation'; flow: string; action: string; text: string }
  | { kind: 'end'; end: CallEnd };

/**
 * Where a flow runs: the contact's own flow (`main`: inbound, or a flow run with --flow), an event
 * hook (customer queue, customer/agent hold, agent/customer whisper, disconnect), or a quick
 * connect's transfer flow on a consult leg (`transfer`).
 */
export type FlowRole =
  | 'main'
  | 'customer-queue'
  | 'customer-hold'
  | 'agent-hold'
  | 'agent-whisper'
  | 'customer-whisper'
  | 'outbound-whisper'
  | 'disconnect'
  | 'transfer';

export interface StepResult {
  /** Text spoken to the caller since the previous step. */
  spoken: string[];
  waitingForInput: InputRequest | null;
  ended: CallEnd | null;
}
