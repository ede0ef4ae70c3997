import { AsyncLocalStorage } from 'node:async_hooks';
import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, RetryStrategyV2 } from '@smithy/types';

/**
 * The time budget of a flow-invoked Lambda, and AWS SDK clients that keep to it.
 *
 * A contact flow waits `InvocationTimeLimitSeconds` (1–8 s) for the function, then takes the
 * block's error branch and tells the caller it failed; it does not cancel the function
 * (https://docs.aws.amazon.com/connect/latest/adminguide/invoke-lambda-function-block.html,
 * https://docs.aws.amazon.com/connect/latest/APIReference/interactions-invokelambdafunction.html).
 * Anything the function does after that the caller never hears about. So each invocation gets a
 * deadline ({@link flowDeadline}) and every AWS call made while it runs is bounded by it:
 *
 * - an attempt is not started with less than {@link MIN_ATTEMPT_MS} left (DeadlineExceededError);
 * - a read may take a share of what is left (half for DynamoDB and Secrets Manager, so a retry
 *   still fits; a quarter for Connect's agent-availability check, so the call-back ticket that
 *   follows a failed check still fits); a DynamoDB write may take all of it, because a write whose
 *   answer is slow has usually been applied, and repeating it after a timeout would apply it again
 *   (the ticket counter's ADD); every attempt is aborted at the deadline in any case (the request
 *   and the reading of its answer);
 * - the SDK retries (standard mode: throttling and transient errors,
 *   https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html) only while a
 *   further attempt fits after the backoff: the retry budget is the time left, not a count;
 * - a write that makes a ticket exist is started only when it and the write that records its
 *   result fit before the deadline ({@link requireTimeForCommit}, called by the ticket
 *   repository): no ticket is started that the caller could not hear about.
 *
 * Outside a flow invocation (the desk API, the stream consumers, tests calling adapters directly)
 * there is no budget, and the clients behave as they always did: fixed attempt counts, a
 * connection timeout, and a `requestTimeout` that only logs the SDK's warning (the Lambda
 * timeout is what bounds those functions).
 *
 * The deadline is kept in an AsyncLocalStorage, so concurrent invocations in one process (the
 * sandbox and the simulator run the handlers in-process) each keep their own.
 */

/** The shortest time in which a DynamoDB (or Secrets Manager) round trip can succeed in-region. */
export const MIN_ATTEMPT_MS = 100;

/** The deadline passed, or too little time is left to start the work. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

interface InvocationBudget {
  /** `Date.now()` value by which the function must have answered. */
  readonly deadline: number;
  /** The slowest successful round trip of this invocation (what the next write may take). */
  slowestRoundTripMs: number;
}

const storage = new AsyncLocalStorage<InvocationBudget>();

/** Runs `work` with a deadline (`Date.now()` ms): every budgeted AWS call inside keeps to it. */
export const runWithDeadline = <T>(deadline: number, work: () => Promise<T>): Promise<T> =>
  storage.run({ deadline, slowestRoundTripMs: 0 }, work);

/** Milliseconds left before the current invocation's deadline; undefined outside a budget. */
export const remainingBudgetMs = (): number | undefined => {
  const budget = storage.getStore();
  return budget === undefined ? undefined : budget.deadline - Date.now();
};

/**
 * Before a write that makes a ticket exist: throws {@link DeadlineExceededError} unless the write
 * and one more round trip after it (the idempotency record of its result) fit before the
 * deadline, each taking as long as the slowest round trip of this invocation so far (at least
 * {@link MIN_ATTEMPT_MS}). No-op outside a budget.
 */
export const requireTimeForCommit = (what: string): void => {
  const budget = storage.getStore();
  if (budget === undefined) return;
  const needed = 2 * Math.max(MIN_ATTEMPT_MS, budget.slowestRoundTripMs);
  const left = budget.deadline - Date.now();
  if (left < needed) {
    throw new DeadlineExceededError(
      `${what} not started: ${Math.max(0, Math.round(left))} ms left before the flow's deadline, ${Math.round(needed)} ms needed`,
    );
  }
};

export interface FlowDeadlineInput {
  /** When the handler was entered (`Date.now()`). */
  now: number;
  /** The tightest `InvocationTimeLimitSeconds` of the blocks invoking the function, in ms. */
  flowLimitMs?: number;
  /** `context.getRemainingTimeInMillis()`: the Lambda timeout is a hard stop. */
  lambdaRemainingMs: number;
  /**
   * Milliseconds the caller already waited before the handler was entered: on a cold start, the
   * process start and module initialisation (Lambda runs them after the invocation arrived).
   */
  alreadyWaitedMs?: number;
}

/**
 * What Connect's clock counts that the function cannot see: the Invoke round trip, the answer's
 * way back and, on a cold start, Lambda's own start of the execution environment before the Node
 * process. Not documented by AWS; 15 % of the flow's limit, at least 250 ms.
 */
export const flowMarginMs = (flowLimitMs: number): number => Math.max(250, Math.round(flowLimitMs * 0.15));

/** Kept from the Lambda timeout, so the function answers (with an error) rather than being killed. */
export const LAMBDA_TIMEOUT_MARGIN_MS = 50;

/** The invocation's deadline: the flow's limit less what was already waited and the margin, or the Lambda timeout. */
export const flowDeadline = (input: FlowDeadlineInput): number => {
  const byLambda = input.now + input.lambdaRemainingMs - LAMBDA_TIMEOUT_MARGIN_MS;
  if (input.flowLimitMs === undefined) return byLambda;
  const byFlow =
    input.now - (input.alreadyWaitedMs ?? 0) + input.flowLimitMs - flowMarginMs(input.flowLimitMs);
  return Math.min(byFlow, byLambda);
};

/** `FLOW_TIME_LIMIT_SECONDS` (set at synth from the contact flows), in ms; undefined when unset. */
export const flowLimitMsFromEnv = (env: Readonly<Record<string, string | undefined>>): number | undefined => {
  const raw = env.FLOW_TIME_LIMIT_SECONDS;
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 8) {
    throw new RangeError(
      `FLOW_TIME_LIMIT_SECONDS must be an integer from 1 to 8 (got ${JSON.stringify(raw)})`,
    );
  }
  return seconds * 1000;
};

export interface AttemptPolicy {
  /** Share of the time left that one attempt of a read may take (0–1]. */
  share: number;
  /**
   * Requests whose `x-amz-target` matches are reads; the others are writes and may take all the
   * time left in one attempt. Omit: every request is a read.
   */
  readTargets?: RegExp;
  /** Upper bound of one attempt inside a budget, ms (omit: only the share bounds it). */
  maxAttemptMs?: number;
  /** Attempts per call inside a budget, while time allows. */
  maxAttempts: number;
  /**
   * Outside a budget: the attempt count, the connection timeout, and the request time after which
   * the SDK logs a warning (it does not abort: `throwOnRequestTimeout` is off there, as before).
   */
  unbudgeted: { connectionTimeout: number; requestTimeout: number; maxAttempts: number };
}

/**
 * The request handler of a budgeted client: the SDK's NodeHttpHandler, with each attempt's
 * timeout derived from the time left. Inside a budget `throwOnRequestTimeout` makes
 * `requestTimeout` an error: since @smithy/node-http-handler 4.4 it is only a warning otherwise
 * (https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-smithy-node-http-handler).
 * Outside one, a second handler keeps the warning-only behaviour the clients always had.
 */
class BudgetedRequestHandler implements HttpHandler<NodeHttpHandlerOptions> {
  readonly #inner: NodeHttpHandler;
  readonly #unbudgeted: NodeHttpHandler;
  readonly #policy: AttemptPolicy;

  constructor(policy: AttemptPolicy) {
    this.#policy = policy;
    const { connectionTimeout, requestTimeout } = policy.unbudgeted;
    this.#inner = new NodeHttpHandler({ connectionTimeout, throwOnRequestTimeout: true });
    this.#unbudgeted = new NodeHttpHandler({ connectionTimeout, requestTimeout });
  }

  get metadata() {
    return this.#inner.metadata;
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const budget = storage.getStore();
    if (budget === undefined) return this.#unbudgeted.handle(request, options);
    const left = budget.deadline - Date.now();
    if (left < MIN_ATTEMPT_MS) {
      throw new DeadlineExceededError(
        `${request.hostname} request not started: ${Math.max(0, Math.round(left))} ms left before the flow's deadline`,
      );
    }
    const { readTargets } = this.#policy;
    const write =
      readTargets !== undefined && !readTargets.test(String(request.headers['x-amz-target'] ?? ''));
    const attemptMs = Math.min(
      left,
      write ? left : Math.max(MIN_ATTEMPT_MS, left * this.#policy.share),
      this.#policy.maxAttemptMs ?? Number.POSITIVE_INFINITY,
    );
    // The deadline also bounds reading the answer (requestTimeout stops at the response headers).
    const atDeadline = AbortSignal.timeout(Math.max(1, Math.round(left)));
    const abortSignal = options.abortSignal
      ? AbortSignal.any([options.abortSignal as AbortSignal, atDeadline])
      : atDeadline;
    const started = Date.now();
    const result = await this.#inner.handle(request, {
      ...options,
      abortSignal,
      requestTimeout: Math.round(attemptMs),
    });
    budget.slowestRoundTripMs = Math.max(budget.slowestRoundTripMs, Date.now() - started);
    return result;
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
    this.#inner.updateHttpClientConfig(key, value);
    this.#unbudgeted.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.#unbudgeted.httpHandlerConfigs();
  }

  destroy(): void {
    this.#inner.destroy();
    this.#unbudgeted.destroy();
  }
}

/** The SDK's full-jitter backoff (base 50 ms, doubling), as standard mode computes it. */
const backoffMs = (attempt: number): number =>
  Math.floor(Math.random() * Math.min(50 * 2 ** attempt, 20_000));

/**
 * Standard-mode retries (the SDK's ConfiguredRetryStrategy: which errors are retried, the retry
 * quota) whose attempt count and backoff depend on the time left: no retry is begun when, after
 * the backoff, less than {@link MIN_ATTEMPT_MS} would remain.
 */
const budgetedRetryStrategy = (policy: AttemptPolicy): RetryStrategyV2 =>
  new ConfiguredRetryStrategy(
    async () => {
      const left = remainingBudgetMs();
      if (left === undefined) return policy.unbudgeted.maxAttempts;
      // 1: the attempt just made was the last one that fitted.
      return left < 2 * MIN_ATTEMPT_MS ? 1 : policy.maxAttempts;
    },
    (attempt) => {
      const delay = backoffMs(attempt);
      const left = remainingBudgetMs();
      return left === undefined ? delay : Math.max(0, Math.min(delay, left - MIN_ATTEMPT_MS));
    },
  );

/** Client options (`requestHandler`, `retryStrategy`) for an AWS SDK client that keeps to the budget. */
export const budgetedClientConfig = (policy: AttemptPolicy) => ({
  requestHandler: new BudgetedRequestHandler(policy),
  retryStrategy: budgetedRetryStrategy(policy),
});
