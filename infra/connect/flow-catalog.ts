/**
 * The minwon365 flow catalog: which files exist in contact-flows/, which Connect flow type each one
 * is created as (`AWS::Connect::ContactFlow` `Type`), their titles, and which placeholders the CDK
 * app replaces at synth (infra/connect/flow-content.ts). Deploy code (the ContactFlows stack) and
 * the dev tools (linter, diagrams, simulator) read it from here; infra never imports tools/.
 *
 * Placeholders are written `${kind:name}` inside any string of a flow file.
 */

/**
 * Connect flow types as `CreateContactFlow` / `AWS::Connect::ContactFlow` spell them; the nine
 * types of "Choose a flow type"
 * (https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html#contact-flow-types).
 */
export const CONNECT_FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
] as const;

export type ConnectFlowType = (typeof CONNECT_FLOW_TYPES)[number];

export const isConnectFlowType = (value: string): value is ConnectFlowType =>
  (CONNECT_FLOW_TYPES as readonly string[]).includes(value);

export const FLOW_NAMES = [
  'inbound',
  'customer-queue',
  'customer-hold',
  'agent-whisper',
  'transfer-to-department',
  'after-hours',
  'abuse-warning',
  'abuse-warning-end',
  'post-call-survey',
] as const;

export type FlowName = (typeof FLOW_NAMES)[number];

export const FLOW_TYPES: Readonly<Record<FlowName, ConnectFlowType>> = {
  inbound: 'CONTACT_FLOW',
  'customer-queue': 'CUSTOMER_QUEUE',
  'customer-hold': 'CUSTOMER_HOLD',
  'agent-whisper': 'AGENT_WHISPER',
  // Queue quick connects run a "Transfer to queue" flow (quick connect scenarios:
  // https://docs.aws.amazon.com/connect/latest/adminguide/how-quick-connects-work.html).
  'transfer-to-department': 'QUEUE_TRANSFER',
  'after-hours': 'CONTACT_FLOW',
  'abuse-warning': 'QUEUE_TRANSFER',
  'abuse-warning-end': 'QUEUE_TRANSFER',
  // A disconnect flow ("Set disconnect flow" → EventHooks.CustomerRemaining) is a contact flow.
  'post-call-survey': 'CONTACT_FLOW',
};

/** Manager-facing titles and one-line purposes, used by the diagrams and the docs. */
export const FLOW_TITLES: Readonly<Record<FlowName, { ko: string; en: string; purpose: string }>> = {
  inbound: {
    ko: '대표번호 인입',
    en: 'Inbound (all entry numbers)',
    purpose: 'Greeting, notices, caller lookup, hours check and the main IVR menu.',
  },
  'customer-queue': {
    ko: '상담 대기',
    en: 'Customer queue',
    purpose: 'What callers hear while they wait, and the queued-callback offer.',
  },
  'customer-hold': {
    ko: '통화 보류 안내',
    en: 'Customer hold',
    purpose: 'What the caller hears on hold, e.g. while the counselor consults a department.',
  },
  'agent-whisper': {
    ko: '상담사 귓속말 안내',
    en: 'Agent whisper',
    purpose: 'Tells the counselor the entry number and the chosen category before the call connects.',
  },
  'transfer-to-department': {
    ko: '담당 부서 연결',
    en: 'Transfer to department (quick connects)',
    purpose:
      'Conferences the caller in, announces the department, then queues or dials it; a call-back ticket read to the caller when nobody can answer.',
  },
  'after-hours': {
    ko: '상담 시간 외 안내',
    en: 'After hours',
    purpose: 'Opening hours, ticket status and callback requests when the center is closed.',
  },
  'abuse-warning': {
    ko: '폭언 경고 안내',
    en: 'Abuse warning (counselor quick connect)',
    purpose: 'Conferences the caller in and plays the legal warning; the counselor continues the call.',
  },
  'abuse-warning-end': {
    ko: '폭언 경고 후 종료',
    en: 'Abuse warning and end (counselor quick connect, as a transfer)',
    purpose: 'The final legal notice to the caller, then the call ends.',
  },
  'post-call-survey': {
    ko: '만족도 조사',
    en: 'Post-call survey (disconnect flow)',
    purpose: 'Satisfaction 1–5 by keypad after the counselor hangs up, stored as surveyScore.',
  },
};

/** Lambda functions flows may invoke (`${fn:<name>}`); the CDK app associates each with the instance. */
export const FUNCTION_NAMES = ['lookup', 'intake', 'escalation'] as const;

/**
 * Known placeholder names per kind. `flow` names are the flow file names. `city` holds texts from
 * the city config (infra/config/flow-texts.ts): `ko` is the city's Korean name, `hoursKo` the
 * opening hours as one Korean phrase, `callbackOfferLoops` the hold-message rounds before the
 * call-back offer.
 */
export const PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  fn: FUNCTION_NAMES,
  queue: ['counselors'],
  hours: ['main'],
  flow: FLOW_NAMES,
  city: ['ko', 'hoursKo', 'callbackOfferLoops'],
  // Generated from the city config (infra/connect/entry-point-routing.ts).
  gen: ['entryPointConditions', 'entryPointActions'],
};

export const isFlowName = (value: string): value is FlowName =>
  (FLOW_NAMES as readonly string[]).includes(value);
