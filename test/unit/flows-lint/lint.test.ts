import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import cheongju from '#infra/config/cheongju';
import { entryPointGenerators } from '#infra/connect/entry-point-routing';
import { FLOW_NAMES, PLACEHOLDERS } from '#infra/connect/flow-catalog';
import { type PlaceholderValues, resolvePlaceholders } from '#infra/connect/flow-content';
import {
  formatMessage,
  type LintMessage,
  lintFlow,
  lintFlowFile,
  lintSynthesizedFlow,
  RULES,
} from '#tools/flows/lint';
import { type FlowDocument, parseFlow } from '#tools/flows/types';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const flowsDir = join(root, 'contact-flows');
const fixturesDir = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

/** Fixture `<rule>.json` or `<rule>--<variant>.json` must produce findings of exactly that rule. */
const expectedRule = (name: string) => name.replace(/\.json$/, '').split('--')[0] ?? '';

const rulesOf = (messages: LintMessage[]) => [...new Set(messages.map((m) => m.rule))];

const LAMBDA_ARNS = {
  lookup: 'arn:aws:lambda:ap-northeast-2:123456789012:function:minwon365-lookup',
  intake: 'arn:aws:lambda:ap-northeast-2:123456789012:function:minwon365-intake',
  escalation: 'arn:aws:lambda:ap-northeast-2:123456789012:function:minwon365-escalation',
};
const connect = 'arn:aws:connect:ap-northeast-2:123456789012:instance/11111111-2222-3333-4444-555555555555';
/** What the Connect stack puts in for each placeholder (ARNs and config texts). */
const VALUES: PlaceholderValues = {
  fn: LAMBDA_ARNS,
  queue: { counselors: `${connect}/queue/counselors-id` },
  hours: { main: `${connect}/operating-hours/main-id` },
  flow: Object.fromEntries(FLOW_NAMES.map((name) => [name, `${connect}/contact-flow/${name}-id`])),
  city: {
    ko: '청주시',
    callbackOfferLoops: '3',
    hoursKo: '평일 오전 8시부터 오후 8시까지, 주말과 공휴일은 오전 9시부터 오후 6시까지',
  },
};
const flowText = (name: string): string => readFileSync(join(flowsDir, `${name}.json`), 'utf8');
/** A flow as synthesized: placeholders replaced by infra/connect/flow-content.ts, as at synth. */
const synthesize = (name: string, values: PlaceholderValues = VALUES): FlowDocument =>
  parseFlow(
    resolvePlaceholders(`${name}.json`, flowText(name), values, entryPointGenerators(cheongju.entryPoints)),
  );
const readFlow = (name: string): FlowDocument => parseFlow(flowText(name));

describe('bad-flow fixtures', () => {
  it('cover every linter rule', () => {
    const covered = new Set(fixtures.map(expectedRule));
    expect(Object.keys(RULES).filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it.each(fixtures.filter((name) => name !== 'valid.json'))('%s reports exactly its rule', async (name) => {
    const messages = await lintFlowFile(join(fixturesDir, name), { file: name });
    expect(rulesOf(messages)).toEqual([expectedRule(name)]);
    for (const message of messages) {
      const action = message.action === undefined ? 'flow' : `action ${message.action}`;
      expect(formatMessage(message).startsWith(`${name}: ${action}: [${message.rule}] `)).toBe(true);
    }
  });

  it('valid.json lints clean', async () => {
    expect(await lintFlowFile(join(fixturesDir, 'valid.json'))).toEqual([]);
  });
});

describe('shipped flows', () => {
  it('are the flows of the catalog', () => {
    const files = readdirSync(flowsDir)
      .filter((name) => name.endsWith('.json'))
      .sort();
    expect(files).toEqual(FLOW_NAMES.map((name) => `${name}.json`).sort());
  });

  it.each(FLOW_NAMES)('%s.json lints clean', async (name) => {
    const messages = await lintFlowFile(join(flowsDir, `${name}.json`), { file: `${name}.json` });
    expect(messages.map(formatMessage)).toEqual([]);
  });

  it.each(FLOW_NAMES)('%s.json lints clean after synth with only associated functions', (name) => {
    const synthesized = synthesize(name);
    expect(
      lintSynthesizedFlow(name, JSON.stringify(synthesized), Object.values(LAMBDA_ARNS)).map(formatMessage),
    ).toEqual([]);
  });

  it('uses Lambda time limits of at most 4 seconds', () => {
    for (const name of FLOW_NAMES) {
      for (const action of readFlow(name).Actions.filter((a) => a.Type === 'InvokeLambdaFunction')) {
        expect(
          Number(action.Parameters.InvocationTimeLimitSeconds),
          `${name} ${action.Identifier}`,
        ).toBeLessThanOrEqual(4);
      }
    }
  });

  it('sets the Seoyeon neural voice first in every flow', () => {
    for (const name of FLOW_NAMES) {
      const flow = readFlow(name);
      const voice = flow.Actions.find((a) => a.Type === 'UpdateContactTextToSpeechVoice');
      expect(voice?.Parameters, name).toEqual({ TextToSpeechVoice: 'Seoyeon', TextToSpeechEngine: 'Neural' });
      const start = flow.Actions.find((a) => a.Identifier === flow.StartAction);
      expect([start?.Identifier, start?.Transitions.NextAction], name).toContain(voice?.Identifier);
    }
  });

  it('inbound implements the menu contract digits', () => {
    const menu = readFlow('inbound').Actions.find((a) => a.Identifier === 'main-menu');
    const digits = (menu?.Transitions.Conditions ?? []).map((c) => c.Condition.Operands[0]);
    expect(digits).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '0']);
  });
});

describe('synthesized mode', () => {
  const inbound = synthesize('inbound');

  it('flags a Lambda ARN that is not associated', () => {
    const messages = lintSynthesizedFlow('inbound', inbound, [LAMBDA_ARNS.intake]);
    expect(rulesOf(messages)).toEqual(['lambda-target']);
    expect(messages.map((m) => m.action)).toEqual(['lookup-caller-context', 'ticket-lookup']);
  });

  it('flags placeholders left in synthesized content', () => {
    const raw = readFlow('abuse-warning');
    const messages = lintFlow(raw, { file: 'abuse-warning.json', synthesized: true, lambdaArns: [] });
    expect(rulesOf(messages)).toEqual([]);
    const withLeftover = structuredClone(inbound);
    const greeting = withLeftover.Actions.find((a) => a.Identifier === 'greeting');
    if (greeting) greeting.Parameters.SSML = '<speak>${city:ko} 365 민원콜센터입니다.</speak>';
    expect(rulesOf(lintSynthesizedFlow('inbound', withLeftover, Object.values(LAMBDA_ARNS)))).toEqual([
      'placeholder',
    ]);
  });

  it('knows the placeholder kinds of the contract', () => {
    expect(Object.keys(PLACEHOLDERS).sort()).toEqual(['city', 'flow', 'fn', 'gen', 'hours', 'queue']);
  });
});

describe('synthesized mode with CDK tokens', () => {
  it('accepts unresolved tokens that are in the associated set', () => {
    const tokens: Record<string, string> = {
      lookup: '${Token[TOKEN.101]}',
      intake: '${Token[TOKEN.102]}',
      escalation: '${Token[TOKEN.103]}',
    };
    const flow = synthesize('inbound', { ...VALUES, fn: tokens });
    expect(lintSynthesizedFlow('inbound', flow, Object.values(tokens)).map(formatMessage)).toEqual([]);
    expect(rulesOf(lintSynthesizedFlow('inbound', flow, [tokens.intake ?? '']))).toEqual(['lambda-target']);
  });
});
