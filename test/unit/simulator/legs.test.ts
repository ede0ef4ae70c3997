import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CounselorStep, createSimulator, type SimulatorHours } from '#tools/simulator/index';

const HOURS: SimulatorHours = {
  timezone: 'Asia/Seoul',
  weekly: { TUESDAY: { start: '08:00', end: '20:00' } },
};
const OPEN = '2027-03-02T10:15:00+09:00';

const simulator = () =>
  createSimulator({
    flowsDir: fileURLToPath(new URL('./fixtures/legs', import.meta.url)),
    functions: {},
    hours: HOURS,
    entryPoints: [{ id: 'unified', number: '+82432010001' }],
    queues: ['counselors', 'dept-a'],
    quickConnects: [
      { name: 'maria', type: 'USER', user: 'maria', flow: 'to-agent' },
      { name: 'secure', type: 'QUEUE', queue: 'dept-a', flow: 'secure-input' },
      { name: 'pager', type: 'PHONE_NUMBER', phoneNumber: '+82432013300' },
      { name: 'wrong-type', type: 'QUEUE', queue: 'dept-a', flow: 'whisper-only' },
    ],
  });

const run = async (counselor: CounselorStep[], inputs: string[] = []) => {
  const call = simulator().startCall({ dialed: 'unified', from: '+821012345678', at: OPEN, counselor });
  let step = await call.next();
  for (const input of inputs) step = await call.input(input);
  return { call, step };
};

describe('quick connects as Connect runs them', () => {
  it('USER: the agent transfer flow is heard by the counselor, the agent answers, the counselor leaves', async () => {
    const { call, step } = await run([{ quickConnect: 'maria' }, { do: 'leave' }]);
    expect(call.heardBy('counselor')).toContain('다른 상담사에게 연결합니다.');
    expect(call.spoken).not.toContain('다른 상담사에게 연결합니다.');
    expect(step.ended).toMatchObject({ outcome: 'queued', queue: 'agent:maria' });
  });

  it('PHONE_NUMBER: no flow runs; the number is dialled and the caller is connected when the counselor leaves', async () => {
    const { step, call } = await run([{ quickConnect: 'pager' }, { do: 'leave' }]);
    expect(step.ended).toMatchObject({ outcome: 'transferred', transferredTo: '+82432013300' });
    expect(
      call.transcript.filter((e) => e.kind === 'flow').map((e) => e.kind === 'flow' && e.role),
    ).not.toContain('transfer');
  });

  it('Hold customer or agent: conference, then agent on hold (the caller answers, the counselor hears the agent hold flow)', async () => {
    const call = simulator().startCall({
      dialed: 'unified',
      from: '+821012345678',
      at: OPEN,
      counselor: [{ quickConnect: 'secure' }],
    });
    const step = await call.next();
    expect(step.waitingForInput).toMatchObject({ action: 'ask', participant: 'caller', mode: 'store' });
    expect(call.heardBy('counselor')).toEqual(
      expect.arrayContaining(['상담사가 잠시 대기합니다. 번호를 눌러 주십시오.', '보류 중입니다.']),
    );
    expect(call.heardBy('counselor')).not.toContain('생년월일을 누르고 우물 정자를 눌러 주십시오.');
    const end = await call.input('19800101#');
    expect(call.spoken).toEqual(
      expect.arrayContaining(['생년월일을 누르고 우물 정자를 눌러 주십시오.', '감사합니다.']),
    );
    expect(call.heardBy('counselor')).toContain('감사합니다.');
    expect(end.ended).toMatchObject({
      outcome: 'queued',
      queue: 'counselors',
      reason: 'call completed after the counselor',
    });
  });

  it('refuses to run a flow whose type is not the quick connect type', async () => {
    await expect(run([{ quickConnect: 'wrong-type' }])).rejects.toThrow(
      'flow "whisper-only" is a AGENT_WHISPER flow; it cannot run as the transfer flow (QUEUE_TRANSFER)',
    );
  });

  it('names the quick connects it knows when a step names another', async () => {
    await expect(run([{ quickConnect: 'nobody' }])).rejects.toThrow(
      'quick connect "nobody" is not defined (known: maria, secure, pager, wrong-type)',
    );
  });

  it('refuses conference, leave or cancel without a quick connect in progress', async () => {
    await expect(run([{ do: 'cancel' }])).rejects.toThrow('cancel: no quick connect in progress');
    await expect(run([{ do: 'leave' }])).rejects.toThrow('leave: no quick connect in progress');
  });
});
