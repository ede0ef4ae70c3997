/**
 * Flow linter for Amazon Connect Flow language files (Version "2019-10-30").
 *
 * `lintFlow` is a pure function over a parsed flow; `lintFlowText` / `lintFlowFile` add parsing
 * and file handling. The same rules run on the files in contact-flows/ (placeholders allowed) and
 * on synthesized content (`synthesized: true`: no placeholder may remain and every Lambda ARN must
 * be one of `lambdaArns`, the functions associated with the instance).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ACTION_SPECS, EVENT_HOOK_KEYS } from './action-specs';
import { type ConnectFlowType, FLOW_TYPES, FUNCTION_NAMES, isFlowName } from './catalog';
import { findPlaceholders, hasMalformedPlaceholder, isKnownPlaceholder, visitStrings } from './placeholders';
import { checkSsml, ssmlToText } from './ssml';
import {
  conditionsOf,
  edgesOf,
  errorTypesOf,
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowDocument,
  FlowParseError,
  parseFlow,
} from './types';

export const RULES = {
  parse: 'the file is JSON with an Actions array',
  structure: 'every action has a string Identifier and Type and object Parameters and Transitions',
  version: `Version is "${FLOW_LANGUAGE_VERSION}"`,
  'identifier-unique': 'action identifiers are unique',
  'identifier-length': 'action identifiers are at most 50 characters',
  'identifier-chars': 'action identifiers use allowed characters only',
  'start-action': 'StartAction names an action',
  'next-action': 'every NextAction (plain, condition, error) names an action',
  unreachable: 'every action is reachable from StartAction',
  'max-actions': 'a flow has at most 250 actions',
  'unknown-type': 'the action type is one the linter (and the simulator) knows',
  'flow-type': 'the action type is allowed in the flow type',
  'required-errors': "the action declares its type's required error branches",
  'error-type': 'the action declares only error types its type supports',
  conditions: 'conditions are supported by the type and use valid operators and operands',
  'hours-branches': 'CheckHoursOfOperation has exactly the True and False conditions',
  'input-handling': 'GetParticipantInput handles timeout and no-match',
  'lambda-timeout': 'InvokeLambdaFunction time limit is an integer from 1 to 8 seconds',
  'lambda-target': 'InvokeLambdaFunction targets an associated function',
  'path-end': 'every path ends in a transfer, a disconnect or the end of the flow',
  'korean-text': 'customer-facing text is Korean',
  ssml: 'SSML is well-formed',
  placeholder: 'placeholders are known (and, after synth, all replaced)',
  parameters: 'action parameters have valid values',
} as const;

export type RuleId = keyof typeof RULES;

export interface LintMessage {
  file: string;
  /** Action identifier, or undefined for a flow-level finding. */
  action?: string;
  rule: RuleId;
  message: string;
}

export interface LintOptions {
  /** Name used in messages; defaults to "<flow>". */
  file?: string;
  /** Connect flow type; by default from the file name (catalog.ts) or Metadata.type. */
  flowType?: ConnectFlowType;
  /** Lint synthesized content: no placeholders may remain; Lambda ARNs must be in `lambdaArns`. */
  synthesized?: boolean;
  /** ARNs of the Lambda functions associated with the instance (synthesized mode). */
  lambdaArns?: readonly string[];
}

export const MAX_ACTIONS = 250;
export const MAX_IDENTIFIER_LENGTH = 50;
const FORBIDDEN_IDENTIFIER_CHARS = /[%:()\\/=$,;[\]{}]/;
const RESERVED_IDENTIFIERS = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);
const OPERATORS = new Set([
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
]);
const CONDITION_TYPES = new Set([
  'Compare',
  'CheckHoursOfOperation',
  'GetParticipantInput',
  'Loop',
  'MessageParticipantIteratively',
  'CheckMetricData',
]);
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
const JSONPATH = /\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+|\[[^\]]*\])*/g;
const HAS_JSONPATH = /\$\.[A-Za-z0-9_]/;
const SINGLE_JSONPATH = /^\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+|\[[^\]]*\])*$/;
const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/;
const LATIN = /[A-Za-z]/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_.-]+(?::[A-Za-z0-9_$-]+)?$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const intIn = (value: unknown, min: number, max: number): boolean => {
  const text = str(value);
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= min && n <= max;
};
const isJsonPath = (value: unknown): boolean => typeof value === 'string' && SINGLE_JSONPATH.test(value);
/** A whole-value `${city:…}` placeholder: a config value the CDK app (and the simulator) fills in. */
const isCityPlaceholder = (value: unknown): boolean =>
  typeof value === 'string' && /^\$\{city:[A-Za-z]+\}$/.test(value);

/** Customer-facing texts of an action: [parameter path, text, isSsml]. */
export const spokenTexts = (action: FlowAction): Array<[string, string, boolean]> => {
  const out: Array<[string, string, boolean]> = [];
  const params = isRecord(action.Parameters) ? action.Parameters : {};
  const collect = (holder: Record<string, unknown>, prefix: string) => {
    if (typeof holder.Text === 'string') out.push([`${prefix}Text`, holder.Text, false]);
    if (typeof holder.SSML === 'string') out.push([`${prefix}SSML`, holder.SSML, true]);
  };
  if (action.Type === 'MessageParticipantIteratively') {
    const messages = Array.isArray(params.Messages) ? params.Messages : [];
    messages.forEach((message, index) => {
      if (isRecord(message)) collect(message, `Messages[${index}].`);
    });
  } else if (ACTION_SPECS[action.Type]?.speaks) {
    collect(params, '');
  }
  return out;
};

/** Text as the caller hears it, with dynamic parts (JSONPath, placeholders) removed. */
const staticWords = (text: string, ssml: boolean): string =>
  (ssml ? ssmlToText(text) : text)
    .replace(/\$\{[^}]*\}/g, ' ')
    .replace(JSONPATH, ' ')
    .trim();

const resolveFlowType = (flow: FlowDocument, options: LintOptions): ConnectFlowType | undefined => {
  if (options.flowType) return options.flowType;
  const name = options.file ? basename(options.file).replace(/\.json$/, '') : '';
  if (isFlowName(name)) return FLOW_TYPES[name];
  const metaType = isRecord(flow.Metadata) ? flow.Metadata.type : undefined;
  return typeof metaType === 'string' ? METADATA_FLOW_TYPES[metaType] : undefined;
};

export const lintFlow = (flow: FlowDocument, options: LintOptions = {}): LintMessage[] => {
  const file = options.file ?? '<flow>';
  const messages: LintMessage[] = [];
  const report = (action: string | undefined, rule: RuleId, message: string) =>
    messages.push({ file, action, rule, message });

  if (flow.Version !== FLOW_LANGUAGE_VERSION) {
    report(
      undefined,
      'version',
      `Version is ${JSON.stringify(flow.Version)}; expected "${FLOW_LANGUAGE_VERSION}"`,
    );
  }
  const actions = Array.isArray(flow.Actions) ? flow.Actions : [];
  if (actions.length > MAX_ACTIONS) {
    report(undefined, 'max-actions', `${actions.length} actions; Connect allows at most ${MAX_ACTIONS}`);
  }

  // Structure and identifiers.
  const byId = new Map<string, FlowAction>();
  const wellFormed: FlowAction[] = [];
  actions.forEach((raw, index) => {
    const action = raw as Partial<FlowAction> | null;
    const id = typeof action?.Identifier === 'string' ? action.Identifier : undefined;
    const problems: string[] = [];
    if (!isRecord(action)) problems.push('is not an object');
    else {
      if (id === undefined) problems.push('has no string Identifier');
      if (typeof action.Type !== 'string') problems.push('has no string Type');
      if (!isRecord(action.Parameters)) problems.push('has no Parameters object');
      if (!isRecord(action.Transitions)) problems.push('has no Transitions object');
    }
    if (problems.length > 0) {
      report(id ?? `#${index}`, 'structure', `action ${problems.join(', ')}`);
      if (id !== undefined && isRecord(action)) byId.set(id, action as FlowAction);
      return;
    }
    const valid = action as FlowAction;
    if (byId.has(valid.Identifier)) {
      report(valid.Identifier, 'identifier-unique', 'another action has the same Identifier');
    } else {
      byId.set(valid.Identifier, valid);
    }
    if ([...valid.Identifier].length > MAX_IDENTIFIER_LENGTH) {
      report(
        valid.Identifier,
        'identifier-length',
        `Identifier is ${[...valid.Identifier].length} characters; max ${MAX_IDENTIFIER_LENGTH}`,
      );
    }
    if (
      valid.Identifier === '' ||
      FORBIDDEN_IDENTIFIER_CHARS.test(valid.Identifier) ||
      RESERVED_IDENTIFIERS.has(valid.Identifier)
    ) {
      report(
        valid.Identifier,
        'identifier-chars',
        'Identifier is empty, reserved, or uses one of % : ( \\ / ) = $ , ; [ ] { }',
      );
    }
    wellFormed.push(valid);
  });

  // Transitions resolve.
  const startResolves = typeof flow.StartAction === 'string' && byId.has(flow.StartAction);
  if (!startResolves) {
    report(undefined, 'start-action', `StartAction ${JSON.stringify(flow.StartAction)} names no action`);
  }
  for (const action of byId.values()) {
    for (const edge of edgesOf(action)) {
      if (!byId.has(edge.target)) {
        report(
          action.Identifier,
          'next-action',
          `${edge.kind === 'next' ? 'NextAction' : edge.label} goes to "${edge.target}", which does not exist`,
        );
      }
    }
  }

  // Reachability.
  if (startResolves) {
    const reached = new Set<string>([flow.StartAction]);
    const pending = [flow.StartAction];
    while (pending.length > 0) {
      const current = byId.get(pending.pop() as string);
      for (const edge of current ? edgesOf(current) : []) {
        if (byId.has(edge.target) && !reached.has(edge.target)) {
          reached.add(edge.target);
          pending.push(edge.target);
        }
      }
    }
    for (const action of wellFormed) {
      if (!reached.has(action.Identifier))
        report(action.Identifier, 'unreachable', 'no path from StartAction reaches this action');
    }
  }

  // Paths end: fixed point of "can reach an end" (unknown types and missing targets count as ends:
  // they are reported by their own rules).
  const endKind = (action: FlowAction) => ACTION_SPECS[action.Type]?.kind(action);
  const canEnd = new Set<string>();
  for (const action of byId.values()) {
    const kind = endKind(action);
    if (kind === undefined || kind === 'end' || kind === 'transfer') canEnd.add(action.Identifier);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const action of byId.values()) {
      if (canEnd.has(action.Identifier)) continue;
      if (edgesOf(action).some((edge) => !byId.has(edge.target) || canEnd.has(edge.target))) {
        canEnd.add(action.Identifier);
        changed = true;
      }
    }
  }

  const flowType = resolveFlowType(flow, options);

  for (const action of wellFormed) {
    const id = action.Identifier;
    const spec = ACTION_SPECS[action.Type];
    if (!spec) {
      report(
        id,
        'unknown-type',
        `action type "${action.Type}" is not in the linter's table (tools/flows/action-specs.ts)`,
      );
      continue;
    }
    const params = action.Parameters;
    const transitions = action.Transitions;
    const errors = errorTypesOf(action);
    const conditions = conditionsOf(action);

    if (flowType && !spec.flowTypes.includes(flowType)) {
      report(id, 'flow-type', `${action.Type} is not supported in ${flowType} flows`);
    }

    // Error branches.
    const missing = spec.requiredErrors(action).filter((type) => !errors.includes(type));
    if (missing.length > 0) report(id, 'required-errors', `${action.Type} must handle ${missing.join(', ')}`);
    const unsupported = errors.filter((type) => !spec.allowedErrors.includes(type));
    if (unsupported.length > 0)
      report(id, 'error-type', `${action.Type} has no error type ${unsupported.join(', ')}`);
    const duplicated = errors.filter((type, index) => errors.indexOf(type) !== index);
    if (duplicated.length > 0)
      report(id, 'error-type', `error type ${duplicated.join(', ')} is declared twice`);

    // Conditions.
    const operandsOf = (operator: string) =>
      conditions.filter((c) => c.operator === operator).map((c) => c.operand ?? '');
    const rawConditions = Array.isArray(transitions.Conditions) ? transitions.Conditions : [];
    const malformed = rawConditions.some(
      (c) =>
        !isRecord(c) ||
        !isRecord(c.Condition) ||
        !Array.isArray(c.Condition.Operands) ||
        c.Condition.Operands.length !== 1,
    );
    if (malformed)
      report(
        id,
        'conditions',
        'each condition needs NextAction and a Condition with Operator and one Operand',
      );
    if (!CONDITION_TYPES.has(action.Type) && conditions.length > 0) {
      report(id, 'conditions', `${action.Type} does not support conditions`);
    }
    const badOperators = conditions.filter((c) => !OPERATORS.has(c.operator ?? '')).map((c) => c.operator);
    if (badOperators.length > 0) report(id, 'conditions', `unknown operator ${badOperators.join(', ')}`);
    if (action.Type === 'CheckHoursOfOperation') {
      const operands = operandsOf('Equals');
      if (conditions.length !== 2 || !operands.includes('True') || !operands.includes('False')) {
        report(
          id,
          'hours-branches',
          'CheckHoursOfOperation needs exactly the conditions Equals True and Equals False',
        );
      }
    }
    if (action.Type === 'Loop') {
      const operands = operandsOf('Equals');
      if (
        conditions.length !== 2 ||
        !operands.includes('ContinueLooping') ||
        !operands.includes('DoneLooping')
      ) {
        report(
          id,
          'conditions',
          'Loop needs exactly the conditions Equals ContinueLooping and Equals DoneLooping',
        );
      }
    }
    if (
      action.Type === 'MessageParticipantIteratively' &&
      conditions.some((c) => c.label !== 'Equals MessagesInterrupted')
    ) {
      report(
        id,
        'conditions',
        'MessageParticipantIteratively supports only the condition Equals MessagesInterrupted',
      );
    }
    if (action.Type === 'Compare' && conditions.length === 0) {
      report(id, 'conditions', 'Compare without conditions always takes NoMatchingCondition');
    }
    const storeInput = String(params.StoreInput ?? 'False').toLowerCase() === 'true';
    if (action.Type === 'GetParticipantInput') {
      if (storeInput && conditions.length > 0)
        report(id, 'conditions', 'conditions are not supported when StoreInput is True');
      const badDigits = conditions.filter(
        (c) => c.operator !== 'Equals' || !/^[0-9*#]$/.test(c.operand ?? ''),
      );
      if (!storeInput && badDigits.length > 0) {
        report(id, 'conditions', 'menu conditions must be Equals with a single 0-9, * or # operand');
      }
    }

    // Input handling.
    if (action.Type === 'GetParticipantInput') {
      if (!intIn(params.InputTimeLimitSeconds, 1, 180)) {
        report(id, 'input-handling', 'InputTimeLimitSeconds must be a static positive integer');
      }
      if (storeInput) {
        const next =
          typeof transitions.NextAction === 'string' ? byId.get(transitions.NextAction) : undefined;
        const checksTimeout =
          next?.Type === 'Compare' &&
          next.Parameters?.ComparisonValue === '$.StoredCustomerInput' &&
          conditionsOf(next).some((c) => c.label === 'Equals Timeout');
        if (!checksTimeout) {
          report(
            id,
            'input-handling',
            'stored input continues with "Timeout" when the caller is silent: NextAction must be a Compare of $.StoredCustomerInput with Equals Timeout',
          );
        }
        if (!isRecord(params.InputValidation))
          report(id, 'input-handling', 'StoreInput True requires InputValidation');
      } else {
        for (const needed of ['InputTimeLimitExceeded', 'NoMatchingCondition']) {
          if (!errors.includes(needed)) report(id, 'input-handling', `menu input must handle ${needed}`);
        }
        if (conditions.length === 0) report(id, 'input-handling', 'menu input has no digit conditions');
      }
    }

    // Lambda.
    if (action.Type === 'InvokeLambdaFunction') {
      if (!intIn(params.InvocationTimeLimitSeconds, 1, 8)) {
        report(
          id,
          'lambda-timeout',
          `InvocationTimeLimitSeconds ${JSON.stringify(params.InvocationTimeLimitSeconds)} is not an integer from 1 to 8`,
        );
      }
      const target = params.LambdaFunctionARN;
      if (options.synthesized) {
        // With `lambdaArns` the target must be one of them (CDK tokens allowed); without, any Lambda ARN.
        const known = options.lambdaArns;
        const associated =
          typeof target === 'string' &&
          (known !== undefined ? known.includes(target) : LAMBDA_ARN.test(target));
        if (!associated) {
          report(
            id,
            'lambda-target',
            `LambdaFunctionARN ${JSON.stringify(target)} is not an associated function`,
          );
        }
      } else {
        const match = typeof target === 'string' ? /^\$\{fn:([^}]*)\}$/.exec(target) : null;
        if (!match || !(FUNCTION_NAMES as readonly string[]).includes(match[1] ?? '')) {
          report(
            id,
            'lambda-target',
            `LambdaFunctionARN must be one of ${FUNCTION_NAMES.map((n) => `\${fn:${n}}`).join(', ')}; got ${JSON.stringify(target)}`,
          );
        }
      }
      const attributes = params.LambdaInvocationAttributes;
      if (
        attributes !== undefined &&
        (!isRecord(attributes) || Object.values(attributes).some((v) => typeof v !== 'string'))
      ) {
        report(id, 'parameters', 'LambdaInvocationAttributes must map names to strings');
      }
    }

    // Paths end.
    const kind = spec.kind(action);
    const hasTransitions = edgesOf(action).length > 0;
    if (kind === 'end') {
      if (hasTransitions)
        report(id, 'path-end', `${action.Type} ends the flow; its Transitions must be empty`);
    } else if (typeof transitions.NextAction !== 'string') {
      report(id, 'path-end', `${action.Type} does not end the flow but has no NextAction`);
    } else if (!canEnd.has(id)) {
      report(
        id,
        'path-end',
        'no path from this action reaches a transfer, a disconnect or the end of the flow',
      );
    }

    // Spoken text.
    for (const [path, text, isSsml] of spokenTexts(action)) {
      if (isSsml) {
        const problem = checkSsml(text);
        if (problem) report(id, 'ssml', `${path}: ${problem}`);
      } else if (/<speak[\s>]/.test(text)) {
        report(id, 'ssml', `${path} contains SSML markup; use the SSML parameter`);
      }
      // Dynamic-only text (a Lambda message) is checked where it is produced; static words must
      // include Hangul, so English-only or empty prompts are caught.
      const words = staticWords(text, isSsml);
      const dynamicOnly = words === '' && (HAS_JSONPATH.test(text) || text.includes('${'));
      if (!dynamicOnly && !HANGUL.test(words)) {
        const what = LATIN.test(words) ? 'English-only' : 'empty or has no Korean words';
        report(id, 'korean-text', `${path} is ${what}: "${words.slice(0, 40)}"`);
      }
    }

    // Placeholders.
    visitStrings(params, (text, path) => {
      if (action.Type === 'InvokeLambdaFunction' && path === 'LambdaFunctionARN') return; // lambda-target
      for (const ref of findPlaceholders(text)) {
        if (options.synthesized) report(id, 'placeholder', `${path}: ${ref.text} was not replaced`);
        else if (!isKnownPlaceholder(ref))
          report(id, 'placeholder', `${path}: unknown placeholder ${ref.text}`);
      }
      if (hasMalformedPlaceholder(text))
        report(id, 'placeholder', `${path}: malformed placeholder in ${JSON.stringify(text.slice(0, 40))}`);
    });

    // Parameters.
    for (const problem of parameterProblems(action)) report(id, 'parameters', problem);
  }

  return messages;
};

const parameterProblems = (action: FlowAction): string[] => {
  const p = action.Parameters;
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  switch (action.Type) {
    case 'MessageParticipant':
    case 'GetParticipantInput': {
      const sources = ['Text', 'SSML', 'PromptId'].filter((key) => p[key] !== undefined);
      need(
        sources.length === 1 || (sources.length === 0 && p.Media !== undefined),
        'exactly one of Text, SSML or PromptId (or Media) is required',
      );
      break;
    }
    case 'MessageParticipantIteratively':
      need(Array.isArray(p.Messages) && p.Messages.length > 0, 'Messages must be a non-empty list');
      need(
        p.InterruptFrequencySeconds === undefined || intIn(p.InterruptFrequencySeconds, 1, 86_400),
        'InterruptFrequencySeconds must be a positive integer',
      );
      break;
    case 'UpdateContactEventHooks': {
      const hooks = isRecord(p.EventHooks) ? Object.keys(p.EventHooks) : [];
      need(hooks.length === 1, 'EventHooks must hold exactly one entry');
      for (const key of hooks)
        need((EVENT_HOOK_KEYS as readonly string[]).includes(key), `unknown event hook ${key}`);
      break;
    }
    case 'UpdateContactTextToSpeechVoice':
      need(
        typeof p.TextToSpeechVoice === 'string' && p.TextToSpeechVoice !== '',
        'TextToSpeechVoice is required',
      );
      need(
        p.TextToSpeechEngine === undefined ||
          ['Neural', 'Standard', 'Generative'].includes(String(p.TextToSpeechEngine)),
        'TextToSpeechEngine must be Neural, Standard or Generative',
      );
      break;
    case 'UpdateFlowLoggingBehavior':
      need(
        ['Enabled', 'Disabled'].includes(String(p.FlowLoggingBehavior)),
        'FlowLoggingBehavior must be Enabled or Disabled',
      );
      break;
    case 'UpdateContactAttributes':
      need(
        isRecord(p.Attributes) &&
          Object.keys(p.Attributes).length > 0 &&
          Object.values(p.Attributes).every((v) => typeof v === 'string'),
        'Attributes must map names to strings',
      );
      break;
    case 'Compare':
      need(isJsonPath(p.ComparisonValue), 'ComparisonValue must be a single JSONPath');
      break;
    case 'CheckHoursOfOperation':
    case 'UpdateContactTargetQueue':
    case 'TransferToFlow':
      break;
    case 'UpdateContactCallbackNumber':
      need(isJsonPath(p.CallbackNumber), 'CallbackNumber must be a single JSONPath (it cannot be static)');
      break;
    case 'CreateCallbackContact':
      need(intIn(p.InitialCallDelaySeconds, 1, 259_200), 'InitialCallDelaySeconds must be 1-259200');
      need(
        intIn(p.MaximumConnectionAttempts, 1, 1_000),
        'MaximumConnectionAttempts must be a positive integer',
      );
      need(intIn(p.RetryDelaySeconds, 1, 259_200), 'RetryDelaySeconds must be 1-259200');
      break;
    case 'TransferParticipantToThirdParty':
      need(
        typeof p.ThirdPartyPhoneNumber === 'string' && p.ThirdPartyPhoneNumber !== '',
        'ThirdPartyPhoneNumber is required',
      );
      need(
        p.ThirdPartyConnectionTimeLimitSeconds === undefined ||
          intIn(p.ThirdPartyConnectionTimeLimitSeconds, 0, 600) ||
          isJsonPath(p.ThirdPartyConnectionTimeLimitSeconds),
        'ThirdPartyConnectionTimeLimitSeconds must be 0-600',
      );
      need(
        p.ContinueFlowExecution === undefined || ['True', 'False'].includes(String(p.ContinueFlowExecution)),
        'ContinueFlowExecution must be "True" or "False"',
      );
      break;
    case 'UpdateContactRoutingBehavior':
      need(
        p.QueuePriority === undefined || intIn(p.QueuePriority, 1, 1_000_000),
        'QueuePriority must be a positive integer',
      );
      break;
    case 'Loop':
      need(
        intIn(p.LoopCount, 0, 100) || isJsonPath(p.LoopCount) || isCityPlaceholder(p.LoopCount),
        'LoopCount must be 0-100, a JSONPath or a ${city:…} config placeholder',
      );
      break;
    case 'InvokeLambdaFunction':
      need(
        p.InvocationType === undefined || ['SYNCHRONOUS', 'ASYNCHRONOUS'].includes(String(p.InvocationType)),
        'InvocationType must be SYNCHRONOUS or ASYNCHRONOUS',
      );
      break;
    default:
      break;
  }
  return problems;
};

/** Parses and lints flow text; a parse failure is one `parse` message. */
export const lintFlowText = (text: string, options: LintOptions = {}): LintMessage[] => {
  let flow: FlowDocument;
  try {
    flow = parseFlow(text);
  } catch (error) {
    if (error instanceof FlowParseError)
      return [{ file: options.file ?? '<flow>', rule: 'parse', message: error.message }];
    throw error;
  }
  return lintFlow(flow, options);
};

/** Reads and lints one flow file; the file name (without .json) selects the flow type when known. */
export const lintFlowFile = async (
  path: string,
  options: Omit<LintOptions, 'file'> & { file?: string } = {},
) => lintFlowText(await readFile(path, 'utf8'), { ...options, file: options.file ?? path });

/**
 * Lints synthesized flow content (placeholders replaced), e.g. from the CDK app before creating
 * CfnContactFlow resources. `name` is the flow file name without .json.
 */
export const lintSynthesizedFlow = (
  name: string,
  content: string | FlowDocument,
  lambdaArns: readonly string[],
) =>
  typeof content === 'string'
    ? lintFlowText(content, {
        file: `${name}.json (synthesized)`,
        flowType: isFlowName(name) ? FLOW_TYPES[name] : undefined,
        synthesized: true,
        lambdaArns,
      })
    : lintFlow(content, {
        file: `${name}.json (synthesized)`,
        flowType: isFlowName(name) ? FLOW_TYPES[name] : undefined,
        synthesized: true,
        lambdaArns,
      });

export const formatMessage = (message: LintMessage): string =>
  `${message.file}: ${message.action === undefined ? 'flow' : `action ${message.action}`}: [${message.rule}] ${message.message}`;
