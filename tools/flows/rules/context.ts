import type { ConnectFlowType } from '#infra/connect/flow-catalog';
import { ACTION_CATALOG, type ActionSpec } from '../action-catalog';
import { edgesOf, type FlowAction, type FlowDocument } from '../types';

/**
 * What a lint rule sees: the parsed flow, its actions indexed, its Connect flow type, and a
 * `report` that files a finding under the rule's id. One module per rule (tools/flows/rules/*.ts);
 * tools/flows/lint.ts runs them all.
 */

/**
 * `connect`: what Amazon Connect itself rejects or documents as required (any flow, from any
 * instance). `project`: minwon365's own rules on top (Korean prompts, our Lambda functions, our
 * placeholders).
 */
export type LintProfile = 'connect' | 'project';

export interface LintOptions {
  /** Name used in messages; defaults to "<flow>". */
  file?: string;
  /** Connect flow type; by default from the file name (infra/connect/flow-catalog.ts) or Metadata.type. */
  flowType?: ConnectFlowType;
  /** Lint synthesized content: no placeholders may remain; Lambda ARNs must be in `lambdaArns`. */
  synthesized?: boolean;
  /** ARNs of the Lambda functions associated with the instance (synthesized mode). */
  lambdaArns?: readonly string[];
  /** Rule set: `project` (default: every rule) or `connect` (Connect's own rules only). */
  profile?: LintProfile;
}

/** An action whose type is in the catalog, with its spec. */
export interface KnownAction {
  action: FlowAction;
  spec: ActionSpec;
}

export interface LintContext {
  readonly flow: FlowDocument;
  readonly options: LintOptions;
  /** The Actions array as written (possibly malformed entries). */
  readonly rawActions: readonly unknown[];
  /** Actions by Identifier (the first of duplicates; malformed ones with an id included). */
  readonly byId: ReadonlyMap<string, FlowAction>;
  /** Structurally valid actions, in file order (duplicates included). */
  readonly wellFormed: readonly FlowAction[];
  /** Well-formed actions whose type the catalog knows. */
  readonly known: readonly KnownAction[];
  readonly flowType: ConnectFlowType | undefined;
  /** Identifiers from which some path reaches a transfer, a disconnect or the end of the flow. */
  readonly canEnd: ReadonlySet<string>;
  /** Files a finding: `action` is an Identifier, or undefined for the whole flow. */
  report(action: string | undefined, message: string): void;
}

export interface LintRule {
  readonly id: string;
  readonly description: string;
  readonly profile: LintProfile;
  check(context: LintContext): void;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Actions indexed the way every rule reads them. */
export const indexActions = (
  actions: readonly unknown[],
): { byId: Map<string, FlowAction>; wellFormed: FlowAction[] } => {
  const byId = new Map<string, FlowAction>();
  const wellFormed: FlowAction[] = [];
  for (const raw of actions) {
    if (!isRecord(raw)) continue;
    const id = typeof raw.Identifier === 'string' ? raw.Identifier : undefined;
    if (id !== undefined && !byId.has(id)) byId.set(id, raw as unknown as FlowAction);
    if (
      id !== undefined &&
      typeof raw.Type === 'string' &&
      isRecord(raw.Parameters) &&
      isRecord(raw.Transitions)
    ) {
      wellFormed.push(raw as unknown as FlowAction);
    }
  }
  return { byId, wellFormed };
};

/**
 * Fixed point of "can reach an end": actions whose kind ends or transfers, then every action with
 * an edge to one of them (unknown types and missing targets count as ends: their own rules report
 * them).
 */
export const actionsThatCanEnd = (byId: ReadonlyMap<string, FlowAction>): Set<string> => {
  const canEnd = new Set<string>();
  for (const action of byId.values()) {
    const kind = ACTION_CATALOG[action.Type]?.kind(action);
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
  return canEnd;
};
