import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError, flowMarginMs, remainingBudgetMs } from '#commons/aws/time-budget';
import { lambdaContext, setHandlerEnvironment } from '../handlers/support';

/**
 * withPowertools(fn, flow) in functions/commons/handler-kit.ts: a flow-invoked handler runs with
 * its flow's deadline, counts a Lambda cold start's initialisation as time the caller waited, and
 * reports running out of time as DeadlineExceededError.
 */

setHandlerEnvironment();
const { withPowertools } = await import('#commons/handler-kit');

const contextWith = (remainingMs: number): Context => ({
  ...lambdaContext('flow-test'),
  getRemainingTimeInMillis: () => remainingMs,
});

afterEach(() => vi.unstubAllEnvs());

describe('flow-invoked handlers', () => {
  it('run with the flow’s limit less the margin when the Lambda has more time', async () => {
    const handler = withPowertools(async () => remainingBudgetMs(), { name: 'test', flowLimitMs: 3_000 });
    const left = await handler({}, contextWith(30_000));
    expect(left).toBeLessThanOrEqual(3_000 - flowMarginMs(3_000));
    expect(left).toBeGreaterThan(3_000 - flowMarginMs(3_000) - 1_500);
  });

  it('run with the Lambda’s remaining time when there is no flow limit', async () => {
    const handler = withPowertools(async () => remainingBudgetMs(), { name: 'test', flowLimitMs: undefined });
    expect(await handler({}, contextWith(1_000))).toBeLessThanOrEqual(1_000);
  });

  it('count a Lambda cold start’s initialisation as time the caller already waited', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'minwon365-intake');
    // Created and invoked at once: the first invocation of a new execution environment.
    const handler = withPowertools(async () => remainingBudgetMs(), { name: 'test', flowLimitMs: 8_000 });
    const sinceProcessStart = performance.now();
    const left = (await handler({}, contextWith(8_000))) ?? Number.NaN;
    expect(left).toBeLessThanOrEqual(8_000 - flowMarginMs(8_000) - sinceProcessStart + 50);
  });

  it('do not count initialisation when the environment was initialised ahead of the invocation', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'minwon365-intake');
    const handler = withPowertools(async () => remainingBudgetMs(), { name: 'test', flowLimitMs: 4_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const left = (await handler({}, contextWith(4_000))) ?? Number.NaN;
    expect(left).toBeGreaterThan(4_000 - flowMarginMs(4_000) - 1_500);
  });

  it('report an AWS call aborted at the deadline as DeadlineExceededError, with the SDK’s error as cause', async () => {
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const handler = withPowertools(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, (remainingBudgetMs() ?? 0) + 20)));
        throw aborted;
      },
      { name: 'intake', flowLimitMs: undefined },
    );
    const failure = await handler({}, contextWith(300)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeadlineExceededError);
    expect((failure as Error).message).toBe("intake: the flow's deadline passed");
    expect((failure as Error).cause).toBe(aborted);
  });

  it('find a refusal wrapped by another library (Powertools idempotency wraps its store’s errors)', async () => {
    const refusal = new DeadlineExceededError('request not started');
    const handler = withPowertools(
      async () => {
        throw new Error('Failed to save in progress record to idempotency store', { cause: refusal });
      },
      { name: 'intake', flowLimitMs: 4_000 },
    );
    await expect(handler({}, contextWith(4_000))).rejects.toBe(refusal);
  });

  it('let other failures through unchanged while time remains', async () => {
    const failure = new Error('ValidationException');
    const handler = withPowertools(
      async () => {
        throw failure;
      },
      { name: 'lookup', flowLimitMs: 3_000 },
    );
    await expect(handler({}, contextWith(3_000))).rejects.toBe(failure);
  });

  it('leave handlers that no flow invokes without a budget', async () => {
    const handler = withPowertools(async () => remainingBudgetMs());
    expect(await handler({}, contextWith(3_000))).toBeUndefined();
  });
});
