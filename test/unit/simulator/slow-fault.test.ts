import { describe, expect, it } from 'vitest';
import { contactFlowEvent } from '#test/flow-event';
import { invokeFunction, withFault } from '#tools/simulator/lambda';
import type { ConnectContactFlowEvent, FlowFunction } from '#tools/simulator/types';

/**
 * The simulator's `slow` fault (tools/simulator/lambda.ts) runs the handler for real with the
 * block's time already spent, and records the invocation as past the limit with what the handler
 * did then.
 */

const event = contactFlowEvent({ kind: 'report' }, 'slow-1') as unknown as ConnectContactFlowEvent;
const invoke = (fn: FlowFunction) =>
  invokeFunction({
    name: 'intake',
    fn: withFault(fn, 'slow'),
    event,
    timeLimitSeconds: 4,
    responseType: 'STRING_MAP',
    flow: 'inbound',
    action: 'callback-intake',
  });

describe('the slow fault', () => {
  it('runs the handler with no time left, and records a timeout with what the handler did', async () => {
    const seen: number[] = [];
    const record = await invoke((_event, context) => {
      seen.push(context.getRemainingTimeInMillis());
      return { status: 'CREATED', ticketNumber: '20270000001' };
    });

    expect(seen).toEqual([0]);
    expect(record.status).toBe('timeout');
    expect(record.result).toBeNull();
    expect(record.error).toBe(
      'no response within InvocationTimeLimitSeconds=4; run with the limit spent, the handler answered status CREATED',
    );
  });

  it('reports a handler that refuses to work after the deadline', async () => {
    const record = await invoke(async () => {
      throw Object.assign(new Error('Ticket write not started: 0 ms left'), {
        name: 'DeadlineExceededError',
      });
    });

    expect(record.status).toBe('timeout');
    expect(record.error).toContain(
      'the handler threw DeadlineExceededError: Ticket write not started: 0 ms left',
    );
  });
});
