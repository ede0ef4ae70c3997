import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '#commons/aws/time-budget';
import { createFakeTables, flowEvent, lambdaContext, setHandlerEnvironment } from './support';

/**
 * intake keeps to the flow's time budget (functions/commons/aws/time-budget.ts): the ticket write
 * is started only when it and the record of its result fit before the flow's deadline, so a
 * ticket the caller is never told about is never begun. The tables are aws-sdk-client-mock fakes;
 * the counter is made slow.
 */

setHandlerEnvironment({ FLOW_TIME_LIMIT_SECONDS: '4' });
const tables = createFakeTables();
const { handler } = await import('#functions/intake/handler');

const report = {
  kind: 'report',
  category: 'living-complaints',
  description: '가로등이 꺼져 있어 밤길이 위험합니다',
  location: '상당구 상당로 155 앞',
};

const withRemaining = (remainingMs: number): Context => ({
  ...lambdaContext('intake'),
  getRemainingTimeInMillis: () => remainingMs,
});

/** The Counters table answering after `delayMs` (a slow DynamoDB). */
const slowCounter = (delayMs: number) => {
  let value = 0;
  tables.doc.on(UpdateCommand, { TableName: 'Counters' }).callsFake(async () => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    value += 1;
    return { Attributes: { value } };
  });
};

beforeEach(() => tables.reset());

describe('intake within the flow’s time budget', () => {
  it('does not write the ticket when a slow DynamoDB leaves too little time for the write and its record', async () => {
    slowCounter(750);
    // The Lambda has 900 ms left (the flow's 4 s are mostly spent): the counter takes 750 of them.
    const failure = await handler(flowEvent(report, { contactId: 'late-1' }), withRemaining(900)).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(DeadlineExceededError);
    expect((failure as Error).message).toMatch(/^Ticket \d{11} write not started: \d+ ms left/);
    expect(tables.tickets.size).toBe(0);
  });

  it('writes the ticket when DynamoDB is slow but the flow’s time suffices', async () => {
    slowCounter(300);
    const response = await handler(
      flowEvent(report, { contactId: 'slow-but-in-time' }),
      withRemaining(4_000),
    );

    expect(response.status).toBe('CREATED');
    expect(tables.tickets.has(response.ticketNumber ?? '')).toBe(true);
  });

  it('writes no ticket when it runs after the flow has given up (no time left)', async () => {
    await expect(handler(flowEvent(report, { contactId: 'given-up' }), withRemaining(0))).rejects.toThrow(
      DeadlineExceededError,
    );
    expect(tables.tickets.size).toBe(0);
  });

  it('lets a retry of the same contact create the ticket once time allows (nothing half-done is kept)', async () => {
    const event = flowEvent(report, { contactId: 'late-then-retried' });
    await expect(handler(event, withRemaining(0))).rejects.toThrow(DeadlineExceededError);
    const response = await handler(event, withRemaining(4_000));

    expect(response.status).toBe('CREATED');
    expect(tables.tickets.size).toBe(1);
  });
});
