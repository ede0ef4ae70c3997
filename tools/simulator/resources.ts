import { functionArn, hoursArn, queueArn } from './flows';
import type { SimulatorHours } from './hours';
import type { FlowFunction, LoadedFlow } from './types';

/**
 * What the ARNs (and placeholders) of a flow resolve to in the simulator: functions, queues, hours
 * and flows. Scenario runs resolve the simulator's own ARNs (the placeholders of contact-flows/
 * resolved to them); `--flow` runs of exported flows resolve real ARNs (tools/simulator/exported.ts).
 */
export interface ResourceResolver {
  /** The function a LambdaFunctionARN names. */
  lambda(ref: string): { name: string; fn: FlowFunction } | undefined;
  /** The queue a QueueId names. */
  queueId(ref: string): string | undefined;
  /** The agent queue an AgentId names (agent ID or agent ARN). */
  agentQueueId(ref: string): string | undefined;
  hoursId(ref: string): string | undefined;
  /** The hours a queue is open (CheckHoursOfOperation without HoursOfOperationId). */
  hours(id: string): SimulatorHours | undefined;
  /** The loaded flow (or module) a ContactFlowId / FlowModuleId / event hook names. */
  flowName(ref: string): string | undefined;
  hasQueue(id: string): boolean;
}

/** A reference the simulator could not resolve, or resolved to a stand-in: reported, never silent. */
export interface UnresolvedReference {
  kind: 'lambda' | 'queue' | 'hours' | 'flow' | 'module' | 'prompt' | 'lex' | 'placeholder';
  ref: string;
  /** `stubbed` / `simulated`: the call went on with a stand-in; `missing`: it could not follow. */
  resolution: 'stubbed' | 'simulated' | 'missing';
  note: string;
  flow?: string;
  action?: string;
}

const reverse = (names: readonly string[], arn: (name: string) => string): Map<string, string> =>
  new Map(names.map((n) => [arn(n), n]));

const AGENT_QUEUE = /(?:^|\/)agent\/([^/]+)$/;

/** The simulator's own resources (placeholders of contact-flows/ resolved to simulator ARNs). */
export const simulatorResources = (options: {
  functions: Record<string, FlowFunction>;
  queues: readonly string[];
  hours: Record<string, SimulatorHours>;
  flows: ReadonlyMap<string, LoadedFlow>;
}): ResourceResolver => {
  const functions = reverse(Object.keys(options.functions), functionArn);
  const queues = reverse(options.queues, queueArn);
  const hours = reverse(Object.keys(options.hours), hoursArn);
  const flows = new Map([...options.flows.values()].map((flow) => [flow.arn, flow.name]));
  return {
    lambda: (ref) => {
      const name = functions.get(ref);
      const fn = name === undefined ? undefined : options.functions[name];
      return name !== undefined && fn ? { name, fn } : undefined;
    },
    queueId: (ref) => queues.get(ref),
    agentQueueId: (ref) => {
      const agent = AGENT_QUEUE.exec(ref)?.[1] ?? (ref.includes(':') ? undefined : ref);
      return agent ? `agent:${agent}` : undefined;
    },
    hoursId: (ref) => hours.get(ref),
    hours: (id) => options.hours[id],
    flowName: (ref) => flows.get(ref),
    hasQueue: (id) => options.queues.includes(id) || id.startsWith('agent:'),
  };
};
