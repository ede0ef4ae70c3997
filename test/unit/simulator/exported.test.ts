import { describe, expect, it } from 'vitest';
import { type RunExportedOptions, runExportedFlow } from '#tools/simulator/exported';

const dir = 'test/unit/simulator/fixtures/exported';
const MAIN = `${dir}/sample-main.json`;
const MODULE = `${dir}/greeter-module.json`;
const WHISPER = `${dir}/sample-whisper.json`;

const run = (options: Partial<RunExportedOptions> & Pick<RunExportedOptions, 'files'>) =>
  runExportedFlow({ inputs: [], lambdas: new Map(), closed: false, from: '+14255550123', ...options });

const prompts = (result: Awaited<ReturnType<typeof run>>, who: string) =>
  result.transcript.flatMap((e) => (e.kind === 'prompt' && e.heardBy.includes(who as never) ? [e.text] : []));

describe('runExportedFlow: flows exported from any instance', () => {
  it('runs a module found by the ID its ARN ends in; the module does not see the flow attributes of its caller', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:CheckBalance account=1234'] });
    // Past the module the flow transfers to a flow that is not given: the run stops there.
    expect(result.error).toContain('contact-flow/not-exported');
    expect(result.type).toBe('CONTACT_FLOW');
    expect(result.typeSource).toBe('Metadata.type');
    expect(prompts(result, 'caller')).toContain('Hello from the module.');
    expect(result.attributes.moduleSawGreeting).toBe('no');
    // The invoking flow's flow attributes come back after the module returns (its own "greeting" stays).
    expect(result.attributes.mainKeptGreeting).toBe('yes');
  });

  it('takes the error branch of Set contact attributes when a slot it refers to does not exist', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:CheckBalance'] });
    expect(result.attributes.intent).toBeUndefined();
    expect(result.end).toMatchObject({ outcome: 'disconnected', reason: 'sample-main hung up (bye)' });
  });

  it('sets a flow attribute under a dynamic key', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:CheckBalance'] });
    expect(result.attributes.dynamicValue).toBe('+14255550123');
  });

  it('sets a contact attribute under a dynamic key (the key a JSONPath reference resolves to)', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:CheckBalance'] });
    expect(result.attributes.hello).toBe('set under the key the flow attribute holds');
    expect(result.attributes['$.FlowAttributes.greeting']).toBeUndefined();
  });

  it('answers a Lex bot from the inputs as text: intent, slots, $.Lex', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:CheckBalance account=1234'] });
    expect(result.attributes.intent).toBe('CheckBalance');
    expect(result.attributes.account).toBe('1234');
    expect(result.unresolved).toContainEqual(
      expect.objectContaining({ kind: 'lex', resolution: 'simulated' }),
    );
  });

  it('takes the no-intent branch when the words name no intent of the block', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:I want to complain'] });
    expect(prompts(result, 'caller')).toContain('Sorry, I did not get that.');
    expect(result.end?.outcome).toBe('disconnected');
  });

  it.each([
    ['a flow that is not exported', 'flow', [MAIN, MODULE], 'contact-flow/not-exported'],
    ['a module that is not given', 'module', [MAIN], 'flow-module/mod-1234'],
  ] as const)(
    'stops at %s with an error naming its ARN (outcome "left"), never an error branch',
    async (_what, kind, files, path) => {
      const result = await run({ files: [...files], inputs: ['say:CheckBalance account=1234'] });
      expect(result.error).toContain(`arn:aws:connect:us-east-1:111122223333:instance/0000/${path}`);
      expect(result.error).toContain('resolves to no flow given');
      expect(result.end?.outcome).toBe('left');
      expect(result.transcript.some((e) => e.kind === 'event' && e.text.startsWith('error branch'))).toBe(
        false,
      );
      expect(result.unresolved).toContainEqual(
        expect.objectContaining({
          kind,
          resolution: 'missing',
          ref: `arn:aws:connect:us-east-1:111122223333:instance/0000/${path}`,
        }),
      );
    },
  );

  it('runs a module on its own to its Return: outcome "ended"', async () => {
    const result = await run({ files: [MODULE] });
    expect(result.module).toBe(true);
    expect(result.end).toMatchObject({ outcome: 'ended', reason: 'the flow module returned' });
  });

  it('draws the percentile of DistributeByPercentage from the call (default: the first branch)', async () => {
    const result = await run({ files: [MAIN, MODULE], inputs: ['say:CheckBalance'] });
    expect(result.transcript).toContainEqual(
      expect.objectContaining({ kind: 'event', text: 'distribute by percentage: drew 1' }),
    );
  });

  it('runs a whisper flow in its role: the counselor hears it, and a block its type does not allow is a reported violation', async () => {
    const result = await run({ files: [WHISPER], inputs: ['1'] });
    expect(result.type).toBe('AGENT_WHISPER');
    expect(prompts(result, 'counselor')).toEqual(['Customer from the web site.', 'Press 1']);
    expect(prompts(result, 'caller')).toEqual([]);
    expect(result.transcript).toContainEqual(
      expect.objectContaining({
        kind: 'violation',
        text: expect.stringContaining('not available in AGENT_WHISPER flows'),
      }),
    );
    expect(result.end?.outcome).toBe('ended');
  });

  it('runs a flow as the type given with --type', async () => {
    const result = await run({ files: [WHISPER], type: 'CUSTOMER_WHISPER', inputs: ['1'] });
    expect(result.typeSource).toBe('option');
    expect(prompts(result, 'caller')).toContain('Customer from the web site.');
  });

  it('answers the input requests after the given inputs with "timeout"', async () => {
    const result = await run({ files: [MAIN, MODULE] });
    expect(result.timeoutsAdded).toBe(1);
    expect(result.end?.outcome).toBe('disconnected');
  });

  it.each([
    ['phone-local-de.json', '030123456#', '+4930123456'],
    ['phone-e164.json', '442071838750#', '+442071838750'],
    ['phone-e164.json', '821012345678#', '+821012345678'],
  ])('validates a phone number of any country (%s, keys %s → %s)', async (file, keys, e164) => {
    const result = await run({ files: [`${dir}/${file}`], inputs: [keys] });
    expect(result.attributes.number).toBe(e164);
  });

  it('takes InvalidPhoneNumber for keys that are no valid number', async () => {
    const result = await run({ files: [`${dir}/phone-e164.json`], inputs: ['123#'] });
    expect(prompts(result, 'caller')).toContain('That is not a valid number.');
  });
});
