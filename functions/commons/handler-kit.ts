import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DeadlineExceededError, flowDeadline, runWithDeadline } from '#commons/aws/time-budget';
import { type FlowResponse, invalidInput } from '#commons/flow-response';
import { logger, METRIC_NAMES, metrics, tracer } from '#commons/powertools';

/**
 * Plumbing shared by the handlers: the middy chain in the project's order (tracer, logger,
 * metrics; validation is the first thing each handler body does, with zod, so bad input becomes
 * a response and never an exception), and the INVALID_INPUT answer with its log line and metric.
 */

/** A handler invoked by a contact flow: its name and the flow's limit (`FLOW_TIME_LIMIT_SECONDS`). */
export interface FlowBudget {
  name: string;
  flowLimitMs: number | undefined;
}

/**
 * A cold start's first invocation is entered at once after the module initialised; a longer gap
 * means Lambda initialised the environment ahead of the invocation, and the caller did not wait
 * for the initialisation.
 */
const COLD_START_GAP_MS = 200;

/** Timers fire to the millisecond, `Date.now()` rounds: an abort at the deadline may read 1 ms early. */
const DEADLINE_TOLERANCE_MS = 10;

const deadlineErrorIn = (error: unknown): DeadlineExceededError | undefined => {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof DeadlineExceededError) return cause;
  }
  return undefined;
};

/**
 * Each invocation of a flow-invoked handler runs with a deadline (commons/aws/time-budget.ts): the
 * flow's limit less what the caller already waited and a margin, never past the Lambda timeout;
 * every AWS call it makes keeps to it, and running out of time is thrown as DeadlineExceededError
 * (logged and counted as `FlowDeadlineExceeded`). On the first invocation of a Lambda execution
 * environment the time since the process started counts as waited: Lambda runs the Init phase
 * (process start, module initialisation) after the invocation arrived, and the Init phase is not
 * part of the function timeout (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 */
const withFlowDeadline = <E, R>(fn: (event: E, context: Context) => Promise<R>, flow: FlowBudget) => {
  // Called at the end of the handler module's initialisation.
  const initialisedAt = performance.now();
  // Only in Lambda is the process this function's own (the sandbox and tests share one process).
  let coldStartPending = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  return async (event: E, context: Context): Promise<R> => {
    const enteredAt = performance.now();
    const coldStart = coldStartPending && enteredAt - initialisedAt < COLD_START_GAP_MS;
    coldStartPending = false;
    const deadline = flowDeadline({
      now: Date.now(),
      ...(flow.flowLimitMs !== undefined && { flowLimitMs: flow.flowLimitMs }),
      lambdaRemainingMs: context.getRemainingTimeInMillis(),
      alreadyWaitedMs: coldStart ? enteredAt : 0,
    });
    try {
      return await runWithDeadline(deadline, () => fn(event, context));
    } catch (error) {
      // An attempt aborted at the deadline surfaces as the SDK's AbortError or TimeoutError, and a
      // refused one may come wrapped (Powertools idempotency wraps its store's errors).
      const late =
        deadlineErrorIn(error) ??
        (Date.now() >= deadline - DEADLINE_TOLERANCE_MS
          ? new DeadlineExceededError(`${flow.name}: the flow's deadline passed`, { cause: error })
          : undefined);
      if (late === undefined) throw error;
      logger.warn('Flow deadline reached; answering with an error', {
        function: flow.name,
        reason: late.message,
        coldStart,
      });
      countMetric('FlowDeadlineExceeded', { function: flow.name });
      throw late;
    }
  };
};

/**
 * The middy chain of every handler. `flow`: the handler is invoked by contact flows and keeps to
 * their time budget (call it last in the handler module, so that its initialisation has ended).
 */
export const withPowertools = <E, R>(fn: (event: E, context: Context) => Promise<R>, flow?: FlowBudget) =>
  middy(flow === undefined ? fn : withFlowDeadline(fn, flow))
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));

/** Logs the reason (never the input values) and counts it; returns `status=INVALID_INPUT`. */
export const rejectInput = (
  functionName: string,
  error: string,
  extra: Record<string, string> = {},
): FlowResponse => {
  logger.warn('Invalid input', { function: functionName, reason: error });
  countMetric(METRIC_NAMES.invalidInput, { function: functionName });
  return invalidInput(error, extra);
};

/**
 * Counts one event of `name` with its dimensions. The invocation's first metric goes to the shared
 * metrics object (flushed by logMetrics at the end, so an invocation always has something to
 * publish); any further one is a single metric of its own, so dimensions never mix.
 */
export const countMetric = (name: string, dimensions: Record<string, string>): void => {
  const target = metrics.hasStoredMetrics() ? metrics.singleMetric() : metrics;
  target.addDimensions(dimensions);
  target.addMetric(name, MetricUnit.Count, 1);
};

/** Optional flow parameter: Connect passes a missing attribute as `""`. */
export const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
