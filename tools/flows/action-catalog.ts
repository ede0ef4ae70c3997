/**
 * THE action catalog of the Amazon Connect Flow language (Version "2019-10-30"): which action types
 * exist for minwon365's tools, their parameters, their branches (conditions and error types), and
 * the flow types that allow them. The linter (tools/flows/rules) and the simulator
 * (tools/simulator/actions) both read it, so they agree on what exists: an action type missing
 * here is `unknown-type` to the linter and "not implemented" to the simulator, and a test holds
 * that the simulator has an executor for every entry and no other.
 *
 * Sources, cited per entry: the Flow-language action reference (developer guide, "Parameter
 * object", "Results and conditions", "Errors" and "Restrictions" of each action) and the admin
 * guide's page of the flow block that writes the action ("Flow types" section). The action page's
 * Restrictions govern where both exist; where only the block page lists flow types, those are
 * used; where neither says, `flowTypes` is `undefined` and no flow-type check is made.
 */
import { CONNECT_FLOW_TYPES, type ConnectFlowType } from '#infra/connect/flow-catalog';
import type { FlowAction } from './types';

const DEV = 'https://docs.aws.amazon.com/connect/latest/devguide';
const ADMIN = 'https://docs.aws.amazon.com/connect/latest/adminguide';

export type ActionCategory = 'participant' | 'contact' | 'flow-control' | 'interaction';

/**
 * `end`: the action ends the flow and must have empty Transitions.
 * `transfer`: success leaves this flow (queue, other flow, phone number) — a path may end here.
 * `continue`: the flow goes on.
 */
export type ActionKind = 'end' | 'transfer' | 'continue';

export interface ActionSpec {
  /** Console block(s) that write the action. */
  readonly block: string;
  /** Flow-language action page, then the block page. */
  readonly docs: readonly string[];
  /** Flow-language action category (flow-language-concepts). */
  readonly category: ActionCategory;
  /**
   * Flow types the action may appear in; a function when it depends on the parameters (event
   * hooks); `undefined` when the docs do not restrict it (or do not say).
   */
  readonly flowTypes:
    | readonly ConnectFlowType[]
    | ((action: FlowAction) => readonly ConnectFlowType[])
    | undefined;
  /** Error branches the action must declare. */
  readonly requiredErrors: (action: FlowAction) => readonly string[];
  /** Every error type the action may declare. */
  readonly allowedErrors: readonly string[];
  /** Conditions the action supports: operators and, when fixed, the only operands. */
  readonly conditions?: { readonly operators: readonly string[]; readonly operands?: readonly string[] };
  readonly kind: (action: FlowAction) => ActionKind;
  /** Contains text or SSML spoken to a participant (Text / SSML / PromptId / Messages). */
  readonly speaks?: boolean;
  /** Parameter problems the docs define (required keys, value ranges, exclusive keys). */
  readonly parameterProblems?: (parameters: Record<string, unknown>) => string[];
}

export const ALL_FLOW_TYPES: readonly ConnectFlowType[] = CONNECT_FLOW_TYPES;
const CONTACT: ConnectFlowType = 'CONTACT_FLOW';
const TRANSFERS: readonly ConnectFlowType[] = ['AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const CONTACT_AND_TRANSFER: readonly ConnectFlowType[] = [CONTACT, ...TRANSFERS];
const CONTACT_TRANSFER_QUEUE: readonly ConnectFlowType[] = [...CONTACT_AND_TRANSFER, 'CUSTOMER_QUEUE'];
const WHISPERS: readonly ConnectFlowType[] = ['CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER'];
const HOLDS: readonly ConnectFlowType[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];

/** Condition operators of the Flow language (flow-language-actions, "Condition"). */
export const OPERATORS = [
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
] as const;

/**
 * Event hook keys accepted by UpdateContactEventHooks
 * (https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontacteventhooks.html).
 */
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

/** Which block page restricts each event hook (the console writes one block per hook). */
const HOOK_FLOW_TYPES: Readonly<Record<string, readonly ConnectFlowType[]>> = {
  // Set customer queue flow: https://docs.aws.amazon.com/connect/latest/adminguide/set-customer-queue-flow.html
  CustomerQueue: CONTACT_AND_TRANSFER,
  // Set hold flow: https://docs.aws.amazon.com/connect/latest/adminguide/set-hold-flow.html
  CustomerHold: [...CONTACT_TRANSFER_QUEUE, 'OUTBOUND_WHISPER'],
  AgentHold: [...CONTACT_TRANSFER_QUEUE, 'OUTBOUND_WHISPER'],
  // Set whisper flow: https://docs.aws.amazon.com/connect/latest/adminguide/set-whisper-flow.html
  CustomerWhisper: CONTACT_TRANSFER_QUEUE,
  AgentWhisper: CONTACT_TRANSFER_QUEUE,
  // Set disconnect flow: https://docs.aws.amazon.com/connect/latest/adminguide/set-disconnect-flow.html
  CustomerRemaining: ALL_FLOW_TYPES,
};

const always =
  (...errors: string[]) =>
  (): readonly string[] =>
    errors;
const continues = (): ActionKind => 'continue';
const NO_MATCH = ['NoMatchingError'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
export const isTrue = (value: unknown): boolean => String(value).toLowerCase() === 'true';
export const isFalse = (value: unknown): boolean => String(value).toLowerCase() === 'false';
/** An integer (as a JSON number or a decimal string) within [min, max]. */
export const intIn = (value: unknown, min: number, max: number): boolean => {
  const text = str(value);
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= min && n <= max;
};
const SINGLE_JSONPATH = /^\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+|\[[^\]]*\])*$/;
export const isJsonPath = (value: unknown): boolean =>
  typeof value === 'string' && SINGLE_JSONPATH.test(value);
/** A whole-value `${city:…}` placeholder: a config value the CDK app (and the simulator) fills in. */
const isCityPlaceholder = (value: unknown): boolean =>
  typeof value === 'string' && /^\$\{city:[A-Za-z]+\}$/.test(value);

const problems = (...checks: Array<[boolean, string]>): string[] =>
  checks.filter(([ok]) => !ok).map(([, message]) => message);

const oneSource = (p: Record<string, unknown>): [boolean, string] => {
  const sources = ['Text', 'SSML', 'PromptId'].filter((key) => p[key] !== undefined);
  return [
    sources.length === 1 || (sources.length === 0 && p.Media !== undefined),
    'exactly one of Text, SSML or PromptId (or Media) is required',
  ];
};
const atMostOneSource = (p: Record<string, unknown>): [boolean, string] => [
  ['Text', 'SSML', 'PromptId'].filter((key) => p[key] !== undefined).length <= 1,
  'at most one of Text, SSML or PromptId',
];
const queueOrAgent = (p: Record<string, unknown>): [boolean, string] => [
  p.QueueId === undefined || p.AgentId === undefined,
  'QueueId and AgentId exclude each other',
];

const action = (slug: string): string => `${DEV}/${slug}.html`;
const block = (slug: string): string => `${ADMIN}/${slug}.html`;

export const ACTION_CATALOG: Readonly<Record<string, ActionSpec>> = {
  MessageParticipant: {
    block: 'Play prompt',
    docs: [action('participant-actions-messageparticipant'), block('play')],
    category: 'participant',
    // "supported in contact flows, transfer flows, whisper flows, and customer queue flows. It is
    // not supported in hold flows."
    flowTypes: [...CONTACT_TRANSFER_QUEUE, ...WHISPERS],
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    speaks: true,
    parameterProblems: (p) => problems(oneSource(p)),
  },
  MessageParticipantIteratively: {
    block: 'Loop prompts',
    docs: [action('participant-actions-messageparticipantiteratively'), block('loop-prompts')],
    category: 'participant',
    // "This action is supported in Customer Queue, Customer Hold, and Agent Hold flows."
    flowTypes: ['CUSTOMER_QUEUE', ...HOLDS],
    // NoMatchingError is listed but not required; console exports of hold flows omit it.
    requiredErrors: always(),
    allowedErrors: NO_MATCH,
    conditions: { operators: ['Equals'], operands: ['MessagesInterrupted'] },
    // The loop holds the participant until the flow is interrupted: a hold flow may end in it.
    kind: (a) => (typeof a.Transitions?.NextAction === 'string' ? 'continue' : 'end'),
    speaks: true,
    parameterProblems: (p) =>
      problems(
        [Array.isArray(p.Messages) && p.Messages.length > 0, 'Messages must be a non-empty list'],
        [
          p.InterruptFrequencySeconds === undefined || intIn(p.InterruptFrequencySeconds, 1, 86_400),
          'InterruptFrequencySeconds must be a positive integer',
        ],
      ),
  },
  GetParticipantInput: {
    block: 'Get customer input / Store customer input',
    docs: [
      action('participant-actions-getparticipantinput'),
      block('get-customer-input'),
      block('store-customer-input'),
    ],
    category: 'participant',
    // "can be used in contact flows, transfer flows, and customer queue flows but not in whisper
    // flows or hold flows".
    flowTypes: CONTACT_TRANSFER_QUEUE,
    // NoMatchingError "Must always be defined"; InvalidPhoneNumber "only if StoreInput is true, and
    // PhoneNumberValidation is specified". Timeout and no-match handling depend on StoreInput
    // (rule input-handling).
    requiredErrors: (a) =>
      isTrue(a.Parameters?.StoreInput) &&
      isRecord(a.Parameters?.InputValidation) &&
      'PhoneNumberValidation' in a.Parameters.InputValidation
        ? ['NoMatchingError', 'InvalidPhoneNumber']
        : ['NoMatchingError'],
    allowedErrors: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded', 'InvalidPhoneNumber'],
    conditions: { operators: ['Equals'] },
    kind: continues,
    speaks: true,
    parameterProblems: (p) => problems(atMostOneSource(p)),
  },
  DisconnectParticipant: {
    block: 'Disconnect / hang up',
    docs: [action('participant-actions-disconnectparticipant'), block('disconnect-hang-up')],
    category: 'participant',
    flowTypes: CONTACT_TRANSFER_QUEUE,
    requiredErrors: always(),
    allowedErrors: [],
    kind: () => 'end',
  },
  InvokeLambdaFunction: {
    block: 'Invoke AWS Lambda function',
    docs: [action('interactions-invokelambdafunction'), block('invoke-lambda-function-block')],
    category: 'interaction',
    // Block page: every flow type but the outbound whisper flow.
    flowTypes: ALL_FLOW_TYPES.filter((t) => t !== 'OUTBOUND_WHISPER'),
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) =>
      problems(
        [
          p.InvocationType === undefined ||
            ['SYNCHRONOUS', 'ASYNCHRONOUS'].includes(String(p.InvocationType)),
          'InvocationType must be SYNCHRONOUS or ASYNCHRONOUS',
        ],
        [
          p.LambdaInvocationAttributes === undefined ||
            (isRecord(p.LambdaInvocationAttributes) &&
              Object.values(p.LambdaInvocationAttributes).every((v) => typeof v === 'string')),
          'LambdaInvocationAttributes must map names to strings',
        ],
      ),
  },
  UpdateContactAttributes: {
    block: 'Set contact attributes',
    docs: [action('contact-actions-updatecontactattributes'), block('set-contact-attributes')],
    category: 'contact',
    flowTypes: ALL_FLOW_TYPES,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) =>
      problems(
        [
          isRecord(p.Attributes) &&
            Object.keys(p.Attributes).length > 0 &&
            Object.values(p.Attributes).every((v) => typeof v === 'string'),
          'Attributes must map names to strings',
        ],
        [
          p.TargetContact === undefined || ['Current', 'Related'].includes(String(p.TargetContact)),
          'TargetContact must be Current or Related',
        ],
      ),
  },
  Compare: {
    block: 'Check contact attributes',
    docs: [action('flow-control-actions-compare'), block('check-contact-attributes')],
    category: 'flow-control',
    flowTypes: ALL_FLOW_TYPES,
    requiredErrors: always('NoMatchingCondition'),
    allowedErrors: ['NoMatchingCondition'],
    conditions: { operators: OPERATORS },
    kind: continues,
    parameterProblems: (p) =>
      problems([isJsonPath(p.ComparisonValue), 'ComparisonValue must be a single JSONPath']),
  },
  CheckHoursOfOperation: {
    block: 'Check hours of operation',
    docs: [action('flow-control-actions-checkhoursofoperation'), block('check-hours-of-operation')],
    category: 'flow-control',
    flowTypes: CONTACT_TRANSFER_QUEUE,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    conditions: { operators: ['Equals'], operands: ['True', 'False'] },
    kind: continues,
  },
  UpdateContactTargetQueue: {
    block: 'Set working queue',
    docs: [action('contact-actions-updatecontacttargetqueue'), block('set-working-queue')],
    category: 'contact',
    flowTypes: CONTACT_AND_TRANSFER,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) => problems(queueOrAgent(p)),
  },
  TransferContactToQueue: {
    block: 'Transfer to queue',
    docs: [action('contact-actions-transfercontacttoqueue'), block('transfer-to-queue')],
    category: 'contact',
    flowTypes: CONTACT_TRANSFER_QUEUE,
    requiredErrors: always('QueueAtCapacity', 'NoMatchingError'),
    allowedErrors: ['QueueAtCapacity', 'NoMatchingError'],
    kind: () => 'transfer',
  },
  TransferContactToAgent: {
    block: 'Transfer to agent (beta)',
    docs: [action('contact-actions-transfercontacttoagent'), block('transfer-to-agent-block')],
    category: 'contact',
    // "This action is supported in only transfer to agent and transfer to queue flows."
    flowTypes: TRANSFERS,
    requiredErrors: always(),
    allowedErrors: [],
    kind: () => 'end',
  },
  UpdatePreviousContactParticipantState: {
    block: 'Hold customer or agent',
    docs: [action('contact-actions-updatepreviouscontactparticipantstate'), block('hold-customer-agent')],
    category: 'contact',
    // "This action is supported only in inbound contact flows and transfer flows."
    flowTypes: CONTACT_AND_TRANSFER,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) =>
      problems([
        ['AgentOnHold', 'CustomerOnHold', 'OffHold'].includes(String(p.PreviousContactParticipantState)),
        'PreviousContactParticipantState must be AgentOnHold, CustomerOnHold or OffHold',
      ]),
  },
  UpdateContactEventHooks: {
    block: 'Set customer queue flow / Set hold flow / Set whisper flow / Set disconnect flow',
    docs: [
      action('contact-actions-updatecontacteventhooks'),
      block('set-customer-queue-flow'),
      block('set-hold-flow'),
      block('set-whisper-flow'),
      block('set-disconnect-flow'),
    ],
    category: 'contact',
    flowTypes: (a) => {
      const hooks = isRecord(a.Parameters?.EventHooks) ? Object.keys(a.Parameters.EventHooks) : [];
      const hook = hooks[0];
      return (hook ? HOOK_FLOW_TYPES[hook] : undefined) ?? ALL_FLOW_TYPES;
    },
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) => {
      const hooks = isRecord(p.EventHooks) ? Object.keys(p.EventHooks) : [];
      return problems(
        [hooks.length === 1, 'EventHooks must hold exactly one entry'],
        ...hooks.map((key): [boolean, string] => [
          (EVENT_HOOK_KEYS as readonly string[]).includes(key),
          `unknown event hook ${key}`,
        ]),
      );
    },
  },
  UpdateContactTextToSpeechVoice: {
    block: 'Set voice',
    docs: [action('contact-actions-updatecontacttexttospeechvoice'), block('set-voice')],
    category: 'contact',
    flowTypes: ALL_FLOW_TYPES,
    // The reference lists NoMatchingError; console exports omit it on many Set voice blocks.
    requiredErrors: always(),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) =>
      problems(
        [
          typeof p.TextToSpeechVoice === 'string' && p.TextToSpeechVoice !== '',
          'TextToSpeechVoice is required',
        ],
        [
          p.TextToSpeechEngine === undefined ||
            isJsonPath(p.TextToSpeechEngine) ||
            ['neural', 'standard', 'generative'].includes(String(p.TextToSpeechEngine).toLowerCase()),
          'TextToSpeechEngine must be Neural, Standard or Generative',
        ],
      ),
  },
  UpdateFlowLoggingBehavior: {
    block: 'Set logging behavior',
    docs: [action('flow-control-actions-updateflowloggingbehavior'), block('set-logging-behavior')],
    category: 'flow-control',
    flowTypes: ALL_FLOW_TYPES,
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
    parameterProblems: (p) =>
      problems([
        ['Enabled', 'Disabled'].includes(String(p.FlowLoggingBehavior)),
        'FlowLoggingBehavior must be Enabled or Disabled',
      ]),
  },
  UpdateContactRecordingBehavior: {
    block: 'Set recording and analytics behavior',
    docs: [action('contact-actions-updatecontactrecordingbehavior'), block('set-recording-behavior')],
    category: 'contact',
    flowTypes: [...CONTACT_TRANSFER_QUEUE, 'OUTBOUND_WHISPER'],
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
  },
  UpdateContactRecordingAndAnalyticsBehavior: {
    block: 'Set recording, analytics and processing behavior',
    docs: [
      action('contact-actions-updatecontactrecordingandanalyticsbehavior'),
      block('set-recording-analytics-processing-behavior'),
    ],
    category: 'contact',
    // The action page has no Restrictions section.
    flowTypes: undefined,
    requiredErrors: always('NoMatchingError', 'ChannelMismatch'),
    allowedErrors: ['NoMatchingError', 'ChannelMismatch', 'InFlightRedactionConfigurationFailed'],
    kind: continues,
  },
  UpdateContactRoutingBehavior: {
    block: 'Change routing priority / age',
    docs: [action('contact-actions-updatecontactroutingbehavior'), block('change-routing-priority')],
    category: 'contact',
    // Action page: "supported only in inbound contact flows".
    flowTypes: [CONTACT],
    requiredErrors: always(),
    allowedErrors: [],
    kind: continues,
    parameterProblems: (p) =>
      problems(
        [
          p.QueuePriority === undefined || p.QueueTimeAdjustmentSeconds === undefined,
          'QueuePriority and QueueTimeAdjustmentSeconds exclude each other',
        ],
        [
          p.QueuePriority === undefined || intIn(p.QueuePriority, 1, Number.MAX_SAFE_INTEGER),
          'QueuePriority must be a positive integer',
        ],
      ),
  },
  UpdateContactCallbackNumber: {
    block: 'Set callback number',
    docs: [action('contact-actions-updatecontactcallbacknumber'), block('set-callback-number')],
    category: 'contact',
    // "supported only in contact flows, transfer flows, and customer queue flows".
    flowTypes: CONTACT_TRANSFER_QUEUE,
    requiredErrors: always('InvalidCallbackNumber', 'CallbackNumberNotDialable'),
    allowedErrors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable', 'NoMatchingError'],
    kind: continues,
    parameterProblems: (p) =>
      problems([
        isJsonPath(p.CallbackNumber),
        'CallbackNumber must be a single JSONPath (it cannot be static)',
      ]),
  },
  CreateCallbackContact: {
    block: 'Transfer to queue (Transfer to callback queue)',
    docs: [action('interactions-createcallbackcontact'), block('transfer-to-queue')],
    category: 'interaction',
    // "supported in contact flows, transfer flows, and customer queue flows".
    flowTypes: CONTACT_TRANSFER_QUEUE,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) =>
      problems(
        queueOrAgent(p),
        [intIn(p.InitialCallDelaySeconds, 1, 259_200), 'InitialCallDelaySeconds must be 1-259200'],
        [
          intIn(p.MaximumConnectionAttempts, 1, 1_000),
          'MaximumConnectionAttempts must be a positive integer',
        ],
        [intIn(p.RetryDelaySeconds, 1, 259_200), 'RetryDelaySeconds must be 1-259200'],
      ),
  },
  TransferToFlow: {
    block: 'Transfer to flow',
    docs: [action('flow-control-actions-transfertoflow'), block('transfer-to-flow')],
    category: 'flow-control',
    flowTypes: CONTACT_AND_TRANSFER,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: () => 'transfer',
    parameterProblems: (p) =>
      problems([typeof p.ContactFlowId === 'string' && p.ContactFlowId !== '', 'ContactFlowId is required']),
  },
  TransferParticipantToThirdParty: {
    block: 'Transfer to phone number',
    docs: [action('interactions-transferparticipanttothirdparty'), block('transfer-to-phone-number')],
    category: 'interaction',
    flowTypes: CONTACT_TRANSFER_QUEUE,
    // With ContinueFlowExecution not "False" the flow resumes, so no-answer and failure must be handled.
    requiredErrors: (a) =>
      isFalse(a.Parameters?.ContinueFlowExecution)
        ? ['NoMatchingError']
        : ['ConnectionTimeLimitExceeded', 'CallFailed', 'NoMatchingError'],
    allowedErrors: ['ConnectionTimeLimitExceeded', 'CallFailed', 'NoMatchingError'],
    kind: (a) => (isFalse(a.Parameters?.ContinueFlowExecution) ? 'transfer' : 'continue'),
    parameterProblems: (p) =>
      problems(
        [
          typeof p.ThirdPartyPhoneNumber === 'string' && p.ThirdPartyPhoneNumber !== '',
          'ThirdPartyPhoneNumber is required',
        ],
        [
          p.ThirdPartyConnectionTimeLimitSeconds === undefined ||
            intIn(p.ThirdPartyConnectionTimeLimitSeconds, 0, 600) ||
            isJsonPath(p.ThirdPartyConnectionTimeLimitSeconds),
          'ThirdPartyConnectionTimeLimitSeconds must be 0-600',
        ],
        [
          p.ContinueFlowExecution === undefined ||
            ['True', 'False'].includes(String(p.ContinueFlowExecution)),
          'ContinueFlowExecution must be "True" or "False"',
        ],
      ),
  },
  EndFlowExecution: {
    block: 'End flow / Resume',
    docs: [action('flow-control-actions-endflowexecution'), block('end-flow-resume')],
    category: 'flow-control',
    flowTypes: ['CUSTOMER_QUEUE', ...WHISPERS],
    requiredErrors: always(),
    allowedErrors: [],
    kind: () => 'end',
  },
  Loop: {
    block: 'Loop',
    docs: [action('flow-control-actions-loop'), block('loop')],
    category: 'flow-control',
    flowTypes: ALL_FLOW_TYPES,
    // "Errors: None" on the action page; the block has an Error branch and exports may carry one.
    requiredErrors: always(),
    allowedErrors: NO_MATCH,
    conditions: { operators: ['Equals'], operands: ['ContinueLooping', 'DoneLooping'] },
    kind: continues,
    parameterProblems: (p) =>
      problems([
        intIn(p.LoopCount, 0, 100) || isJsonPath(p.LoopCount) || isCityPlaceholder(p.LoopCount),
        'LoopCount must be 0-100, a JSONPath or a ${city:…} config placeholder',
      ]),
  },
  Wait: {
    block: 'Wait',
    docs: [action('flow-control-actions-wait'), block('wait')],
    category: 'flow-control',
    // Action page: every type of flow (chat only); block page: inbound and customer queue flows.
    flowTypes: ['CONTACT_FLOW', 'CUSTOMER_QUEUE'],
    requiredErrors: always('NoMatchingError'),
    allowedErrors: ['NoMatchingError', 'ParticipantNotFound'],
    conditions: { operators: ['Equals'] },
    kind: continues,
  },
  GetMetricData: {
    block: 'Get queue metrics',
    docs: [action('flow-control-actions-getmetricdata'), block('get-queue-metrics')],
    category: 'flow-control',
    // "This action is available in every type of flow."
    flowTypes: ALL_FLOW_TYPES,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) => problems(queueOrAgent(p)),
  },
  CheckMetricData: {
    block: 'Check staffing / Check queue status',
    docs: [
      action('flow-control-actions-checkmetricdata'),
      block('check-staffing'),
      block('check-queue-status'),
    ],
    category: 'flow-control',
    // "only usable in flows, queue and agent transfers, and customer queue flows".
    flowTypes: CONTACT_TRANSFER_QUEUE,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: ['NoMatchingError', 'NoMatchingCondition'],
    conditions: { operators: OPERATORS },
    kind: continues,
    parameterProblems: (p) =>
      problems(queueOrAgent(p), [
        [
          'NumberOfAgentsAvailable',
          'NumberOfAgentsStaffed',
          'NumberOfAgentsOnline',
          'OldestContactInQueueAgeSeconds',
          'NumberOfContactsInQueue',
        ].includes(String(p.MetricType)),
        `unknown MetricType ${String(p.MetricType)}`,
      ]),
  },
  TagContact: {
    block: 'Contact tags',
    docs: [action('contact-actions-tagcontact'), block('contact-tags-block')],
    category: 'contact',
    // "This can be used in any type of flow and any channel."
    flowTypes: ALL_FLOW_TYPES,
    requiredErrors: always('NoMatchingError'),
    allowedErrors: NO_MATCH,
    kind: continues,
    parameterProblems: (p) => problems([isRecord(p.Tags), 'Tags must be an object']),
  },
};

export const ACTION_TYPES: readonly string[] = Object.keys(ACTION_CATALOG);

/** The flow types the docs allow an action in (`undefined`: not restricted, or not documented). */
export const flowTypesOf = (a: FlowAction): readonly ConnectFlowType[] | undefined => {
  const spec = ACTION_CATALOG[a.Type];
  if (!spec) return undefined;
  return typeof spec.flowTypes === 'function' ? spec.flowTypes(a) : spec.flowTypes;
};

/** The first doc URL of an action type (its Flow-language page), for messages. */
export const docOf = (type: string): string | undefined => ACTION_CATALOG[type]?.docs[0];
