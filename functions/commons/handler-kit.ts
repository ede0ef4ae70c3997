import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type FlowResponse, invalidInput } from '#commons/flow-response';
import { logger, METRIC_NAMES, metrics, tracer } from '#commons/powertools';

/**
 * Plumbing shared by the handlers: the middy chain in the project's order (tracer, logger,
 * metrics; validation is the first thing each handler body does, with zod, so bad input becomes
 * a response and never an exception), and the INVALID_INPUT answer with its log line and metric.
 */

export const withPowertools = <E, R>(fn: (event: E, context: Context) => Promise<R>) =>
  middy(fn).use(captureLambdaHandler(tracer)).use(injectLambdaContext(logger)).use(logMetrics(metrics));

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
