import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '#commons/aws/time-budget';
import { loadCityConfig } from '#infra/config/load';
import { toRuntimeConfig } from '#infra/config/runtime';
import { contactFlowEvent } from '#test/flow-event';
import { localAws, localClients, tableName, useLocalAwsEnvironment } from '#test/local';
import { type SlowProxy, startSlowProxy } from '#test/slow-proxy';
import { lambdaContext } from '../unit/handlers/support';

/**
 * The flow time budget on DynamoDB Local made slow: lookup and intake run in-process with their
 * DynamoDB traffic through a proxy on 127.0.0.1 that holds every answer back (or never answers).
 * Whatever DynamoDB does, each handler answers (or fails) inside its flow block's
 * InvocationTimeLimitSeconds, and intake never leaves a ticket behind that the caller was not told
 * about. The tickets are read back directly from DynamoDB Local, not through the proxy.
 */

type FlowHandler = (event: unknown, context: Context) => Promise<Record<string, string>>;
let intake: FlowHandler;
let lookup: FlowHandler;
let proxy: SlowProxy;
let restoreEnvironment: () => void;
const { doc } = localClients();

/** A Lambda context whose timeout is the flow's limit, as the Functions stack sets it. */
const contextOf = (limitMs: number): Context => {
  const deadline = Date.now() + limitMs;
  return { ...lambdaContext('budget'), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
};

const report = {
  kind: 'report',
  category: 'living-complaints',
  description: '가로등이 꺼져 있어 밤길이 위험합니다',
  location: '상당구 상당로 155 앞',
};

const ticketsOfContact = async (contactId: string) => {
  const page = await doc.send(
    new ScanCommand({
      TableName: tableName('Tickets'),
      FilterExpression: 'contactId = :contactId',
      ExpressionAttributeValues: { ':contactId': contactId },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
};

/** Lets answers still held by the proxy arrive at DynamoDB Local's side effects before checking. */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  proxy = await startSlowProxy(localAws().dynamoEndpoint);
  const city = await loadCityConfig('cheongju');
  const environment = {
    CITY_CONFIG: JSON.stringify(toRuntimeConfig(city)),
    TICKETS_TABLE: tableName('Tickets'),
    COUNTERS_TABLE: tableName('Counters'),
    KB_TABLE: tableName('KnowledgeBase'),
    IDEMPOTENCY_TABLE: tableName('Idempotency'),
    CALLER_HASH_KEY: 'integration-caller-hash-key-0123456789abcdef',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  restoreEnvironment = useLocalAwsEnvironment({ ...environment, AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
  // Each handler reads its flow's limit at cold start, as FunctionsStack sets it from the flows.
  process.env.FLOW_TIME_LIMIT_SECONDS = '3';
  lookup = (await import('#functions/lookup/handler')).handler as unknown as FlowHandler;
  process.env.FLOW_TIME_LIMIT_SECONDS = '4';
  intake = (await import('#functions/intake/handler')).handler as unknown as FlowHandler;
  delete process.env.FLOW_TIME_LIMIT_SECONDS;
});

afterAll(async () => {
  restoreEnvironment?.();
  await proxy?.stop();
});

describe('the flow time budget on a slow DynamoDB Local', () => {
  it('intake files the ticket inside the 4 s limit when every DynamoDB answer takes 100 ms', async () => {
    proxy.setMode({ kind: 'delay', delayMs: 100 });
    const contactId = `budget-slow-ok-${Date.now()}`;
    const started = Date.now();
    const response = await intake(contactFlowEvent(report, contactId), contextOf(4_000));

    expect(Date.now() - started).toBeLessThan(4_000);
    expect(response.status).toBe('CREATED');
    expect((await ticketsOfContact(contactId)).map((item) => item.ticketNumber)).toEqual([
      response.ticketNumber,
    ]);
  });

  it('intake fails inside the 4 s limit and leaves no ticket when every DynamoDB answer takes 1.5 s', async () => {
    proxy.setMode({ kind: 'delay', delayMs: 1_500 });
    const contactId = `budget-too-slow-${Date.now()}`;
    const started = Date.now();
    const failure = await intake(contactFlowEvent(report, contactId), contextOf(4_000)).catch(
      (error: unknown) => error as Error,
    );
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(4_000);
    expect(failure).toBeInstanceOf(DeadlineExceededError);
    proxy.setMode({ kind: 'pass' });
    await settle(1_600);
    expect(await ticketsOfContact(contactId)).toEqual([]);
  });

  it('intake fails inside the 4 s limit when DynamoDB never answers, and no ticket appears afterwards', async () => {
    proxy.setMode({ kind: 'blackhole' });
    const contactId = `budget-hung-${Date.now()}`;
    const started = Date.now();
    const failure = await intake(contactFlowEvent(report, contactId), contextOf(4_000)).catch(
      (error: unknown) => error as Error,
    );

    expect(Date.now() - started).toBeLessThan(4_000);
    expect(failure).toBeInstanceOf(DeadlineExceededError);
    proxy.setMode({ kind: 'pass' });
    await settle(500);
    expect(await ticketsOfContact(contactId)).toEqual([]);
  });

  it('lookup answers the caller context inside its 3 s limit when DynamoDB answers in 200 ms', async () => {
    proxy.setMode({ kind: 'delay', delayMs: 200 });
    const started = Date.now();
    const response = await lookup(
      contactFlowEvent({ action: 'callerContext' }, `budget-lookup-${Date.now()}`),
      contextOf(3_000),
    );

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe('OK');
  });

  it('lookup fails inside its 3 s limit when DynamoDB never answers', async () => {
    proxy.setMode({ kind: 'blackhole' });
    const started = Date.now();
    const failure = await lookup(
      contactFlowEvent({ action: 'callerContext' }, `budget-lookup-hung-${Date.now()}`),
      contextOf(3_000),
    ).catch((error: unknown) => error as Error);

    expect(Date.now() - started).toBeLessThan(3_000);
    // Its reads were retried while time remained; the last attempt's timeout, or the refusal of one
    // more, ends it.
    expect(failure?.name).toMatch(/^(TimeoutError|DeadlineExceededError)$/);
    proxy.setMode({ kind: 'pass' });
  });
});
