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

export type CallOutcome = 'queued' | 'disconnected' | 'transferred';

export interface QuickConnectSpec {
  /** Flow file name (without .json) the counselor's quick connect runs, e.g. `transfer-to-department`. */
  flow: string;
  /** Queue id the quick connect points at (for a QUEUE quick connect), e.g. `dept-living`. */
  queue?: string;
}

export interface QueueMetrics {
  size: number;
  oldestContactAgeSeconds: number;
  agentsOnline: number;
  agentsAvailable: number;
  agentsStaffed: number;
  positionInQueue: number;
  estimatedWaitSeconds: number;
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
  /** The counselor uses this quick connect once, after answering. */
  quickConnect?: QuickConnectSpec;
  /** Queue ids whose TransferContactToQueue fails with QueueAtCapacity. */
  queuesAtCapacity?: string[];
  /** Real-time metrics returned by GetMetricData / CheckMetricData. */
  queueMetrics?: Partial<QueueMetrics>;
  /** Attributes present before the inbound flow starts (rarely needed). */
  attributes?: Record<string, string>;
}

export interface InputRequest {
  flow: string;
  action: string;
  /** `menu`: one key chooses a branch; `store`: digits stored in $.StoredCustomerInput. */
  mode: 'menu' | 'store';
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
  | { kind: 'prompt'; flow: string; action: string; text: string }
  | { kind: 'whisper'; flow: string; action: string; text: string }
  | { kind: 'input'; flow: string; action: string; value: string }
  | { kind: 'lambda'; call: LambdaCallRecord }
  | { kind: 'attributes'; flow: string; action: string; set: Record<string, string> }
  | { kind: 'event'; flow: string; action: string; text: string }
  | { kind: 'violation'; flow: string; action: string; text: string }
  | { kind: 'end'; end: CallEnd };

/** Where a flow runs: the customer's main path, a hook, or a counselor quick connect. */
export type FlowRole = 'main' | 'customer-queue' | 'agent-whisper' | 'disconnect' | 'quick-connect';

export interface StepResult {
  /** Text spoken to the caller since the previous step. */
  spoken: string[];
  waitingForInput: InputRequest | null;
  ended: CallEnd | null;
}
