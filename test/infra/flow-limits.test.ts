import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowInvocationLimits } from '#infra/flow-limits';

const invoke = (id: string, fn: string, seconds: unknown) => ({
  Identifier: id,
  Type: 'InvokeLambdaFunction',
  Parameters: { LambdaFunctionARN: fn, InvocationTimeLimitSeconds: seconds },
  Transitions: {},
});

const flowsDir = (flows: Record<string, unknown[]>) => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-limits-'));
  for (const [name, actions] of Object.entries(flows)) {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ Version: '2019-10-30', Actions: actions }));
  }
  return dir;
};

describe('flow invocation limits', () => {
  it('takes the tightest and the loosest InvocationTimeLimitSeconds of the blocks invoking each function', () => {
    const limits = flowInvocationLimits(
      flowsDir({
        inbound: [
          invoke('a', '${fn:lookup}', '3'),
          invoke('b', '${fn:lookup}', '4'),
          invoke('c', '${fn:intake}', '4'),
        ],
        other: [
          { Identifier: 'x', Type: 'MessageParticipant', Parameters: {} },
          invoke('d', '${fn:lookup}', 5),
        ],
      }),
    );
    expect(limits.get('lookup')).toMatchObject({ minSeconds: 3, maxSeconds: 5 });
    expect(limits.get('lookup')?.invocations.map((i) => `${i.flow}/${i.action}`)).toEqual([
      'inbound/a',
      'inbound/b',
      'other/d',
    ]);
    expect(limits.get('intake')).toMatchObject({ minSeconds: 4, maxSeconds: 4 });
  });

  it('ignores blocks that invoke a function by a literal ARN rather than a placeholder', () => {
    const limits = flowInvocationLimits(
      flowsDir({ f: [invoke('a', 'arn:aws:lambda:ap-northeast-2:1:function:x', '3')] }),
    );
    expect(limits.size).toBe(0);
  });

  it('refuses a limit Connect would refuse (an integer from 1 to 8), naming the file and the action', () => {
    for (const bad of ['9', '0', '2.5', 'soon']) {
      expect(() =>
        flowInvocationLimits(flowsDir({ inbound: [invoke('slow', '${fn:lookup}', bad)] })),
      ).toThrow(
        /contact-flows\/inbound\.json, action slow: InvocationTimeLimitSeconds must be an integer from 1 to 8/,
      );
    }
  });

  it('reads the project flows: lookup waits 3 s in the inbound flow, intake and escalation 4 s', () => {
    const limits = flowInvocationLimits(new URL('../../contact-flows', import.meta.url).pathname);
    expect(limits.get('lookup')?.minSeconds).toBe(3);
    expect(limits.get('intake')?.minSeconds).toBe(4);
    expect(limits.get('escalation')?.minSeconds).toBe(4);
  });
});
