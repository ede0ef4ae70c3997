import { randomUUID } from 'node:crypto';
import type { ConnectFlowType } from '#infra/connect/flow-catalog';
import { SimulationError } from './errors';
import { loadFlows } from './flows';
import { parseLocalDateTime, type SimulatorHours } from './hours';
import { buildConnectEvent, Call } from './interpreter';
import type {
  FaultMode,
  FlowFunction,
  LoadedFlow,
  QueueMetrics,
  QuickConnectSpec,
  StartCallOptions,
} from './types';

/**
 * Library API of the offline contact-flow simulator (used by the scenario runner, the CLI and
 * the sandbox):
 *
 *     const sim = createSimulator({ flowsDir: 'contact-flows', functions, hours, entryPoints, queues });
 *     const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: '2027-03-02T10:15' });
 *     let step = await call.next();             // { spoken, waitingForInput, ended }
 *     step = await call.input('1');             // DTMF keys, or 'timeout'
 *     call.transcript; call.attributes; call.agentWhisper; call.lambdaCalls;
 */

export interface EntryPointRef {
  id: string;
  number: string;
}

export interface SimulatorOptions {
  /** Directory of the flow JSON files (contact-flows/). */
  flowsDir: string;
  /** Function registry: `${fn:<name>}` → handler. */
  functions: Record<string, FlowFunction>;
  /** Hours for `${hours:main}`, or a map of hours by id (`main` is every queue's hours). */
  hours: SimulatorHours | Record<string, SimulatorHours>;
  entryPoints: EntryPointRef[];
  /** Queue ids for `${queue:<id>}` (e.g. `counselors`, `dept-roads`). */
  queues: string[];
  /** Default call time when startCall has no `at` (default: the real clock). */
  clock?: () => Date;
  /** Flow every call starts in (default `inbound`). */
  inboundFlow?: string;
  /** Texts for `${city:<key>}` placeholders (`ko`: city name, `hoursKo`: opening hours phrase). */
  city?: Record<string, string>;
  /** Default faults for every call (per function name). */
  faults?: Partial<Record<string, FaultMode>>;
  /** Quick connects the counselor can use (by `name`). */
  quickConnects?: QuickConnectSpec[];
  /** The Connect flow type the inbound flow runs as (default CONTACT_FLOW). */
  inboundFlowType?: ConnectFlowType;
}

export interface Simulator {
  readonly flows: ReadonlyMap<string, LoadedFlow>;
  readonly timezone: string;
  /** Names of the registered functions (`${fn:<name>}`). */
  readonly functionNames: string[];
  startCall(options: StartCallOptions & { faults?: Partial<Record<string, FaultMode>> }): Call;
  /** The E.164 number of an entry-point id, or the number itself. Throws for an unknown id. */
  resolveDialed(dialed: string): string;
  /** Invokes a registered function outside a call (e.g. intake for a scenario's given tickets). */
  invoke(
    name: string,
    parameters: Record<string, string>,
    from: string | null,
    dialed?: string,
  ): Promise<unknown>;
}

const DEFAULT_METRICS: QueueMetrics = {
  size: 3,
  oldestContactAgeSeconds: 45,
  agentsOnline: 25,
  agentsAvailable: 0,
  agentsStaffed: 25,
  positionInQueue: 3,
  estimatedWaitSeconds: 60,
};

const isHoursMap = (hours: SimulatorOptions['hours']): hours is Record<string, SimulatorHours> =>
  !('timezone' in hours && 'weekly' in hours);

export const createSimulator = (options: SimulatorOptions): Simulator => {
  const hours = isHoursMap(options.hours) ? options.hours : { main: options.hours };
  const main = hours.main ?? Object.values(hours)[0];
  if (!main) throw new SimulationError('createSimulator: no hours configured');
  if (!hours.main) hours.main = main;
  const flows = loadFlows(options.flowsDir, {
    functions: Object.keys(options.functions),
    queues: options.queues,
    hours: Object.keys(hours),
    city: options.city ?? {},
    entryPoints: options.entryPoints,
  });
  const inboundFlow = options.inboundFlow ?? 'inbound';
  const clock = options.clock ?? (() => new Date());

  const resolveDialed = (dialed: string): string => {
    if (dialed.startsWith('+')) return dialed;
    const entry = options.entryPoints.find((e) => e.id === dialed);
    if (!entry) {
      throw new SimulationError(
        `dialed "${dialed}" is neither an E.164 number nor an entry-point id (${options.entryPoints.map((e) => e.id).join(', ')})`,
      );
    }
    return entry.number;
  };

  return {
    flows,
    timezone: main.timezone,
    functionNames: Object.keys(options.functions),
    resolveDialed,
    startCall(call) {
      const quickConnects = options.quickConnects ?? [];
      for (const qc of [call.quickConnect, ...quickConnects]) {
        if (qc?.flow && !flows.has(qc.flow)) {
          throw new SimulationError(`quick connect flow "${qc.flow}" is not a loaded flow`);
        }
      }
      const start =
        call.at === undefined
          ? clock()
          : call.at instanceof Date
            ? call.at
            : parseLocalDateTime(call.at, main.timezone);
      return new Call({
        flows,
        functions: options.functions,
        faults: { ...options.faults, ...call.faults },
        hours,
        queues: options.queues,
        inboundFlow,
        ...(options.inboundFlowType ? { inboundFlowType: options.inboundFlowType } : {}),
        dialedNumber: resolveDialed(call.dialed),
        from: call.from,
        start,
        externalTransfer: call.externalTransfer ?? 'answered',
        agentAnswersAfterSeconds:
          call.agentAnswersAfterSeconds === undefined ? 10 : call.agentAnswersAfterSeconds,
        quickConnect: call.quickConnect ?? null,
        quickConnects,
        counselor: call.counselor ?? [],
        transferAnswersAfterSeconds:
          call.transferAnswersAfterSeconds === undefined ? 10 : call.transferAnswersAfterSeconds,
        queuesAtCapacity: call.queuesAtCapacity ?? [],
        queueMetrics: { ...DEFAULT_METRICS, ...call.queueMetrics },
        attributes: call.attributes ?? {},
        ...(call.liveQueue ? { liveQueue: call.liveQueue } : {}),
      });
    },
    async invoke(name, parameters, from, dialed) {
      const fn = options.functions[name];
      if (!fn) throw new SimulationError(`function "${name}" is not registered`);
      const event = buildConnectEvent({
        contactId: randomUUID(),
        from,
        dialed: dialed ? resolveDialed(dialed) : (options.entryPoints[0]?.number ?? null),
        attributes: {},
        queue: null,
        parameters,
      });
      return await fn(event, {
        functionName: `minwon365-${name}`,
        functionVersion: '$LATEST',
        invokedFunctionArn: name,
        memoryLimitInMB: '256',
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/minwon365-${name}`,
        logStreamName: 'simulator',
        callbackWaitsForEmptyEventLoop: false,
        getRemainingTimeInMillis: () => 8000,
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      });
    },
  };
};

export { SimulationError } from './errors';
export { checkHours, hoursFromCityConfig, parseLocalDateTime, type SimulatorHours } from './hours';
export { Call } from './interpreter';
export type * from './types';
