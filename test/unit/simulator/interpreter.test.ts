import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '#tools/simulator/fakes';
import {
  createSimulator,
  type FlowFunction,
  SimulationError,
  type SimulatorHours,
} from '#tools/simulator/index';

const fixtures = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const HOURS: SimulatorHours = {
  timezone: 'Asia/Seoul',
  weekly: {
    MONDAY: { start: '08:00', end: '20:00' },
    TUESDAY: { start: '08:00', end: '20:00' },
    WEDNESDAY: { start: '08:00', end: '20:00' },
    THURSDAY: { start: '08:00', end: '20:00' },
    FRIDAY: { start: '08:00', end: '20:00' },
    SATURDAY: { start: '09:00', end: '18:00' },
    SUNDAY: { start: '09:00', end: '18:00' },
  },
  overrides: [{ date: '2027-03-01', start: '09:00', end: '18:00' }],
};
const ENTRY_POINTS = [
  { id: 'unified', number: '+82432010001' },
  { id: 'barocall', number: '+82432010120' },
];
const DEPARTMENTS = [
  {
    id: 'roads',
    nameKo: '도로과',
    categories: ['living-complaints'],
    slaHours: 48,
    transfer: { type: 'queue' as const },
  },
  {
    id: 'waterworks',
    nameKo: '상수도사업본부',
    categories: ['water'],
    slaHours: 24,
    transfer: { type: 'phone' as const, number: '+82432013300' },
  },
];
const QUEUES = ['counselors', 'dept-roads', 'dept-waterworks'];

const setup = (dir = 'basic', overrides: Partial<Record<string, FlowFunction>> = {}) => {
  const backend = createFakeBackend({ entryPoints: ENTRY_POINTS, departments: DEPARTMENTS });
  const functions = { ...backend.functions, ...overrides } as Record<string, FlowFunction>;
  const sim = createSimulator({
    flowsDir: fixtures(dir),
    functions,
    hours: HOURS,
    entryPoints: ENTRY_POINTS,
    queues: QUEUES,
  });
  return { sim, backend };
};

const OPEN = '2027-03-02T10:15:00+09:00';

describe('simulated call, step by step', () => {
  it('speaks the greeting, then waits for a one-key menu choice', async () => {
    const { sim } = setup();
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    const step = await call.next();
    expect(step.spoken[0]).toBe('청주시 365 민원콜센터입니다. 통화는 녹음됩니다.');
    expect(step.waitingForInput).toMatchObject({
      action: 'menu',
      mode: 'menu',
      maxDigits: 1,
      timeoutSeconds: 5,
    });
    expect(step.ended).toBeNull();
    expect(call.attributes).toMatchObject({ entryPoint: 'unified', callerKnown: 'false' });
    expect(call.settings.voice).toBe('Seoyeon Neural');
  });

  it('queues the caller for a counselor, runs the whisper and then the survey hook', async () => {
    const { sim } = setup();
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await call.next();
    await call.input('2');
    const survey = call.waitingForInput;
    expect(survey).toMatchObject({ flow: 'survey', mode: 'store', maxDigits: 1 });
    const end = await call.input('5');
    expect(end.spoken).toContain('감사합니다.');
    expect(end.ended).toMatchObject({ outcome: 'queued', queue: 'counselors', callback: false });
    expect(call.attributes).toMatchObject({ category: 'living-complaints', surveyScore: '5' });
    expect(call.agentWhisper).toEqual(['unified 번호, 분류 living-complaints']);
    expect(call.settings.queuePriority).toBe('2');
  });

  it('reads position in queue from the metrics while the caller waits', async () => {
    const { sim } = setup();
    const call = sim.startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      agentAnswersAfterSeconds: 30,
    });
    await call.next();
    await call.input('0');
    expect(call.spoken).toContain('대기 순서는 3번째입니다.');
  });

  it('re-prompts an invalid menu key twice and then sends the caller to a counselor', async () => {
    const { sim } = setup();
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await call.next();
    await call.input('9');
    await call.input('8');
    await call.input('7');
    expect(call.spoken.filter((t) => t === '잘못 누르셨습니다.')).toHaveLength(2);
    expect(call.waitingForInput?.flow).toBe('survey');
  });

  it('stores digits up to the # terminator and passes them to the lookup function', async () => {
    const { sim, backend } = setup();
    const ticket = (await sim.invoke(
      'intake',
      { kind: 'report', category: 'living-complaints', description: '가로등' },
      '+821012345678',
    )) as {
      ticketNumber: string;
    };
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await call.next();
    await call.input('1');
    const end = await call.input(`${ticket.ticketNumber}#`);
    expect(call.lambdaCalls.at(-1)?.parameters).toEqual({
      action: 'ticketStatus',
      ticketNumber: ticket.ticketNumber,
    });
    expect(end.spoken.join(' ')).toContain('접수 상태입니다');
    expect(end.ended?.outcome).toBe('disconnected');
    expect(backend.tickets).toHaveLength(1);
  });

  it('goes to the after-hours flow at 19:00 on a public holiday and stays open at 19:00 the next weekday', async () => {
    const { sim } = setup();
    const holiday = sim.startCall({ dialed: 'unified', from: null, at: '2027-03-01T19:00' });
    const closed = await holiday.next();
    expect(closed.spoken.join(' ')).toContain('상담 시간이 아닙니다');
    expect(closed.ended?.outcome).toBe('disconnected');
    const weekday = sim.startCall({ dialed: 'unified', from: null, at: '2027-03-02T19:00' });
    expect((await weekday.next()).waitingForInput?.action).toBe('menu');
  });

  it('sends a silent caller to a counselor on menu timeout', async () => {
    const { sim } = setup();
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await call.next();
    await call.input('timeout');
    expect(call.waitingForInput?.flow).toBe('survey');
    const end = await call.input('timeout');
    expect(end.ended?.outcome).toBe('queued');
    expect(call.attributes.surveyScore).toBeUndefined();
  });

  it('takes the error branch when a function throws, and records the failure', async () => {
    const { sim } = setup('basic', {
      lookup: () => {
        throw new Error('DynamoDB unavailable');
      },
    });
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    const step = await call.next();
    expect(step.waitingForInput?.action).toBe('menu');
    expect(call.attributes.entryPoint).toBeUndefined();
    expect(call.lambdaCalls[0]).toMatchObject({ status: 'error', error: 'DynamoDB unavailable' });
    expect(call.violations).toEqual([]);
  });

  it('takes the error branch when a function exceeds InvocationTimeLimitSeconds', async () => {
    const { sim } = setup();
    const call = sim.startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      faults: { lookup: 'slow' },
    });
    await call.next();
    expect(call.lambdaCalls[0]).toMatchObject({ status: 'timeout' });
    expect(call.lambdaCalls[0]?.error).toContain('InvocationTimeLimitSeconds=3');
  });

  it('rejects a nested Lambda response: error branch plus a violation naming the action', async () => {
    const { sim } = setup('basic', { lookup: async () => ({ status: 'OK', caller: { known: true } }) });
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await call.next();
    expect(call.lambdaCalls[0]?.status).toBe('invalid-response');
    expect(call.violations[0]).toContain('action "context" (InvokeLambdaFunction)');
    expect(call.violations[0]).toContain('nested object for key "caller"');
    expect(call.attributes.entryPoint).toBeUndefined();
  });

  it('rejects a non-string value in a STRING_MAP response', async () => {
    const { sim } = setup('basic', { lookup: async () => ({ status: 'OK', openTickets: 2 }) });
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await call.next();
    expect(call.violations[0]).toContain('number for key "openTickets"');
  });

  it('offers a queued callback while waiting and keeps the place in the queue', async () => {
    const { sim } = setup();
    const call = sim.startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      agentAnswersAfterSeconds: 600,
    });
    await call.next();
    await call.input('0');
    expect(call.waitingForInput).toMatchObject({ flow: 'queue', action: 'offer' });
    const end = await call.input('1');
    expect(end.ended).toMatchObject({ outcome: 'queued', queue: 'counselors', callback: true });
    expect(call.attributes.callbackRequested).toBe('true');
    expect(call.agentWhisper).toEqual([]);
  });

  it('cannot create a callback for a withheld number', async () => {
    const { sim } = setup();
    const call = sim.startCall({ dialed: 'unified', from: null, at: OPEN, agentAnswersAfterSeconds: 600 });
    await call.next();
    await call.input('0');
    await call.input('1');
    expect(call.spoken).toContain('발신번호가 없어 다시 연락드릴 수 없습니다.');
  });

  it('gives up after 15 minutes when nobody answers', async () => {
    const { sim } = setup();
    const call = sim.startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      agentAnswersAfterSeconds: null,
    });
    let step = await call.next();
    step = await call.input('0');
    while (!step.ended) step = await call.input('timeout');
    expect(step.ended).toMatchObject({ outcome: 'queued', reason: expect.stringContaining('900 s') });
  });

  it('fails QueueAtCapacity over to its error branch', async () => {
    const { sim } = setup();
    const call = sim.startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      queuesAtCapacity: ['counselors'],
    });
    await call.next();
    const end = await call.input('0');
    expect(end.spoken).toContain('지금은 상담 대기 인원이 많습니다.');
    expect(end.ended?.outcome).toBe('disconnected');
  });
});

describe('counselor quick connects', () => {
  const toDepartment = async (queue: string, externalTransfer?: 'answered' | 'no-answer') => {
    const { sim, backend } = setup();
    const call = sim.startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      quickConnect: { flow: 'transfer-dept', queue },
      ...(externalTransfer ? { externalTransfer } : {}),
    });
    await call.next();
    let step = await call.input('0');
    while (!step.ended) step = await call.input('timeout');
    return { call, step, backend };
  };

  it('transfers to a department queue', async () => {
    const { step, call } = await toDepartment('dept-roads');
    expect(step.ended).toMatchObject({ outcome: 'queued', queue: 'dept-roads' });
    expect(call.lambdaCalls.find((c) => c.functionName === 'escalation')?.parameters).toEqual({
      action: 'route',
      queueName: 'dept-roads',
    });
  });

  it('transfers to an external department number that answers', async () => {
    const { step } = await toDepartment('dept-waterworks', 'answered');
    expect(step.ended).toMatchObject({ outcome: 'transferred', transferredTo: '+82432013300' });
  });

  it('creates a callback ticket when the external number does not answer', async () => {
    const { step, backend, call } = await toDepartment('dept-waterworks', 'no-answer');
    expect(step.ended?.outcome).toBe('disconnected');
    expect(backend.tickets).toHaveLength(1);
    expect(call.spoken.join(' ')).toContain('24시간 안에 담당자가 연락드리겠습니다');
  });
});

describe('loud failures', () => {
  it('names the action whose NextAction points at a missing action', async () => {
    const { sim } = setup('broken-next');
    const call = sim.startCall({ dialed: 'unified', from: '+821012345678', at: OPEN });
    await expect(call.next()).rejects.toThrow(
      'flow "inbound", action "hello" (MessageParticipant): NextAction "does-not-exist" names no action of the flow',
    );
  });

  it('names the action and type the simulator does not know', async () => {
    const { sim } = setup('unknown-type');
    const call = sim.startCall({ dialed: 'unified', from: null, at: OPEN });
    await expect(call.next()).rejects.toThrow('action "mystery" (PlayCarrierPigeon): unknown action type');
  });

  it('names the file and the placeholder it cannot resolve', () => {
    expect(() => setup('unknown-placeholder')).toThrow(SimulationError);
    expect(() => setup('unknown-placeholder')).toThrow(
      /inbound\.json: unknown placeholder \$\{queue:nowhere\}/,
    );
  });

  it('refuses a multi-key answer to a one-key menu', async () => {
    const { sim } = setup();
    const call = sim.startCall({ dialed: 'unified', from: null, at: OPEN });
    await call.next();
    await expect(call.input('12')).rejects.toThrow('this menu takes one key');
  });

  it('refuses an unknown entry point', () => {
    const { sim } = setup();
    expect(() => sim.startCall({ dialed: 'nowhere', from: null })).toThrow(
      'neither an E.164 number nor an entry-point id',
    );
  });
});
