import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '#infra/config/load';
import { type CitySimulatorSettings, simulatorSettingsFromCity } from '#tools/simulator/city';
import { createFakeBackend } from '#tools/simulator/fakes';
import { createSimulator, type LiveQueue, type QueueEvent, type QueueSpan } from '#tools/simulator/index';

/**
 * The event-driven queue API (StartCallOptions.liveQueue) the day simulation drives: the real
 * contact flows ask the driver about every span of queue time, and the driver decides when a
 * counselor answers or the caller hangs up.
 */

const flowsDir = fileURLToPath(new URL('../../../contact-flows', import.meta.url));
const OPEN = '2027-03-02T10:15:00+09:00';
let settings: CitySimulatorSettings;

beforeAll(async () => {
  settings = simulatorSettingsFromCity(await loadCityConfig('cheongju'));
});

const simulator = () => {
  const backend = createFakeBackend({ entryPoints: settings.entryPoints, departments: settings.departments });
  return createSimulator({
    flowsDir,
    functions: backend.functions,
    hours: settings.hours,
    entryPoints: settings.entryPoints,
    queues: settings.queues,
    city: settings.city,
    quickConnects: settings.quickConnects,
  });
};

/** A driver that records the spans it is asked about and answers with `decide`. */
const driver = (decide: (span: QueueSpan) => QueueEvent | null, size = 0) => {
  const spans: QueueSpan[] = [];
  const live: LiveQueue = {
    wait: async (span) => {
      spans.push(span);
      return decide(span);
    },
    metrics: () => ({ size, agentsAvailable: 0 }),
  };
  return { spans, live };
};

const seconds = (span: QueueSpan, at: Date | null) => ((at?.getTime() ?? 0) - span.queuedAt.getTime()) / 1000;

/** Runs the call through the menu (0: counselor), answering the rest with `answers`. */
const run = async (live: LiveQueue, answers: string[] = []) => {
  const call = simulator().startCall({ dialed: 'unified', from: '+821012345678', at: OPEN, liveQueue: live });
  let step = await call.next();
  const inputs = ['0', ...answers];
  while (!step.ended) step = await call.input(inputs.shift() ?? 'timeout');
  return { call, end: step.ended };
};

describe('a counselor queue driven from outside', () => {
  it('asks at the moment of queueing; an answer then plays no queue prompt and runs the whisper', async () => {
    const { spans, live } = driver((span) => ({ kind: 'answered', at: span.from }));
    const { call, end } = await run(live);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ queue: 'counselors', priority: null, callbackRequested: false });
    expect(spans[0]?.from.getTime()).toBe(spans[0]?.until?.getTime());
    expect(call.spoken.join(' ')).not.toContain('모든 상담사가 통화 중입니다');
    expect(call.agentWhisper.join(' ')).toContain('통합 민원 번호로 온 전화입니다');
    expect(end).toMatchObject({ outcome: 'queued', queue: 'counselors', callback: false });
  });

  it('answers at the driver’s instant, cutting the hold message short', async () => {
    const { spans, live } = driver((span) =>
      seconds(span, span.until) >= 45
        ? { kind: 'answered', at: new Date(span.queuedAt.getTime() + 45_000) }
        : null,
    );
    const call = simulator().startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      liveQueue: live,
    });
    let step = await call.next();
    step = await call.input('0');
    // The survey asks the caller after the counselor: the call is past the queue.
    expect(step.waitingForInput?.flow).toBe('post-call-survey');
    const last = spans.at(-1) as QueueSpan;
    expect(seconds(last, last.until)).toBeGreaterThanOrEqual(45);
    expect(seconds(last, last.from)).toBeLessThan(45);
    expect(call.spoken.join(' ')).toContain('모든 상담사가 통화 중입니다');
    const answered = call.transcript.findIndex(
      (e) => e.kind === 'event' && e.text.startsWith('counselor answered'),
    );
    expect(answered).toBeGreaterThan(0);
  });

  it('reads the queue size from the driver’s metrics', async () => {
    const { live } = driver(
      (span) => (seconds(span, span.until) > 20 ? { kind: 'answered', at: span.from } : null),
      7,
    );
    const { call } = await run(live);
    expect(call.spoken.join(' ')).toContain('현재 7 명의 고객님이 상담을 기다리고 계십니다');
  });

  it('hangs the caller up at the driver’s instant', async () => {
    const { live } = driver((span) =>
      seconds(span, span.until) >= 70
        ? { kind: 'abandoned', at: new Date(span.queuedAt.getTime() + 70_000) }
        : null,
    );
    const { call, end } = await run(live);
    expect(end?.reason).toContain('hung up while queued');
    expect(end?.callback).toBe(false);
    expect(call.transcript.some((e) => e.kind === 'event' && e.text.startsWith('counselor answered'))).toBe(
      false,
    );
  });

  it('tells the driver when the caller takes the queued callback offer, and ends the contact', async () => {
    const { spans, live } = driver(() => null);
    const { end } = await run(live, ['1']);
    const requested = spans.filter((s) => s.callbackRequested);
    expect(requested.length).toBeGreaterThan(0);
    const first = requested[0] as QueueSpan;
    // The offer comes after connect.callbackOfferAfterSeconds (120 s in the Cheongju config).
    expect(seconds(first, first.from)).toBeGreaterThanOrEqual(120);
    expect(end).toMatchObject({ outcome: 'queued', callback: true });
  });
});
