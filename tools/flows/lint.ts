/**
 * Flow linter for Amazon Connect Flow language files (Version "2019-10-30").
 *
 * `lintFlow` runs every rule of tools/flows/rules (one module per rule) over a parsed flow;
 * `lintFlowText` / `lintFlowFile` add parsing and file handling. The same rules run on the files in
 * contact-flows/ (placeholders allowed) and on synthesized content (`synthesized: true`: no
 * placeholder may remain and every Lambda ARN must be one of `lambdaArns`, the functions associated
 * with the instance). Which action types exist, and what each allows, is the action catalog
 * (tools/flows/action-catalog.ts), shared with the simulator.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type ConnectFlowType, FLOW_TYPES, isFlowName } from '#infra/connect/flow-catalog';
import { ACTION_CATALOG } from './action-catalog';
import {
  actionsThatCanEnd,
  indexActions,
  isRecord,
  type KnownAction,
  type LintContext,
  type LintOptions,
} from './rules/context';
import { LINT_RULES } from './rules/index';
import { declaredFlowType, type FlowDocument, FlowParseError, parseFlow } from './types';

export type { LintOptions, LintProfile } from './rules/context';
export { MAX_IDENTIFIER_LENGTH } from './rules/identifier-length';
export { MAX_ACTIONS } from './rules/max-actions';
export { spokenTexts } from './spoken-texts';

/** Rule ids and what each checks (`parse` is the file failing to parse at all). */
export const RULES: Readonly<Record<string, string>> = {
  parse: 'the file is JSON with an Actions array',
  ...Object.fromEntries(LINT_RULES.map((rule) => [rule.id, rule.description])),
};

export type RuleId = string;

export interface LintMessage {
  file: string;
  /** Action identifier, or undefined for a flow-level finding. */
  action?: string;
  rule: RuleId;
  message: string;
}

const resolveFlowType = (flow: FlowDocument, options: LintOptions): ConnectFlowType | undefined =>
  options.flowType ??
  declaredFlowType(options.file ? basename(options.file).replace(/\.json$/, '') : '', flow.Metadata);

export const lintFlow = (flow: FlowDocument, options: LintOptions = {}): LintMessage[] => {
  const file = options.file ?? '<flow>';
  const rawActions: readonly unknown[] = Array.isArray(flow.Actions) ? flow.Actions : [];
  const { byId, wellFormed } = indexActions(rawActions);
  const known: KnownAction[] = wellFormed.flatMap((action) => {
    const spec = ACTION_CATALOG[action.Type];
    return spec ? [{ action, spec }] : [];
  });
  const messages: LintMessage[] = [];
  const profile = options.profile ?? 'project';
  const flowType = resolveFlowType(flow, options);
  const canEnd = actionsThatCanEnd(byId);
  for (const rule of LINT_RULES) {
    if (profile === 'connect' && rule.profile !== 'connect') continue;
    const context: LintContext = {
      flow,
      options,
      rawActions,
      byId,
      wellFormed,
      known,
      flowType,
      canEnd,
      report: (action, message) => messages.push({ file, action, rule: rule.id, message }),
    };
    rule.check(context);
  }
  // Flow-level findings first, then by the action's position in the file (rules keep their order).
  const position = new Map<string, number>();
  rawActions.forEach((action, index) => {
    if (isRecord(action) && typeof action.Identifier === 'string' && !position.has(action.Identifier))
      position.set(action.Identifier, index);
  });
  const rank = (m: LintMessage): number => {
    if (m.action === undefined) return -1;
    const at = position.get(m.action) ?? /^#(\d+)$/.exec(m.action)?.[1];
    return at === undefined ? rawActions.length : Number(at);
  };
  return messages
    .map((message, order) => ({ message, order }))
    .sort((a, b) => rank(a.message) - rank(b.message) || a.order - b.order)
    .map(({ message }) => message);
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
) => {
  const options: LintOptions = {
    file: `${name}.json (synthesized)`,
    ...(isFlowName(name) ? { flowType: FLOW_TYPES[name] } : {}),
    synthesized: true,
    lambdaArns,
  };
  return typeof content === 'string' ? lintFlowText(content, options) : lintFlow(content, options);
};

export const formatMessage = (message: LintMessage): string =>
  `${message.file}: ${message.action === undefined ? 'flow' : `action ${message.action}`}: [${message.rule}] ${message.message}`;
