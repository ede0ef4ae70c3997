import { readFileSync } from 'node:fs';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { chance, createRng } from '#domain/planning/random';
import { SLOW_FAULT_MARKER } from '#tools/simulator/lambda';
import type { FlowFunction } from '#tools/simulator/types';

/**
 * Faults during a simulated day (`--faults faults.json`), each in a window of the day's local time:
 *
 * ```json
 * { "faults": [
 *   { "target": "lookup", "mode": "down", "from": "10:00", "to": "11:00" },
 *   { "target": "escalation", "mode": "slow", "from": "14:00", "to": "14:30" },
 *   { "target": "dynamodb", "mode": "throttle", "share": 0.3, "from": "15:00", "to": "15:30" }
 * ] }
 * ```
 *
 * - `down` (a function: lookup, intake, escalation, api, ctr-consumer): every invocation throws, as
 *   a function that fails (the flows take their error branch; the desk's request fails with 500;
 *   the contact-record batch fails and the stream delivers it again later).
 * - `slow` (a flow function): every invocation runs past the flow's InvocationTimeLimitSeconds; the
 *   caller waits that long and the flow takes its error branch (the simulator's "slow" fault: no
 *   real waiting). For the api and the ctr-consumer, `slow` means past their own time-outs: failed.
 * - `throttle` (dynamodb): that share of the DynamoDB requests the handlers make fails with
 *   ProvisionedThroughputExceededException. The error is injected in the handlers' one shared
 *   client (functions/commons/aws/dynamodb.ts) by a middleware in the SDK's `initialize` step,
 *   which runs before the SDK's retry step: the request fails as if the SDK's own retries
 *   (maxAttempts 3 in that client) had all been throttled too (the error and its retry advice:
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html). Which requests are hit is drawn
 *   from the run's seed in the order the requests are made.
 */

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const window = {
  from: z.string().regex(HH_MM, 'must be HH:MM'),
  to: z.string().regex(HH_MM, 'must be HH:MM'),
};

export const FUNCTION_TARGETS = ['lookup', 'intake', 'escalation', 'api', 'ctr-consumer'] as const;
export type FunctionTarget = (typeof FUNCTION_TARGETS)[number];

const faultSchema = z.discriminatedUnion('mode', [
  z.object({ target: z.enum(FUNCTION_TARGETS), mode: z.literal('down'), ...window }),
  z.object({ target: z.enum(FUNCTION_TARGETS), mode: z.literal('slow'), ...window }),
  z.object({
    target: z.literal('dynamodb'),
    mode: z.literal('throttle'),
    share: z.number().gt(0).max(1),
    ...window,
  }),
]);
export type Fault = z.infer<typeof faultSchema>;

export const faultsFileSchema = z.object({ faults: z.array(faultSchema) }).superRefine((file, ctx) =>
  file.faults.forEach((fault, i) => {
    if (fault.to <= fault.from)
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'to'], message: 'must be after from' });
  }),
);

export class FaultsFileError extends Error {
  override readonly name = 'FaultsFileError';
}

/** Reads and checks a faults file; every problem is named with its path. */
export const loadFaultsFile = (file: string): Fault[] => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FaultsFileError(`${file}: ${(error as Error).message}`);
  }
  const parsed = faultsFileSchema.safeParse(json);
  if (!parsed.success)
    throw new FaultsFileError(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data.faults;
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Which fault applies to a target at a local time (seconds since midnight of the simulated day). */
export class FaultPlan {
  private readonly rng;

  constructor(
    readonly faults: readonly Fault[],
    seed: number,
  ) {
    this.rng = createRng(seed).fork();
  }

  private active(target: string, secondsOfDay: number): Fault | undefined {
    const minute = secondsOfDay / 60;
    return this.faults.find(
      (f) => f.target === target && minute >= minutesOf(f.from) && minute < minutesOf(f.to),
    );
  }

  /** `down` / `slow` for a function at that time, or undefined. */
  functionFault(target: FunctionTarget, secondsOfDay: number): 'down' | 'slow' | undefined {
    const fault = this.active(target, secondsOfDay);
    return fault?.mode === 'down' || fault?.mode === 'slow' ? fault.mode : undefined;
  }

  /** Whether this DynamoDB request is throttled. */
  throttles(secondsOfDay: number): boolean {
    const fault = this.active('dynamodb', secondsOfDay);
    return fault?.mode === 'throttle' && chance(this.rng, fault.share);
  }

  /** The end of the last fault window of a target (seconds since midnight), or null. */
  lastEnd(targets: readonly string[]): number | null {
    const ends = this.faults.filter((f) => targets.includes(f.target)).map((f) => minutesOf(f.to) * 60);
    return ends.length === 0 ? null : Math.max(...ends);
  }
}

/** A flow function that fails the way the plan says at the caller's simulated time. */
export const withFaults =
  (name: FunctionTarget, fn: FlowFunction, plan: FaultPlan, secondsOfDay: () => number): FlowFunction =>
  (event, context) => {
    const fault = plan.functionFault(name, secondsOfDay());
    if (fault === 'down') throw new Error(`Simulated fault: ${name} is down (day simulation faults)`);
    if (fault === 'slow') return SLOW_FAULT_MARKER;
    return fn(event, context);
  };

/** The throttling error DynamoDB answers when a table's capacity is exceeded. */
export const throttlingError = () =>
  new ProvisionedThroughputExceededException({
    message: 'Simulated throttling (day simulation faults): the request rate exceeds the table’s capacity',
    $metadata: { httpStatusCode: 400 },
  });
