import { describe, expect, it } from 'vitest';
import type { SampledCall } from '#domain/planning/calls';
import { dayFigures } from '#domain/planning/day-figures';
import { type CallAdapter, DaySimulation, modelAdapter } from '#domain/planning/day-simulation';
import { type CounselorSchedule, QueueEngine } from '#domain/planning/queue-engine';

const H = 3600;
const counselor = (id: string, start = 8 * H, end = 20 * H, breaks: CounselorSchedule['breaks'] = []) => ({
  id,
  start,
  end,
  breaks,
});

describe('the queue engine', () => {
  it('routes waiting contacts by priority, then time in queue, to the counselor idle longest', async () => {
    const taken: string[] = [];
    const engine = new QueueEngine<string>({
      counselors: [counselor('late', 9 * H), counselor('early', 8 * H)],
      onAssign: ({ entry, counselor: who, at }) => {
        taken.push(`${entry.id}@${who}@${at - 9 * H}`);
        return 100;
      },
    });
    engine.at(9 * H - 60, () => {
      // Both counselors are busy from 9:00 until 9:00+100 with two earlier calls, then the queue.
      engine.enqueue({ id: 'a', priority: 5, since: engine.now, routableAt: engine.now, data: 'a' });
    });
    engine.at(9 * H, () => {
      engine.enqueue({ id: 'b', priority: 5, since: engine.now, routableAt: engine.now, data: 'b' });
      engine.enqueue({ id: 'c', priority: 5, since: engine.now + 1, routableAt: engine.now, data: 'c' });
      engine.enqueue({ id: 'report', priority: 2, since: engine.now + 2, routableAt: engine.now, data: 'r' });
    });
    await engine.run();
    // 'a' went to the counselor idle since 8:00; at 9:00 'late' starts and takes the report (priority 2).
    expect(taken).toEqual(['a@early@-60', 'report@late@0', 'b@early@40', 'c@late@100']);
  });

  it('starts a break after the contact in hand and ends it on time; leaves after the shift’s last contact', async () => {
    const engine = new QueueEngine<string>({
      counselors: [counselor('s', 8 * H, 9 * H, [{ start: 8 * H + 600, end: 8 * H + 1200 }])],
      onAssign: () => 900,
    });
    engine.at(8 * H, () =>
      engine.enqueue({ id: 'x', priority: 5, since: engine.now, routableAt: engine.now, data: '' }),
    );
    engine.at(8 * H + 2700, () =>
      engine.enqueue({ id: 'y', priority: 5, since: engine.now, routableAt: engine.now, data: '' }),
    );
    await engine.run();
    const spans = engine.stateSpans().map((s) => [s.state, s.start - 8 * H, s.end - 8 * H]);
    expect(spans).toEqual([
      ['busy', 0, 900],
      ['break', 900, 1200],
      ['available', 1200, 2700],
      ['busy', 2700, 3600],
    ]);
    expect(engine.snapshot().agentsOnline).toBe(0);
  });

  it('does not route a callback before its initial delay, and keeps its place in the queue', async () => {
    const order: string[] = [];
    const engine = new QueueEngine<string>({
      counselors: [counselor('s', 8 * H)],
      onAssign: ({ entry, at }) => {
        order.push(`${entry.id}@${at - 8 * H}`);
        return 10;
      },
    });
    engine.at(8 * H, () => {
      engine.enqueue({ id: 'callback', priority: 5, since: 8 * H - 500, routableAt: 8 * H + 60, data: '' });
      engine.enqueue({ id: 'newer', priority: 5, since: 8 * H, routableAt: 8 * H, data: '' });
      engine.enqueue({ id: 'newest', priority: 5, since: 8 * H + 5, routableAt: 8 * H, data: '' });
    });
    await engine.run();
    expect(order).toEqual(['newer@0', 'newest@10', 'callback@60']);
  });
});

const call = (seq: number, at: number, extra: Partial<SampledCall> = {}): SampledCall => ({
  seq,
  arrivalSeconds: at,
  arrival: '',
  interval: 0,
  entryPoint: 'unified',
  category: 'tax',
  menu: { route: 'counselor-key', inputs: ['0'], flowCategory: 'civil-general', selfService: false },
  talkSeconds: 200,
  afterCallWorkSeconds: 40,
  patienceSeconds: 100,
  disposition: 'answered',
  acceptsCallback: false,
  redialAfterSeconds: null,
  ...extra,
});

const adapter = modelAdapter({ ivrSeconds: 30, callbackOfferAfterSeconds: 120 });

describe('a day through the queue (model adapter)', () => {
  it('answers, hangs up after the caller’s patience, and calls again later', async () => {
    const sim = new DaySimulation({
      calls: [call(1, 9 * H), call(2, 9 * H + 10, { redialAfterSeconds: 600 })],
      counselors: [counselor('only')],
      adapter,
    });
    const contacts = await sim.run();
    const byKey = Object.fromEntries(contacts.map((c) => [c.key, c]));
    expect(byKey.c0001).toMatchObject({ outcome: 'answered', queuedAt: 9 * H + 30, answeredAt: 9 * H + 30 });
    // The only counselor is busy for 240 s; the second caller gives up after 100 s and calls back.
    expect(byKey.c0002).toMatchObject({ outcome: 'abandoned', leftAt: 9 * H + 40 + 100 });
    expect(byKey['c0002-r2']).toMatchObject({ outcome: 'answered', arrival: 9 * H + 140 + 600 });
  });

  it('replaces a long wait with a callback that keeps its place and rings after the delay', async () => {
    const answered: string[] = [];
    const watching: CallAdapter = { ...adapter, answered: (c) => answered.push(c.key) };
    const sim = new DaySimulation({
      calls: [
        call(1, 9 * H, { talkSeconds: 600 }),
        call(2, 9 * H + 5, { patienceSeconds: 3000, acceptsCallback: true }),
        call(3, 9 * H + 200, { patienceSeconds: 3000 }),
      ],
      counselors: [counselor('only')],
      adapter: watching,
      callbacks: {
        initialDelaySeconds: 60,
        maxAttempts: 2,
        retryDelaySeconds: 300,
        ringSeconds: 20,
        answerShare: 1,
      },
    });
    const contacts = await sim.run();
    const byKey = Object.fromEntries(contacts.map((c) => [c.key, c]));
    expect(byKey.c0002).toMatchObject({ outcome: 'callback-requested', leftAt: 9 * H + 35 + 120 });
    // The callback was queued before call 3 arrived: it is served first, and rings for 20 s.
    expect(answered).toEqual(['c0001', 'c0002-cb', 'c0003']);
    expect(byKey['c0002-cb']).toMatchObject({ outcome: 'answered', answeredAt: 9 * H + 30 + 640 + 20 });
    const figures = dayFigures({
      contacts,
      spans: sim.stateSpans(),
      intervalStarts: [8 * 60, 8 * 60 + 30, 9 * 60],
    });
    expect(figures).toMatchObject({ calls: 3, offered: 3, answered: 3, abandoned: 0, callbacksRequested: 1 });
    expect(figures.answerRate).toBe(1);
  });

  it('tries an unanswered callback again after the retry delay, then gives up', async () => {
    const sim = new DaySimulation({
      calls: [
        call(1, 9 * H, { talkSeconds: 600 }),
        call(2, 9 * H + 5, { patienceSeconds: 3000, acceptsCallback: true }),
      ],
      counselors: [counselor('only')],
      adapter,
      callbacks: {
        initialDelaySeconds: 60,
        maxAttempts: 2,
        retryDelaySeconds: 300,
        ringSeconds: 20,
        answerShare: 0,
      },
    });
    const contacts = await sim.run();
    const callback = contacts.find((c) => c.kind === 'callback');
    expect(callback).toMatchObject({ outcome: 'unreached', dialAttempts: 2, handleSeconds: 40 });
  });
});
