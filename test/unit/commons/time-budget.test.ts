import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetedClientConfig,
  DeadlineExceededError,
  flowDeadline,
  flowLimitMsFromEnv,
  flowMarginMs,
  LAMBDA_TIMEOUT_MARGIN_MS,
  MIN_ATTEMPT_MS,
  remainingBudgetMs,
  requireTimeForCommit,
  runWithDeadline,
} from '#commons/aws/time-budget';

/**
 * The flow time budget (functions/commons/aws/time-budget.ts): the deadline arithmetic, and a real
 * SDK client with the budgeted request handler and retry strategy against a local HTTP server
 * that plays a slow or hung DynamoDB.
 */

describe('flow deadline', () => {
  const now = 1_000_000;

  it('is the flow’s limit less the margin when the Lambda has more time left', () => {
    expect(flowDeadline({ now, flowLimitMs: 4_000, lambdaRemainingMs: 4_000 })).toBe(
      now + 4_000 - flowMarginMs(4_000),
    );
    expect(flowMarginMs(4_000)).toBe(600);
    expect(flowMarginMs(1_000)).toBe(250);
  });

  it('is the Lambda timeout (less a little) when that comes first', () => {
    expect(flowDeadline({ now, flowLimitMs: 4_000, lambdaRemainingMs: 1_000 })).toBe(
      now + 1_000 - LAMBDA_TIMEOUT_MARGIN_MS,
    );
  });

  it('counts what the caller already waited (a cold start’s initialisation)', () => {
    expect(flowDeadline({ now, flowLimitMs: 3_000, lambdaRemainingMs: 3_000, alreadyWaitedMs: 900 })).toBe(
      now - 900 + 3_000 - flowMarginMs(3_000),
    );
  });

  it('without a flow limit, only the Lambda timeout bounds the invocation', () => {
    expect(flowDeadline({ now, lambdaRemainingMs: 30_000, alreadyWaitedMs: 900 })).toBe(
      now + 30_000 - LAMBDA_TIMEOUT_MARGIN_MS,
    );
  });

  it('reads FLOW_TIME_LIMIT_SECONDS as Connect allows it (an integer from 1 to 8)', () => {
    expect(flowLimitMsFromEnv({ FLOW_TIME_LIMIT_SECONDS: '3' })).toBe(3_000);
    expect(flowLimitMsFromEnv({})).toBeUndefined();
    for (const bad of ['0', '9', '2.5', 'three']) {
      expect(() => flowLimitMsFromEnv({ FLOW_TIME_LIMIT_SECONDS: bad })).toThrow(/integer from 1 to 8/);
    }
  });
});

describe('time left and the commit rule', () => {
  it('is unknown outside a flow invocation, where the commit rule does not apply', () => {
    expect(remainingBudgetMs()).toBeUndefined();
    expect(() => requireTimeForCommit('Ticket write')).not.toThrow();
  });

  it('refuses a ticket write when it and the record of its result no longer fit', async () => {
    await runWithDeadline(Date.now() + 2 * MIN_ATTEMPT_MS - 20, async () => {
      expect(() => requireTimeForCommit('Ticket 2027-000-0001 write')).toThrow(DeadlineExceededError);
      expect(() => requireTimeForCommit('Ticket 2027-000-0001 write')).toThrow(
        /Ticket 2027-000-0001 write not started: \d+ ms left before the flow's deadline, 200 ms needed/,
      );
    });
  });

  it('allows a ticket write with enough time left', async () => {
    await runWithDeadline(Date.now() + 2_000, async () => {
      expect(() => requireTimeForCommit('Ticket write')).not.toThrow();
      expect(remainingBudgetMs()).toBeGreaterThan(1_500);
    });
  });

  it('keeps the deadlines of concurrent invocations apart', async () => {
    const seen = await Promise.all([
      runWithDeadline(Date.now() + 1_000, async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return remainingBudgetMs() ?? 0;
      }),
      runWithDeadline(Date.now() + 5_000, async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return remainingBudgetMs() ?? 0;
      }),
    ]);
    expect(seen[0]).toBeLessThanOrEqual(1_000);
    expect(seen[1]).toBeGreaterThan(1_000);
  });
});

describe('a budgeted DynamoDB client', () => {
  type Reply = (request: IncomingMessage, response: ServerResponse) => void;
  let server: Server;
  let endpoint = '';
  let replies: Reply[] = [];
  let requests = 0;
  const hung = new Set<ServerResponse>();
  const ok: Reply = (_request, response) => {
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end('{"TableNames":["Tickets"]}');
  };
  const hang: Reply = (_request, response) => {
    hung.add(response);
  };
  const serverError: Reply = (_request, response) => {
    response.statusCode = 500;
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end('{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"try again"}');
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests++;
      request.resume();
      request.on('end', () => (replies.shift() ?? ok)(request, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    for (const response of hung) response.destroy();
    hung.clear();
    replies = [];
    requests = 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (readTargets?: RegExp) =>
    new DynamoDBClient({
      region: 'ap-northeast-2',
      endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...budgetedClientConfig({
        share: 0.5,
        ...(readTargets !== undefined && { readTargets }),
        maxAttempts: 4,
        unbudgeted: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
      }),
    });
  const slow =
    (delayMs: number): Reply =>
    (request, response) => {
      setTimeout(() => ok(request, response), delayMs);
    };

  it('does not start a request with less than the minimum attempt time left', async () => {
    const dynamo = client();
    await expect(
      runWithDeadline(Date.now() + MIN_ATTEMPT_MS / 2, () => dynamo.send(new ListTablesCommand({}))),
    ).rejects.toThrow(DeadlineExceededError);
    expect(requests).toBe(0);
  });

  it('gives up on a hung DynamoDB by the deadline, not after the fixed timeouts and retries', async () => {
    replies = [hang, hang, hang, hang];
    const dynamo = client();
    const started = Date.now();
    const failure = await runWithDeadline(Date.now() + 800, () =>
      dynamo.send(new ListTablesCommand({})),
    ).catch((error: unknown) => error as Error);
    const elapsed = Date.now() - started;
    expect(failure).toBeInstanceOf(Error);
    // Unbudgeted, the SDK would wait for the hung answer for ever (requestTimeout only warns).
    // The margin over 800 ms is for a busy machine's late timers.
    expect(elapsed).toBeLessThan(2_500);
    expect(requests).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['retries a transient failure while time remains', () => [serverError, ok], 3_000],
    [
      'answers after a hung first attempt, within the budget, when the retry gets through',
      () => [hang, ok],
      2_000,
    ],
  ])('%s', async (_name, script, budgetMs) => {
    replies = script();
    const dynamo = client();
    const output = await runWithDeadline(Date.now() + budgetMs, () => dynamo.send(new ListTablesCommand({})));
    expect(output.TableNames).toEqual(['Tickets']);
    expect(requests).toBe(2);
  });

  it('waits for a slow write’s answer in one attempt (repeating it could apply it twice), but retries a slow read', async () => {
    // Only GetItem is a read for this client: its ListTables request counts as a write.
    const onlyGetItem = /\.GetItem$/;
    replies = [slow(700)];
    const written = await runWithDeadline(Date.now() + 1_200, () =>
      client(onlyGetItem).send(new ListTablesCommand({})),
    );
    expect(written.TableNames).toEqual(['Tickets']);
    expect(requests).toBe(1);

    requests = 0;
    replies = [slow(700), ok];
    const read = await runWithDeadline(Date.now() + 1_200, () => client().send(new ListTablesCommand({})));
    expect(read.TableNames).toEqual(['Tickets']);
    expect(requests).toBe(2);
  });

  it('outside a flow invocation, uses the fixed timeouts (a transient failure is still retried)', async () => {
    replies = [serverError, ok];
    const output = await client().send(new ListTablesCommand({}));
    expect(output.TableNames).toEqual(['Tickets']);
    expect(requests).toBe(2);
  });
});
