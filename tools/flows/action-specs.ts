/**
 * What the linter knows about each Flow language action type minwon365 uses. Sources: the Amazon
 * Connect "Flow language" action reference (Parameter object / Results and conditions / Errors /
 * Restrictions sections of each action) and exported flows. An action type missing here is an
 * error (`unknown-type`): the simulator fails on it too, so it must be added deliberately.
 */
import type { ConnectFlowType } from './catalog';
import type { FlowAction } from './types';

export interface ActionSpec {
  /** Error branches the action must declare (`required-errors`). */
  requiredErrors: (action: FlowAction) => string[];
  /** Every error type the action may declare (`error-type`). */
  allowedErrors: readonly string[];
  /**
   * `end`: the action ends the flow and must have empty Transitions.
   * `transfer`: success leaves this flow (queue, other flow, phone number) — a path may end here.
   * `continue`: the flow goes on.
   */
  kind: (action: FlowAction) => 'end' | 'transfer' | 'continue';
  /** Flow types the action may appear in (`flow-type`). */
  flowTypes: readonly ConnectFlowType[];
  /** Contains text or SSML spoken to the participant. */
  speaks?: boolean;
}

const ALL: readonly ConnectFlowType[] = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
];
const CONTACT_AND_TRANSFER: readonly ConnectFlowType[] = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const WITH_QUEUE: readonly ConnectFlowType[] = [...CONTACT_AND_TRANSFER, 'CUSTOMER_QUEUE'];
const WHISPERS: readonly ConnectFlowType[] = ['CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER'];

const always =
  (...errors: string[]) =>
  (): string[] =>
    errors;
const continues = (): 'continue' => 'continue';
const NO_MATCH = ['NoMatchingError'] as const;

const isTrue = (value: unknown): boolean => String(value).toLowerCase() === 'true';
const isFalse = (value: unknown): boolean => String(value).toLowerCase() === 'false';

export const ACTION_SPECS: Readonly<Record<string, ActionSpec>> = {
  MessageParticipant: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: [...WITH_QUEUE, ...WHISPERS],
    speaks: true,
  },
  MessageParticipantIteratively: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: ['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD'],
    speaks: true,
  },
  GetParticipantInput: {
    // Timeout and no-match handling depend on StoreInput; the `input-handling` rule checks them.
    requiredErrors: (action) =>
      isTrue(action.Parameters?.StoreInput) &&
      typeof action.Parameters?.InputValidation === 'object' &&
      action.Parameters.InputValidation !== null &&
      'PhoneNumberValidation' in action.Parameters.InputValidation
        ? ['NoMatchingError', 'InvalidPhoneNumber']
        : ['NoMatchingError'],
    allowedErrors: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded', 'InvalidPhoneNumber'],
    kind: continues,
    flowTypes: WITH_QUEUE,
    speaks: true,
  },
  InvokeLambdaFunction: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: ALL,
  },
  UpdateContactAttributes: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: ALL,
  },
  Compare: {
    requiredErrors: always('NoMatchingCondition'),
    allowedErrors: ['NoMatchingCondition'],
    kind: continues,
    flowTypes: ALL,
  },
  CheckHoursOfOperation: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: WITH_QUEUE,
  },
  UpdateContactTargetQueue: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: CONTACT_AND_TRANSFER,
  },
  TransferContactToQueue: {
    requiredErrors: always('QueueAtCapacity', 'NoMatchingError'),
    allowedErrors: ['QueueAtCapacity', 'NoMatchingError'],
    kind: () => 'transfer',
    flowTypes: CONTACT_AND_TRANSFER,
  },
  UpdateContactEventHooks: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: ALL,
  },
  UpdateContactTextToSpeechVoice: {
    // The reference lists no errors; console exports add NoMatchingError, which is accepted.
    requiredErrors: always(),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: ALL,
  },
  UpdateFlowLoggingBehavior: {
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
    flowTypes: ALL,
  },
  UpdateContactRecordingBehavior: {
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
    flowTypes: [...WITH_QUEUE, 'OUTBOUND_WHISPER'],
  },
  UpdateContactRoutingBehavior: {
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
    flowTypes: ['CONTACT_FLOW'],
  },
  TransferToFlow: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: () => 'transfer',
    flowTypes: CONTACT_AND_TRANSFER,
  },
  CreateCallbackContact: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: WITH_QUEUE,
  },
  UpdateContactCallbackNumber: {
    requiredErrors: always('InvalidCallbackNumber', 'CallbackNumberNotDialable'),
    allowedErrors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable', 'NoMatchingError'],
    kind: continues,
    flowTypes: WITH_QUEUE,
  },
  TransferParticipantToThirdParty: {
    // With ContinueFlowExecution not "False" the flow resumes, so no-answer and failure must be handled.
    requiredErrors: (action) =>
      isFalse(action.Parameters?.ContinueFlowExecution)
        ? ['NoMatchingError']
        : ['ConnectionTimeLimitExceeded', 'CallFailed', 'NoMatchingError'],
    allowedErrors: ['ConnectionTimeLimitExceeded', 'CallFailed', 'NoMatchingError'],
    kind: (action) => (isFalse(action.Parameters?.ContinueFlowExecution) ? 'transfer' : 'continue'),
    flowTypes: WITH_QUEUE,
  },
  GetMetricData: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    flowTypes: ALL,
  },
  CheckMetricData: {
    requiredErrors: always('NoMatchingError'),
    allowedErrors: ['NoMatchingError', 'NoMatchingCondition'],
    kind: continues,
    flowTypes: WITH_QUEUE,
  },
  Loop: {
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
    flowTypes: ALL,
  },
  DisconnectParticipant: {
    requiredErrors: always(),
    allowedErrors: [],
    kind: () => 'end',
    flowTypes: ALL,
  },
  EndFlowExecution: {
    requiredErrors: always(),
    allowedErrors: [],
    kind: () => 'end',
    flowTypes: ['CUSTOMER_QUEUE', ...WHISPERS],
  },
};

/** Event hook keys accepted by UpdateContactEventHooks. */
export const EVENT_HOOK_KEYS = [
  'AgentHold',
  'AgentWhisper',
  'CustomerHold',
  'CustomerQueue',
  'CustomerRemaining',
  'CustomerWhisper',
  'DefaultAgentUI',
  'DisconnectAgentUI',
  'PauseContact',
  'ResumeContact',
] as const;
