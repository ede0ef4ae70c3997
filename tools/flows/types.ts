/**
 * Shared shapes of the Amazon Connect Flow language (Version "2019-10-30") as minwon365 uses it.
 * The linter, the diagram renderer and the offline simulator all read flows through `parseFlow`.
 */

import { type ConnectFlowType, FLOW_TYPES, isFlowName } from '#infra/connect/flow-catalog';

export const FLOW_LANGUAGE_VERSION = '2019-10-30';

/** Metadata.type as console exports spell the flow type. */
const METADATA_FLOW_TYPES: Readonly<Record<string, ConnectFlowType>> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentHold: 'AGENT_HOLD',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
};

/**
 * A flow's Connect type when it can be known without being told: our catalog by file name
 * (infra/connect/flow-catalog.ts), else the console export's `Metadata.type`.
 */
export const declaredFlowType = (name: string, metadata: unknown): ConnectFlowType | undefined => {
  if (isFlowName(name)) return FLOW_TYPES[name];
  const type = isRecord(metadata) ? metadata.type : undefined;
  return typeof type === 'string' ? METADATA_FLOW_TYPES[type] : undefined;
};

export interface FlowCondition {
  Operator: string;
  Operands: unknown[];
}

export interface FlowConditionTransition {
  NextAction: string;
  Condition: FlowCondition;
}

export interface FlowErrorTransition {
  NextAction: string;
  ErrorType: string;
}

export interface FlowTransitions {
  NextAction?: string;
  Conditions?: FlowConditionTransition[];
  Errors?: FlowErrorTransition[];
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: FlowTransitions;
}

export interface FlowDocument {
  Version: string;
  StartAction: string;
  Actions: FlowAction[];
  Metadata?: Record<string, unknown>;
}

/** One outgoing edge of an action, in the order Connect evaluates them. */
export interface FlowEdge {
  kind: 'next' | 'condition' | 'error';
  target: string;
  /** Condition operator and first operand, or the error type. */
  label: string;
  operator?: string;
  operand?: string;
}

export class FlowParseError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses flow JSON text. Throws `FlowParseError` when the text is not JSON or the top-level
 * shape is not a flow (no `Actions` array). Individual actions are not validated here: the
 * linter reports their problems one by one.
 */
export const parseFlow = (text: string): FlowDocument => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FlowParseError(`not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(raw)) throw new FlowParseError('a flow must be a JSON object');
  if (!Array.isArray(raw.Actions)) throw new FlowParseError('a flow needs an "Actions" array');
  return raw as unknown as FlowDocument;
};

/** Every outgoing edge of an action: NextAction, then Conditions in order, then Errors. */
export const edgesOf = (action: FlowAction): FlowEdge[] => {
  const transitions: FlowTransitions = isRecord(action.Transitions) ? action.Transitions : {};
  const edges: FlowEdge[] = [];
  if (typeof transitions.NextAction === 'string') {
    edges.push({ kind: 'next', target: transitions.NextAction, label: 'NextAction' });
  }
  for (const entry of Array.isArray(transitions.Conditions) ? transitions.Conditions : []) {
    if (!isRecord(entry)) continue;
    const condition = isRecord(entry.Condition) ? entry.Condition : undefined;
    const operator = typeof condition?.Operator === 'string' ? condition.Operator : '?';
    const operands = Array.isArray(condition?.Operands) ? condition.Operands : [];
    const operand = operands.length > 0 ? String(operands[0]) : '';
    edges.push({
      kind: 'condition',
      target: String(entry.NextAction),
      label: `${operator} ${operand}`,
      operator,
      operand,
    });
  }
  for (const entry of Array.isArray(transitions.Errors) ? transitions.Errors : []) {
    if (!isRecord(entry)) continue;
    edges.push({ kind: 'error', target: String(entry.NextAction), label: String(entry.ErrorType) });
  }
  return edges;
};

export const errorTypesOf = (action: FlowAction): string[] =>
  edgesOf(action)
    .filter((edge) => edge.kind === 'error')
    .map((edge) => edge.label);

export const conditionsOf = (action: FlowAction): FlowEdge[] =>
  edgesOf(action).filter((edge) => edge.kind === 'condition');
