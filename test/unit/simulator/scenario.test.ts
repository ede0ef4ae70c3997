import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '#tools/simulator/fakes';
import { createSimulator, type SimulatorHours } from '#tools/simulator/index';
import { formatResult, jsonReport } from '#tools/simulator/report';
import {
  parseScenario,
  runScenario,
  ScenarioFormatError,
  substituteTickets,
} from '#tools/simulator/scenario';

const HOURS: SimulatorHours = {
  timezone: 'Asia/Seoul',
  weekly: { TUESDAY: { start: '08:00', end: '20:00' } },
};
const ENTRY_POINTS = [{ id: 'unified', number: '+82432010001' }];

const simulator = () => {
  const backend = createFakeBackend({
    entryPoints: ENTRY_POINTS,
    departments: [
      {
        id: 'roads',
        nameKo: '도로과',
        categories: ['living-complaints'],
        slaHours: 48,
        transfer: { type: 'queue' },
      },
    ],
  });
  return createSimulator({
    flowsDir: fileURLToPath(new URL('./fixtures/basic', import.meta.url)),
    functions: backend.functions,
    hours: HOURS,
    entryPoints: ENTRY_POINTS,
    queues: ['counselors', 'dept-roads'],
  });
};

const base = {
  name: 'caller checks a ticket',
  call: { dialed: 'unified', from: '+821012345678', at: '2027-03-02T10:15:00+09:00' },
  given: {
    tickets: [
      { kind: 'report', category: 'living-complaints', description: '가로등 고장', from: '+821012345678' },
    ],
  },
};

describe('scenario format', () => {
  it('accepts the documented format with defaults', () => {
    const scenario = parseScenario({ ...base, inputs: ['1', '{ticket:0}#'] });
    expect(scenario.strict).toBe(false);
    expect(scenario.expect).toEqual({});
  });

  it('names every bad field', () => {
    const bad = () =>
      parseScenario(
        {
          name: 'x',
          call: { dialed: 'unified', from: '010-1234' },
          inputs: ['1a'],
          expect: { outcome: 'hung-up' },
        },
        'x.json',
      );
    expect(bad).toThrow(ScenarioFormatError);
    expect(bad).toThrow(/call\.from: must be an E\.164 number/);
    expect(bad).toThrow(/inputs\.0: must be DTMF keys/);
    expect(bad).toThrow(/expect\.outcome/);
  });

  it('rejects unknown keys (typos in expectations)', () => {
    expect(() => parseScenario({ ...base, expect: { promptInclude: ['x'] } })).toThrow(/Unrecognized key/);
  });

  it('substitutes ticket numbers and makes a one-digit typo the check digit rejects', () => {
    expect(substituteTickets('{ticket:0}#', ['20270000017'])).toBe('20270000017#');
    expect(substituteTickets('{ticket:0:typo}#', ['20270000017'])).toBe('20270000027#');
    expect(() => substituteTickets('{ticket:1}', ['20270000017'])).toThrow('there is no given ticket 1');
  });
});

describe('scenario runner', () => {
  it('passes when every expectation holds and counts tickets the call created', async () => {
    const scenario = parseScenario({
      ...base,
      inputs: ['1', '{ticket:0}#'],
      strict: true,
      expect: {
        outcome: 'disconnected',
        promptsInclude: ['접수 상태입니다'],
        promptsExclude: ['undefined', '$.'],
        ticketsCreated: 0,
      },
    });
    const result = await runScenario(simulator(), scenario);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.givenTickets).toEqual(['20270000017']);
  });

  it('reports each unmet expectation', async () => {
    const scenario = parseScenario({
      ...base,
      inputs: ['0', '4'],
      expect: {
        outcome: ['disconnected', 'transferred'],
        queue: 'dept-roads',
        attributes: { surveyScore: '5' },
        promptsInclude: ['없는 문장'],
        promptsExclude: ['365'],
        whisperIncludes: ['세무'],
        ticketsCreated: 1,
      },
    });
    const result = await runScenario(simulator(), scenario);
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      'expected outcome disconnected or transferred, got queued (call completed after the counselor)',
      'expected the call to end in queue "dept-roads", got "counselors"',
      'expected attribute surveyScore="5", got "4"',
      'expected the caller to hear "없는 문장"',
      'the caller heard "365" in: 청주시 365 민원콜센터입니다. 통화는 녹음됩니다.',
      'expected the counselor\'s whisper to include "세무"',
      'expected 1 ticket(s) created by the call, got 0',
    ]);
  });

  it('fails on unused inputs with a clear message', async () => {
    const result = await runScenario(
      simulator(),
      parseScenario({ ...base, inputs: ['1', '{ticket:0}#', '5', '5'] }),
    );
    expect(result.failures).toEqual([
      '2 input(s) unused: ["5","5"] — the call ended (inbound hung up (bye)) after 2 of 4',
    ]);
  });

  it('in strict mode fails when the call asks for more input than given', async () => {
    const result = await runScenario(simulator(), parseScenario({ ...base, inputs: ['0'], strict: true }));
    expect(result.failures).toEqual([
      'strict: flow "survey", action "ask" asked for input after all 1 inputs were used',
    ]);
  });

  it('keeps the caller silent when inputs run out (not strict)', async () => {
    const result = await runScenario(
      simulator(),
      parseScenario({ ...base, inputs: ['0'], expect: { outcome: 'queued' } }),
    );
    expect(result.passed).toBe(true);
    expect(result.transcript.filter((e) => e.kind === 'input').at(-1)).toMatchObject({ value: 'timeout' });
  });

  it('fails a scenario whose function returns a nested object, naming the action', async () => {
    const broken = createSimulator({
      flowsDir: fileURLToPath(new URL('./fixtures/basic', import.meta.url)),
      functions: {
        intake: async () => ({ status: 'CREATED', ticketNumber: '20270000017' }),
        lookup: async () => ({ status: 'OK', entryPoint: { id: 'unified' } }),
        escalation: async () => ({ status: 'OK' }),
      },
      hours: HOURS,
      entryPoints: ENTRY_POINTS,
      queues: ['counselors', 'dept-roads'],
    });
    const result = await runScenario(broken, parseScenario({ ...base, inputs: ['0'] }));
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toContain(
      'flow "inbound", action "context" (InvokeLambdaFunction): function lookup returned a nested object',
    );
  });

  it('turns a loud simulator failure into a scenario failure', async () => {
    const result = await runScenario(simulator(), parseScenario({ ...base, faults: { nosuch: 'throw' } }));
    expect(result.failures[0]).toMatch(/^faults\.nosuch: no such function/);
  });

  it('prints a transcript a manager can follow, and a JSON report', async () => {
    const result = await runScenario(simulator(), parseScenario({ ...base, inputs: ['1', '{ticket:0}#'] }));
    const text = formatResult(result);
    expect(text).toContain('━━ PASS caller checks a ticket');
    expect(text).toContain('SAYS TO caller: 청주시 365 민원콜센터입니다. 통화는 녹음됩니다.');
    expect(text).toContain('CALLER   presses 20270000017#');
    expect(text).toContain('LAMBDA   lookup(action=ticketStatus, ticketNumber=20270000017) → status=FOUND');
    expect(text).toContain('END      disconnected');
    expect(jsonReport([result])).toMatchObject({ passed: true, total: 1, failed: 0 });
  });
});
