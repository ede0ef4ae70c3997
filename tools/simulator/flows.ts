import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { entryPointGenerators } from '#infra/connect/entry-point-routing';
import {
  resolvePlaceholders as resolveFlowPlaceholders,
  UnknownPlaceholderError,
} from '#infra/connect/flow-content';
import { declaredFlowType } from '#tools/flows/types';
import { SimulationError } from './errors';
import type { FlowAction, FlowDocument, LoadedFlow } from './types';

/**
 * Loads contact-flows/*.json and resolves their named placeholders the way the CDK app does at
 * synth time, but to simulator ARNs: `${fn:lookup}` → a function of the registry,
 * `${queue:counselors}` → a simulated queue, `${hours:main}` → the configured hours,
 * `${flow:customer-queue}` → contact-flows/customer-queue.json, `${city:ko}` → a text of the city
 * config (JSON-escaped), `${gen:entryPoint…}` → the entry-point routing generated from the entry
 * points (infra/connect/entry-point-routing.ts). An unknown placeholder fails
 * loudly, naming the file and the placeholder.
 */

const REGION = 'ap-northeast-2';
const ACCOUNT = '000000000000';
export const SIM_INSTANCE_ID = '5a1c0de0-0000-4000-8000-000000000365';
export const SIM_INSTANCE_ARN = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${SIM_INSTANCE_ID}`;

export const functionArn = (name: string): string =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:minwon365-${name}`;
export const queueArn = (id: string): string => `${SIM_INSTANCE_ARN}/queue/${id}`;
export const hoursArn = (id: string): string => `${SIM_INSTANCE_ARN}/operating-hours/${id}`;
export const flowArn = (name: string): string => `${SIM_INSTANCE_ARN}/contact-flow/${name}`;

export interface PlaceholderTargets {
  functions: readonly string[];
  queues: readonly string[];
  hours: readonly string[];
  flows: readonly string[];
  /** Texts from the city config for `${city:<key>}` (e.g. `ko`, `hoursKo`). */
  city: Readonly<Record<string, string>>;
  /** Entry points, for the generated entry-point routing (`${gen:entryPoint…}`). */
  entryPoints?: readonly { id: string; number: string }[];
}

const byName = (names: readonly string[], value: (name: string) => string) =>
  Object.fromEntries(names.map((name) => [name, value(name)]));

/**
 * Replaces placeholders exactly as the CDK app does (infra/connect/flow-content.ts), with the
 * simulator's local identifiers; an unknown one fails naming the file and the placeholder.
 */
export const resolvePlaceholders = (text: string, file: string, targets: PlaceholderTargets): string => {
  try {
    return resolveFlowPlaceholders(
      file,
      text,
      {
        fn: byName(targets.functions, functionArn),
        queue: byName(targets.queues, queueArn),
        hours: byName(targets.hours, hoursArn),
        flow: byName(targets.flows, flowArn),
        city: targets.city,
      },
      entryPointGenerators(targets.entryPoints ?? []),
    );
  } catch (error) {
    if (error instanceof UnknownPlaceholderError) throw new SimulationError(error.message);
    throw error;
  }
};

export const listFlowNames = (flowsDir: string): string[] =>
  readdirSync(flowsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();

export const parseFlow = (name: string, file: string, json: string): LoadedFlow => {
  let document: FlowDocument;
  try {
    document = JSON.parse(json) as FlowDocument;
  } catch (error) {
    throw new SimulationError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (document.Version !== '2019-10-30') {
    throw new SimulationError(
      `${file}: Version must be "2019-10-30", found ${JSON.stringify(document.Version)}`,
    );
  }
  if (!Array.isArray(document.Actions)) throw new SimulationError(`${file}: Actions must be an array`);
  const actions = new Map<string, FlowAction>();
  for (const action of document.Actions) {
    if (typeof action?.Identifier !== 'string' || typeof action.Type !== 'string') {
      throw new SimulationError(`${file}: every action needs a string Identifier and Type`);
    }
    if (actions.has(action.Identifier)) {
      throw new SimulationError(`${file}: duplicate action Identifier "${action.Identifier}"`);
    }
    actions.set(action.Identifier, {
      ...action,
      Parameters: action.Parameters ?? {},
      Transitions: action.Transitions ?? {},
    });
  }
  if (!actions.has(document.StartAction)) {
    throw new SimulationError(`${file}: StartAction "${document.StartAction}" is not an action of the flow`);
  }
  const declaredType = declaredFlowType(name, document.Metadata);
  return {
    name,
    file,
    arn: flowArn(name),
    startAction: document.StartAction,
    actions,
    ...(declaredType ? { declaredType } : {}),
  };
};

/** Loads every flow of the directory, placeholders resolved. */
export const loadFlows = (
  flowsDir: string,
  targets: Omit<PlaceholderTargets, 'flows'>,
): Map<string, LoadedFlow> => {
  const names = listFlowNames(flowsDir);
  const flows = new Map<string, LoadedFlow>();
  for (const name of names) {
    const file = join(flowsDir, `${name}.json`);
    const resolved = resolvePlaceholders(readFileSync(file, 'utf8'), file, { ...targets, flows: names });
    flows.set(name, parseFlow(name, file, resolved));
  }
  return flows;
};
