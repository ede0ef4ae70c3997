import { percentile } from '#domain/planning/day-figures';

/**
 * What the day simulation measures of the system itself: wall-clock latency of every handler
 * invocation (in this process, on DynamoDB Local), failures by handler and by 30-minute interval of
 * the simulated day, and the DynamoDB requests the handlers made (and how many were throttled).
 */

export interface HandlerFigures {
  invocations: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class Telemetry {
  private readonly latencies = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  /** Failures by handler and interval start minute. */
  private readonly failuresByInterval = new Map<string, Map<number, number>>();
  dynamoRequests = 0;
  dynamoThrottled = 0;
  readonly dynamoByOperation = new Map<string, number>();

  constructor(private readonly intervalOf: (secondsOfDay: number) => number) {}

  record(handler: string, ms: number, failed: boolean, secondsOfDay: number): void {
    const list = this.latencies.get(handler) ?? [];
    list.push(ms);
    this.latencies.set(handler, list);
    if (!failed) return;
    this.failures.set(handler, (this.failures.get(handler) ?? 0) + 1);
    const byInterval = this.failuresByInterval.get(handler) ?? new Map<number, number>();
    const interval = this.intervalOf(secondsOfDay);
    byInterval.set(interval, (byInterval.get(interval) ?? 0) + 1);
    this.failuresByInterval.set(handler, byInterval);
  }

  /** Times `work` as one invocation of `handler` at the simulated `secondsOfDay`. */
  async time<T>(
    handler: string,
    secondsOfDay: number,
    work: () => T | Promise<T>,
    failed?: (value: T) => boolean,
  ) {
    const started = performance.now();
    try {
      const value = await work();
      this.record(handler, performance.now() - started, failed?.(value) ?? false, secondsOfDay);
      return value;
    } catch (error) {
      this.record(handler, performance.now() - started, true, secondsOfDay);
      throw error;
    }
  }

  countDynamo(operation: string, throttled: boolean): void {
    this.dynamoRequests += 1;
    if (throttled) this.dynamoThrottled += 1;
    this.dynamoByOperation.set(operation, (this.dynamoByOperation.get(operation) ?? 0) + 1);
  }

  handlers(): Record<string, HandlerFigures> {
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return Object.fromEntries(
      [...this.latencies].map(([handler, ms]) => [
        handler,
        {
          invocations: ms.length,
          failures: this.failures.get(handler) ?? 0,
          p50Ms: round(percentile(ms, 0.5)),
          p99Ms: round(percentile(ms, 0.99)),
          maxMs: round(ms.reduce((a, b) => Math.max(a, b), 0)),
        },
      ]),
    );
  }

  /** Failures of every handler in the interval starting at `minute`. */
  failuresIn(minute: number): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [handler, byInterval] of this.failuresByInterval) {
      const count = byInterval.get(minute);
      if (count) result[handler] = count;
    }
    return result;
  }
}
