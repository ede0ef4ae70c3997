import {
  type ConnectClient,
  GetCurrentMetricDataCommand,
  ListQueuesCommand,
  type ListQueuesCommandOutput,
} from '@aws-sdk/client-connect';
import { departmentQueueName, RuntimeConfigError } from '#commons/runtime-config';

/**
 * Whether a department's Connect queue has an agent free right now. Escalation asks this before
 * transferring a caller into a department queue; any failure (API error, throttling, timeout) is
 * the caller's concern: escalation falls back to a call-back ticket, never a dead end.
 */
export interface AgentAvailability {
  /** Agents in the AVAILABLE state on the department's queue (0 when none). */
  agentsAvailable(departmentId: string): Promise<number>;
}

/** No Connect queue is known for the department (neither configured nor found by name). */
export class UnknownDepartmentQueueError extends Error {
  override readonly name = 'UnknownDepartmentQueueError';
  constructor(readonly departmentId: string) {
    super(`No Connect queue for department ${departmentId}`);
  }
}

/** Connect did not answer within the budget (the flow gives the Lambda only a few seconds). */
export class AgentAvailabilityTimeoutError extends Error {
  override readonly name = 'AgentAvailabilityTimeoutError';
}

export interface ConnectAgentAvailabilityOptions {
  client: ConnectClient;
  instanceId: string;
  /** departmentId → queue id or ARN (`CONNECT_DEPARTMENT_QUEUES`). */
  queues: Readonly<Record<string, string>>;
  /**
   * When a department is missing from `queues`, find its queue `dept-<id>` with ListQueues (once
   * per container). Default true.
   */
  resolveByName?: boolean;
  /** Whole-call budget per API call, including retries. Default 1,500 ms. */
  timeoutMs?: number;
}

/**
 * GetCurrentMetricData `AGENTS_AVAILABLE` for the department's queue, VOICE channel. Bounded by
 * `timeoutMs` with an abort signal, so a slow Connect API costs at most that much of the flow's
 * invocation time limit.
 */
export const createConnectAgentAvailability = (
  options: ConnectAgentAvailabilityOptions,
): AgentAvailability => {
  const timeoutMs = options.timeoutMs ?? 1_500;
  let byName: Promise<Map<string, string>> | undefined;

  /** Runs one API call with an abort signal and a hard deadline (whether or not the client honours the signal). */
  const send = async <T>(run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new AgentAvailabilityTimeoutError(`Connect did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const call = run(controller.signal);
    call.catch(() => undefined); // a late rejection after the deadline is not unhandled
    try {
      return await Promise.race([call, deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  const listQueues = async (): Promise<Map<string, string>> => {
    const names = new Map<string, string>();
    let nextToken: string | undefined;
    do {
      const page: ListQueuesCommandOutput = await send((abortSignal) =>
        options.client.send(
          new ListQueuesCommand({
            InstanceId: options.instanceId,
            QueueTypes: ['STANDARD'],
            MaxResults: 1000,
            ...(nextToken !== undefined && { NextToken: nextToken }),
          }),
          { abortSignal },
        ),
      );
      for (const queue of page.QueueSummaryList ?? []) {
        if (queue.Name !== undefined && queue.Id !== undefined) names.set(queue.Name, queue.Id);
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return names;
  };

  const queueFor = async (departmentId: string): Promise<string> => {
    const configured = options.queues[departmentId];
    if (configured !== undefined && configured !== '') return configured;
    if (options.resolveByName === false) throw new UnknownDepartmentQueueError(departmentId);
    byName ??= listQueues().catch((error: unknown) => {
      byName = undefined; // not cached: the next call tries again
      throw error;
    });
    const id = (await byName).get(departmentQueueName(departmentId));
    if (id === undefined) throw new UnknownDepartmentQueueError(departmentId);
    return id;
  };

  return {
    async agentsAvailable(departmentId) {
      const queue = await queueFor(departmentId);
      const output = await send((abortSignal) =>
        options.client.send(
          new GetCurrentMetricDataCommand({
            InstanceId: options.instanceId,
            Filters: { Queues: [queue], Channels: ['VOICE'] },
            CurrentMetrics: [{ Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }],
          }),
          { abortSignal },
        ),
      );
      const value = output.MetricResults?.[0]?.Collections?.find(
        (collection) => collection.Metric?.Name === 'AGENTS_AVAILABLE',
      )?.Value;
      // No result row means no agent is staffed on the queue at all.
      return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
    },
  };
};

/** A fixed answer, for the local sandbox and the simulator (`AGENT_AVAILABILITY=always|never`). */
export const createStaticAgentAvailability = (agents: number): AgentAvailability => ({
  agentsAvailable: async () => agents,
});

/** `CONNECT_DEPARTMENT_QUEUES`: JSON `{"<departmentId>": "<queue id or ARN>"}`; absent or empty → `{}`. */
export const parseDepartmentConnectQueues = (raw: string | undefined): Record<string, string> => {
  if (raw === undefined || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('CONNECT_DEPARTMENT_QUEUES is not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('CONNECT_DEPARTMENT_QUEUES must be a JSON object');
  }
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.some(([, value]) => typeof value !== 'string' || value === '')) {
    throw new Error('CONNECT_DEPARTMENT_QUEUES must map department ids to queue ids or ARNs');
  }
  return Object.fromEntries(entries) as Record<string, string>;
};

/** Whole budget of one availability check: the flows give escalation about 4 s in all. */
export const AVAILABILITY_TIMEOUT_MS = 1_500;

/**
 * The availability source from the environment: `AGENT_AVAILABILITY` = `connect` (default when
 * `CONNECT_INSTANCE_ID` is set) | `always` | `never` (fixed answers for the local sandbox and the
 * simulator, which have no Connect instance; `never` is also the default without an instance, so
 * queue departments get a call-back ticket). `CONNECT_DEPARTMENT_QUEUES` optionally maps
 * department ids to queue ids or ARNs.
 */
export const agentAvailabilityFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  createClient: () => ConnectClient,
): AgentAvailability => {
  const instanceId = env.CONNECT_INSTANCE_ID ?? '';
  const mode = env.AGENT_AVAILABILITY || (instanceId !== '' ? 'connect' : 'never');
  if (mode === 'always') return createStaticAgentAvailability(1);
  if (mode === 'never') return createStaticAgentAvailability(0);
  if (mode !== 'connect') throw new RuntimeConfigError('AGENT_AVAILABILITY must be connect, always or never');
  if (instanceId === '') throw new RuntimeConfigError('AGENT_AVAILABILITY=connect needs CONNECT_INSTANCE_ID');
  return createConnectAgentAvailability({
    client: createClient(),
    instanceId,
    queues: parseDepartmentConnectQueues(env.CONNECT_DEPARTMENT_QUEUES),
    timeoutMs: AVAILABILITY_TIMEOUT_MS,
  });
};
