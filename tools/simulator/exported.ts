import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { entryPointGenerators } from '#infra/connect/entry-point-routing';
import { type ConnectFlowType, isConnectFlowType, isFlowName } from '#infra/connect/flow-catalog';
import { GENERATED_KIND, placeholdersIn, resolvePlaceholders } from '#infra/connect/flow-content';
import { declaredFlowType, type FlowExport, unwrapFlowExport } from '#tools/flows/types';
import { SimulationError } from './errors';
import { flowArn, functionArn, hoursArn, parseFlow, queueArn } from './flows';
import type { SimulatorHours } from './hours';
import { WEEKDAYS } from './hours';
import { Call } from './interpreter';
import type { ResourceResolver, UnresolvedReference } from './resources';
import type { CallEnd, FlowFunction, LambdaCallRecord, LoadedFlow, TranscriptEntry } from './types';

/**
 * Flows as exported from any Connect instance, run offline (`npm run simulate -- --flow …`).
 *
 * Accepted files: the Flow-language document itself (`{"Version": "2019-10-30", "StartAction", "Actions",
 * "Metadata"}` — what the console's "Export flow" and `DescribeContactFlow`'s `Content` hold), a
 * `ContactFlow` / `ContactFlowModule` object with `Content` as a string (`{Name, Type, Content}`,
 * `{"ContactFlow": {…}}`, `{"ContactFlowModule": {…}}` as `DescribeContactFlow` /
 * `DescribeContactFlowModule` answer).
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContactFlow.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/flow-language.html
 *
 * The flow type: `--type`, else the object's `Type`, else the console's `Metadata.type`, else our
 * catalog by file name, else CONTACT_FLOW (said in the report). A module (a `ContactFlowModule`, or
 * a flow holding EndFlowModuleExecution) has no flow type: it runs in the type of the flow that
 * invokes it, and on its own as CONTACT_FLOW.
 *
 * References resolve as follows, each stand-in reported (never silently an error branch):
 * - Lambda ARNs: a stub answering `{}` unless mapped (`--lambda <arn-or-name>=<file>`);
 * - queues (QueueId, AgentId): a simulated queue named after the ARN's last segment;
 * - hours: open around the clock, or closed with `--closed`;
 * - prompts (PromptId): announced, not played; Lex bots: answered from the inputs as text;
 * - flows and modules (ContactFlowId, FlowModuleId, event hooks): the `--flow` files, matched by
 *   ARN, ID or name (an ARN ending in the flow's ID or name, or holding its name as a token);
 *   one that matches none is reported as missing; a transfer or module call to it stops the run
 *   with an error naming it (never an error branch), a hook to it is skipped when its event comes;
 * - minwon365's own placeholders (`${fn:…}`, `${queue:…}`, `${city:…}`, `${gen:…}` …) resolve as
 *   for our flows (functions stubbed unless mapped by name; city texts from the city config).
 */

export interface ExportedFlow {
  flow: LoadedFlow;
  /** The flow type it runs as on its own, and how that was decided. */
  type: ConnectFlowType;
  typeSource: 'option' | 'Type' | 'Metadata.type' | 'catalog' | 'module' | 'default';
  module: boolean;
  /** Ids the flow is known by (the object's Id, Arn and Name, the file name). */
  aliases: string[];
}

export interface ExportedOptions {
  /** The flow type of the first file (`--type`). */
  type?: ConnectFlowType;
  /** Texts of `${city:…}` placeholders and entry points for `${gen:…}` (minwon365 flow files). */
  city?: Readonly<Record<string, string>>;
  entryPoints?: readonly { id: string; number: string }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const SIMULATED_CITY_TEXT = '(city text)';

/**
 * minwon365 placeholders in the file resolve to simulator values; the rest of the text is kept as
 * exported. A placeholder of an unknown kind is reported and left as written.
 */
const resolveOwnPlaceholders = (
  file: string,
  content: string,
  options: ExportedOptions,
  report: (entry: UnresolvedReference) => void,
): string => {
  const refs = placeholdersIn(content);
  if (refs.length === 0) return content;
  const values: Record<string, Record<string, string>> = {};
  const arnOf: Record<string, (name: string) => string> = {
    fn: functionArn,
    queue: queueArn,
    hours: hoursArn,
    flow: flowArn,
  };
  for (const ref of refs) {
    const [kind = '', name = ''] = ref.split(':');
    if (kind === GENERATED_KIND) continue;
    values[kind] ??= {};
    const bucket = values[kind];
    const arn = arnOf[kind];
    if (arn) bucket[name] = arn(name);
    else if (kind === 'city' && options.city?.[name] !== undefined) bucket[name] = options.city[name];
    else {
      bucket[name] = kind === 'city' ? SIMULATED_CITY_TEXT : `\${${ref}}`;
      report({
        kind: 'placeholder',
        ref: `\${${ref}}`,
        resolution: 'simulated',
        note: `no value for it in ${file}`,
      });
    }
  }
  return resolvePlaceholders(file, content, values, entryPointGenerators(options.entryPoints ?? []));
};

const flowTypeOf = (
  module: boolean,
  objectType: string | undefined,
  metadata: unknown,
  name: string,
  option: ConnectFlowType | undefined,
): Pick<ExportedFlow, 'type' | 'typeSource'> => {
  if (option) return { type: option, typeSource: 'option' };
  if (module) return { type: 'CONTACT_FLOW', typeSource: 'module' };
  if (objectType && isConnectFlowType(objectType)) return { type: objectType, typeSource: 'Type' };
  const declared = declaredFlowType(name, metadata);
  if (declared) return { type: declared, typeSource: isFlowName(name) ? 'catalog' : 'Metadata.type' };
  return { type: 'CONTACT_FLOW', typeSource: 'default' };
};

/** Reads one exported flow file. */
export const readExportedFlow = (
  file: string,
  options: ExportedOptions & { report: (entry: UnresolvedReference) => void },
): ExportedFlow => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SimulationError(`${file}: ${(error as Error).message}`);
  }
  let object: FlowExport;
  try {
    object = unwrapFlowExport(json);
  } catch (error) {
    throw new SimulationError(`${file}: ${(error as Error).message}`);
  }
  const fileName = basename(file).replace(/\.json$/i, '');
  let document: unknown;
  try {
    document = JSON.parse(resolveOwnPlaceholders(file, object.content, options, options.report));
  } catch (error) {
    if (error instanceof SimulationError) throw error;
    throw new SimulationError(`${file}: the flow content is not valid JSON (${(error as Error).message})`);
  }
  const metadata = isRecord(document) ? document.Metadata : undefined;
  const metadataName = isRecord(metadata) ? str(metadata.name) : undefined;
  const name = fileName;
  const module = object.module;
  const { type, typeSource } = flowTypeOf(module, object.type, metadata, name, options.type);
  const { declaredType: _declared, ...parsed } = parseFlow(name, file, JSON.stringify(document));
  // A module has no flow type of its own; a flow runs as the type it was given or declared.
  const flow: LoadedFlow = {
    ...parsed,
    ...(object.arn ? { arn: object.arn } : {}),
    ...(module ? {} : { declaredType: type }),
  };
  const aliases = [name, object.name, object.id, object.arn, metadataName].filter(
    (a): a is string => typeof a === 'string' && a !== '',
  );
  return { flow, type, typeSource, module, aliases };
};

/** Responses of a mapped Lambda function: one object for every call, or a list in call order. */
export const lambdaFromResponses = (file: string): FlowFunction => {
  let responses: unknown;
  try {
    responses = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SimulationError(`--lambda ${file}: ${(error as Error).message}`);
  }
  const list = Array.isArray(responses) ? responses : [responses];
  if (list.length === 0) throw new SimulationError(`--lambda ${file}: the list of responses is empty`);
  let calls = 0;
  return () => list[Math.min(calls++, list.length - 1)];
};

/** Hours open around the clock, or closed every day (`--closed`). */
export const simulatedHours = (closed: boolean): SimulatorHours => ({
  timezone: 'UTC',
  weekly: closed ? {} : Object.fromEntries(WEEKDAYS.map((day) => [day, { start: '00:00', end: '24:00' }])),
});

/** The function name in a Lambda ARN (`…:function:<name>[:alias]`), or the reference itself. */
const functionNameOf = (ref: string): string => /:function:([^:]+)/.exec(ref)?.[1] ?? ref;

/**
 * A short name for a simulated resource: the last path segment of the ARN, or of an unreplaced
 * template (`…/queue/${Q:sales:Q}`, `%%BASIC_QUEUE_ARN%%`), its longest name token.
 */
const shortName = (ref: string): string => {
  const segment = ref.slice(ref.lastIndexOf('/') + 1);
  const tokens = segment.match(/[A-Za-z0-9_.-]+/g) ?? [];
  return tokens.reduce((a, b) => (b.length > a.length ? b : a), '') || 'queue';
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `ref` holds `alias` as a whole token (delimited by anything that is not a name character). */
const holdsToken = (ref: string, alias: string): boolean =>
  new RegExp(`(?:^|[^A-Za-z0-9_-])${escapeRegExp(alias)}(?:$|[^A-Za-z0-9_-])`).test(ref);

/** How real ARNs of exported flows resolve (see the header). */
export const exportedResources = (options: {
  flows: readonly ExportedFlow[];
  lambdas: ReadonlyMap<string, FlowFunction>;
  closed: boolean;
  report: (entry: UnresolvedReference) => void;
}): ResourceResolver & { queues: Set<string> } => {
  const queues = new Set<string>(['queue']);
  const hours = simulatedHours(options.closed);
  const mapped = (ref: string): { name: string; fn: FlowFunction } | undefined => {
    const name = functionNameOf(ref);
    for (const [key, fn] of options.lambdas) {
      if (key === ref || key === name || `minwon365-${key}` === name || holdsToken(ref, key))
        return { name: key, fn };
    }
    return undefined;
  };
  return {
    queues,
    lambda: (ref) => {
      const found = mapped(ref);
      if (found) return found;
      const name = functionNameOf(ref);
      options.report({
        kind: 'lambda',
        ref,
        resolution: 'stubbed',
        note: 'answered {} (map it with --lambda)',
      });
      return { name, fn: () => ({}) };
    },
    queueId: (ref) => {
      const id = shortName(ref);
      if (!ref.startsWith(`${queueArn('')}`))
        options.report({ kind: 'queue', ref, resolution: 'simulated', note: `the simulated queue "${id}"` });
      queues.add(id);
      return id;
    },
    agentQueueId: (ref) => {
      const id = `agent:${shortName(ref)}`;
      queues.add(id);
      return id;
    },
    hoursId: (ref) => {
      options.report({
        kind: 'hours',
        ref,
        resolution: 'simulated',
        note: options.closed ? 'closed (--closed)' : 'open around the clock (--closed to close them)',
      });
      return 'main';
    },
    hours: () => hours,
    flowName: (ref) => {
      const exact = options.flows.find((f) => f.flow.arn === ref || f.aliases.includes(ref));
      const bySuffix = options.flows.find((f) =>
        f.aliases.some((alias) => ref.endsWith(`/${alias}`) || ref.endsWith(`:${alias}`)),
      );
      const byToken = options.flows.find((f) => f.aliases.some((alias) => holdsToken(ref, alias)));
      return (exact ?? bySuffix ?? byToken)?.flow.name;
    },
    hasQueue: (id) => queues.has(id),
  };
};

export interface RunExportedOptions extends ExportedOptions {
  /** Flow files; the first one runs, the others are there to be transferred to, invoked, hooked. */
  files: readonly string[];
  /** Answers to the input requests in order: DTMF keys, `timeout`, or words for a Lex bot. */
  inputs: readonly string[];
  /** Lambda functions by ARN or name (`--lambda`); unmapped ones answer `{}`. */
  lambdas: ReadonlyMap<string, FlowFunction>;
  /** Hours closed (`--closed`); default open. */
  closed: boolean;
  from?: string | null;
  dialed?: string;
  at?: Date;
  /** Seconds before a counselor answers a queued call; `null`: nobody answers. Default 10. */
  agentAnswersAfterSeconds?: number | null;
}

export interface ExportedRunResult {
  flow: string;
  file: string;
  type: ConnectFlowType;
  typeSource: ExportedFlow['typeSource'];
  module: boolean;
  /** How the call ended; `null` when it did not (see `error`). */
  end: CallEnd | null;
  /**
   * A simulator error (an unimplemented action names itself), an input request left unanswered, or
   * a flow / module reference that names no given flow (the call stops there, outcome `left`).
   */
  error: string | null;
  inputsUsed: number;
  /** Inputs the call asked for when none were left (answered `timeout`). */
  timeoutsAdded: number;
  transcript: TranscriptEntry[];
  unresolved: UnresolvedReference[];
  attributes: Record<string, string>;
  /** What the flow set on the contact besides attributes (recording, voice, logging …). */
  settings: Record<string, string>;
  lambdaCalls: LambdaCallRecord[];
}

/** Input requests answered `timeout` after the given inputs ran out, before the run gives up. */
export const MAX_ADDED_TIMEOUTS = 10;

/** Runs the first flow file as a call, in its flow type (see the header). */
export const runExportedFlow = async (options: RunExportedOptions): Promise<ExportedRunResult> => {
  if (options.files.length === 0) throw new SimulationError('no flow file given');
  const pending: UnresolvedReference[] = [];
  let call: Call | null = null;
  const report = (entry: UnresolvedReference) => {
    if (call) call.report(entry);
    else pending.push(entry);
  };
  const loaded = options.files.map((file, index) => {
    const { type: _type, ...rest } = options;
    return readExportedFlow(file, {
      ...rest,
      ...(index === 0 && options.type ? { type: options.type } : {}),
      report,
    });
  });
  const names = new Set<string>();
  for (const entry of loaded) {
    if (names.has(entry.flow.name))
      throw new SimulationError(`two flow files are named "${entry.flow.name}" (${entry.flow.file})`);
    names.add(entry.flow.name);
  }
  const first = loaded[0] as ExportedFlow;
  const resources = exportedResources({
    flows: loaded,
    lambdas: options.lambdas,
    closed: options.closed,
    report,
  });
  const hours = simulatedHours(options.closed);
  const started: Call = new Call({
    flows: new Map(loaded.map((entry) => [entry.flow.name, entry.flow])),
    functions: {},
    faults: {},
    hours: { main: hours },
    queues: ['queue'],
    inboundFlow: first.flow.name,
    inboundFlowType: first.type,
    dialedNumber: options.dialed ?? '+12065550100',
    from: options.from === undefined ? '+12065550123' : options.from,
    start: options.at ?? new Date(),
    externalTransfer: 'answered',
    agentAnswersAfterSeconds:
      options.agentAnswersAfterSeconds === undefined ? 10 : options.agentAnswersAfterSeconds,
    quickConnect: null,
    quickConnects: [],
    counselor: [],
    transferAnswersAfterSeconds: 10,
    queuesAtCapacity: [],
    queueMetrics: {
      size: 0,
      oldestContactAgeSeconds: 0,
      agentsOnline: 1,
      agentsAvailable: 1,
      agentsStaffed: 1,
      positionInQueue: 1,
      estimatedWaitSeconds: 30,
    },
    attributes: {},
    resources,
  });
  call = started;
  if (first.typeSource === 'default')
    pending.unshift({
      kind: 'flow',
      ref: first.flow.name,
      resolution: 'simulated',
      note: 'no flow type in the file: run as CONTACT_FLOW (give --type)',
    });
  for (const entry of pending) started.report(entry);
  let inputsUsed = 0;
  let timeoutsAdded = 0;
  let error: string | null = null;
  try {
    let step = await started.next();
    while (!step.ended && step.waitingForInput) {
      const given = options.inputs[inputsUsed];
      if (given !== undefined) inputsUsed++;
      else if (++timeoutsAdded > MAX_ADDED_TIMEOUTS) {
        error = `the flow still asks for input after ${options.inputs.length} input(s) and ${MAX_ADDED_TIMEOUTS} added timeouts (${step.waitingForInput.flow}/${step.waitingForInput.action})`;
        break;
      }
      step = await started.input(given ?? 'timeout');
    }
  } catch (caught) {
    if (!(caught instanceof SimulationError)) throw caught;
    error = caught.message;
  }
  // A flow or module reference that names no given flow: the simulator cannot follow the call
  // there. Not an end of the flow: an error that names the reference.
  if (!error && started.ended?.outcome === 'left')
    error = `the call stopped: ${started.ended.reason} — the reference resolves to no flow given (pass that flow with --flow)`;
  return {
    flow: first.flow.name,
    file: first.flow.file,
    type: first.type,
    typeSource: first.typeSource,
    module: first.module,
    end: started.ended,
    error,
    inputsUsed,
    timeoutsAdded: Math.min(timeoutsAdded, MAX_ADDED_TIMEOUTS),
    transcript: started.transcript,
    unresolved: [...started.unresolved],
    attributes: started.attributes,
    settings: { ...started.settings },
    lambdaCalls: started.lambdaCalls,
  };
};
