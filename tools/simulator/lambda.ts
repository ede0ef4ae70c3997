import { randomUUID } from 'node:crypto';
import { functionArn } from './flows';
import type {
  ConnectContactFlowEvent,
  FaultMode,
  FlowFunction,
  LambdaCallRecord,
  SimulatedLambdaContext,
} from './types';

/**
 * InvokeLambdaFunction, in-process: builds the Connect event, calls the handler, enforces the
 * invocation time limit and the response rules (STRING_MAP: a flat object of string values).
 */

export const SLOW_FAULT_MARKER = Symbol('simulated-slow-invocation');

const context = (name: string, limitMs: number, startedAt: number): SimulatedLambdaContext => ({
  functionName: `minwon365-${name}`,
  functionVersion: '$LATEST',
  invokedFunctionArn: functionArn(name),
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/minwon365-${name}`,
  logStreamName: 'simulator',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => Math.max(0, limitMs - (Date.now() - startedAt)),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** What a `slow` invocation's handler did, run after Connect had given up on it. */
export class LateInvocation {
  constructor(readonly outcome: string) {}
}

/**
 * Wraps a function so that it fails the way a scenario's `faults` entry says.
 *
 * `slow`: the handler really runs, but with the block's InvocationTimeLimitSeconds already spent
 * (a cold start or a slow dependency ate it): its Lambda context reports no time left. Whatever
 * it then does, Connect has stopped waiting and takes the error branch, so the invocation is
 * recorded as past the limit, with what the handler did (a handler that keeps to its time budget
 * refuses to start AWS calls and writes nothing). No real time passes.
 */
export const withFault = (fn: FlowFunction, mode: FaultMode | undefined): FlowFunction => {
  if (!mode) return fn;
  if (mode === 'throw') {
    return () => {
      throw new Error('Simulated fault: the function threw (scenario faults: "throw")');
    };
  }
  return async (event, context) => {
    const spent: SimulatedLambdaContext = { ...context, getRemainingTimeInMillis: () => 0 };
    try {
      const result = (await fn(event, spent)) as { status?: unknown } | null | undefined;
      return new LateInvocation(
        `answered ${typeof result?.status === 'string' ? `status ${result.status}` : 'without a status'}`,
      );
    } catch (error) {
      return new LateInvocation(
        `threw ${(error as Error)?.name ?? 'an error'}: ${(error as Error)?.message ?? String(error)}`,
      );
    }
  };
};

/** Checks a STRING_MAP response; returns the problem or null. */
export const stringMapProblem = (result: unknown): string | null => {
  if (result === null || result === undefined) return 'returned nothing (a flat map of strings is required)';
  if (typeof result !== 'object' || Array.isArray(result)) {
    return `returned ${Array.isArray(result) ? 'an array' : typeof result} (a flat map of strings is required)`;
  }
  for (const [key, value] of Object.entries(result)) {
    if (typeof value !== 'string') {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
      return `returned ${kind === 'object' ? 'a nested object' : kind} for key "${key}" (STRING_MAP responses must be a flat map of strings)`;
    }
  }
  return null;
};

export interface InvokeOptions {
  name: string;
  fn: FlowFunction;
  event: ConnectContactFlowEvent;
  timeLimitSeconds: number;
  responseType: 'STRING_MAP' | 'JSON';
  flow: string;
  action: string;
}

export const invokeFunction = async (options: InvokeOptions): Promise<LambdaCallRecord> => {
  const { name, fn, event, timeLimitSeconds, responseType, flow, action } = options;
  const limitMs = timeLimitSeconds * 1000;
  const startedAt = Date.now();
  const base = { flow, action, functionName: name, parameters: event.Details.Parameters };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<typeof SLOW_FAULT_MARKER>((resolve) => {
      timer = setTimeout(() => resolve(SLOW_FAULT_MARKER), limitMs);
    });
    const result = await Promise.race([
      Promise.resolve().then(() => fn(event, context(name, limitMs, startedAt))),
      timeout,
    ]);
    if (result === SLOW_FAULT_MARKER || result instanceof LateInvocation) {
      const late =
        result instanceof LateInvocation ? `; run with the limit spent, the handler ${result.outcome}` : '';
      return {
        ...base,
        status: 'timeout',
        result: null,
        error: `no response within InvocationTimeLimitSeconds=${timeLimitSeconds}${late}`,
      };
    }
    if (responseType === 'STRING_MAP') {
      const problem = stringMapProblem(result);
      if (problem) return { ...base, status: 'invalid-response', result: null, error: problem };
    } else if (result === null || typeof result !== 'object') {
      return { ...base, status: 'invalid-response', result: null, error: 'returned no JSON object' };
    }
    return { ...base, status: 'ok', result: result as Record<string, unknown>, error: null };
  } catch (error) {
    return { ...base, status: 'error', result: null, error: (error as Error)?.message ?? String(error) };
  } finally {
    clearTimeout(timer);
  }
};
