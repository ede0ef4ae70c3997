import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFlowFile } from '#tools/flows/lint';
import { type RunExportedOptions, runExportedFlow } from '#tools/simulator/exported';
import type { Participant } from '#tools/simulator/types';

/**
 * Flows that others published (test/flows/published/PROVENANCE.md), run the way
 * `npm run simulate -- --flow` runs them: each with the other flows of its folder, so transfers,
 * modules and hooks find their targets.
 */

const ROOT = 'test/flows/published';
const folders = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory());
const corpus = folders.flatMap((folder) => {
  const files = readdirSync(join(ROOT, folder.name))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(ROOT, folder.name, f));
  return files.map((file) => ({ file, siblings: files.filter((f) => f !== file) }));
});

const run = (file: string, options: Partial<RunExportedOptions> = {}) => {
  const entry = corpus.find((c) => c.file.endsWith(file));
  if (!entry) throw new Error(`no published flow ${file}`);
  return runExportedFlow({
    files: [entry.file, ...entry.siblings],
    inputs: [],
    lambdas: new Map(),
    closed: false,
    ...options,
  });
};

describe('published flows', () => {
  it('holds at least 10 flows from at least two publishers', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
    expect(folders.length).toBeGreaterThanOrEqual(2);
  });

  /**
   * What each published flow does when it runs alone (with its folder's flows to find), no inputs,
   * unmapped Lambda functions answering {}: its flow type, how the call ends, who hears what, what
   * it sets. Every file of the corpus has a row.
   */
  interface Expected {
    type: string;
    outcome: string;
    heard: readonly (readonly [Participant, string])[];
    attributes?: Record<string, string>;
    lambdas?: number;
    settings?: Record<string, string | RegExp>;
  }
  const ERROR_PROMPT = "I'm sorry. We have encountered an error and cannot currently handle your call.";
  const WELCOME_SCV = 'Thank you for calling. All calls may be monitored for quality assurance.';
  const RECORDING_AND_ANALYTICS =
    /"RecordedParticipants":\["Agent","Customer"\].*"AnalyticsModes":\["PostContact"\]/;
  const EXPECTED: Record<string, Expected> = {
    'gitlab-cicd-terraform/acme_agent_whisper_AUTO.json': {
      type: 'AGENT_WHISPER',
      outcome: 'ended',
      heard: [['counselor', 'queue']],
    },
    'gitlab-cicd-terraform/acme_contact_flow_module_AUTO.json': {
      type: 'CONTACT_FLOW',
      outcome: 'ended',
      heard: [],
      attributes: { Journey: ' >> went_through_module' },
    },
    'gitlab-cicd-terraform/acme_customer_queue_AUTO.json': {
      type: 'CUSTOMER_QUEUE',
      outcome: 'queued',
      heard: [
        ['caller', 'Please stay on the line for the next available representative.'],
        // A prompt from the instance's library: announced by its ARN, not played.
        [
          'caller',
          '[recorded prompt arn:aws:connect:${REGION}:${ACCT_ID}:instance/${INSTANCE_ID}/prompt/${P:CustomerQueue.wav:P}]',
        ],
      ],
    },
    'gitlab-cicd-terraform/acme_customer_whisper_AUTO.json': {
      type: 'CUSTOMER_WHISPER',
      outcome: 'ended',
      heard: [['caller', 'Going to queue']],
    },
    'gitlab-cicd-terraform/acme_hold_AUTO.json': {
      type: 'AGENT_HOLD',
      outcome: 'ended',
      heard: [['counselor', 'You are on hold']],
    },
    'gitlab-cicd-terraform/acme_main_AUTO.json': {
      type: 'CONTACT_FLOW',
      outcome: 'disconnected',
      heard: [
        ['caller', 'Welcome to ACME corporation'],
        ['caller', 'We are experiencing technical difficulties. Please retry your call.'],
      ],
    },
    'gitlab-cicd-terraform/acme_outbound_flow1_AUTO.json': {
      type: 'OUTBOUND_WHISPER',
      outcome: 'ended',
      heard: [],
      settings: { recording: RECORDING_AND_ANALYTICS },
    },
    'gitlab-cicd-terraform/acme_outbound_flow2_AUTO.json': {
      type: 'OUTBOUND_WHISPER',
      outcome: 'ended',
      heard: [],
      settings: { recording: RECORDING_AND_ANALYTICS },
    },
    'gitlab-cicd-terraform/acme_queue_transfer_AUTO.json': {
      type: 'QUEUE_TRANSFER',
      outcome: 'queued',
      // A quick connect: the transferring counselor is the new contact's customer side.
      heard: [
        ['third-party', 'queue'],
        ['counselor', 'Going to queue'],
      ],
    },
    'salesforce-scv/AWSSCVAgentWhisper.json': {
      type: 'AGENT_WHISPER',
      outcome: 'ended',
      heard: [
        ['counselor', 'Transcript disabled.'],
        ['counselor', 'queue'],
      ],
    },
    'salesforce-scv/AWSSCVAgentWhisperWithStreaming.json': {
      type: 'AGENT_WHISPER',
      outcome: 'ended',
      heard: [['counselor', 'queue']],
      attributes: { languageCode: 'en-US' },
      lambdas: 1,
      settings: { mediaStreaming: 'Enabled' },
    },
    'salesforce-scv/AWS_Sample_SCV_Agent_Transfer.json': {
      type: 'AGENT_TRANSFER',
      // The stub {} has no voiceCallId: the flow's error path ends the consult leg; the counselor
      // takes the caller back and ends the call.
      outcome: 'disconnected',
      heard: [['counselor', ERROR_PROMPT]],
      lambdas: 1,
    },
    'salesforce-scv/AWS_Sample_SCV_Inbound.json': {
      type: 'CONTACT_FLOW',
      outcome: 'disconnected',
      heard: [
        ['caller', WELCOME_SCV],
        ['caller', ERROR_PROMPT],
      ],
      attributes: { error_desc: 'set voiceObjectId failed', process_error: 'true' },
      lambdas: 1,
    },
    'salesforce-scv/AWS_Sample_SCV_Inbound_Flow_with_Transcription.json': {
      type: 'CONTACT_FLOW',
      outcome: 'disconnected',
      heard: [
        ['caller', WELCOME_SCV],
        ['caller', ERROR_PROMPT],
      ],
      attributes: { 'sfdc-RTT_flag__c': '1', languageCode: 'en-US', error_desc: 'set voiceObjectId failed' },
      lambdas: 2,
      settings: { mediaStreaming: 'Enabled' },
    },
    'salesforce-scv/AWS_Sample_SCV_Outbound_Flow_with_Transcription.json': {
      type: 'OUTBOUND_WHISPER',
      outcome: 'ended',
      heard: [['caller', 'This is Salesforce calling. This call may be recording for training purposes.']],
      attributes: { 'sfdc-RTT_flag__c': '1', start_fragment: '1' },
      lambdas: 1,
      settings: { mediaStreaming: 'Enabled' },
    },
    'salesforce-scv/AWS_Sample_SCV_Queue_Transfer.json': {
      type: 'QUEUE_TRANSFER',
      outcome: 'queued',
      heard: [['counselor', 'Transferring you to the appropriate queue. One moment please.']],
      lambdas: 1,
    },
    'salesforce-scv/AWS_Sample_SCV_REST_Example.json': {
      type: 'CONTACT_FLOW',
      outcome: 'disconnected',
      heard: [
        ['caller', WELCOME_SCV],
        ['caller', ERROR_PROMPT],
      ],
      attributes: { error_desc: 'set voiceObjectId failed' },
      lambdas: 1,
    },
  };

  it('has an expectation for every flow of the corpus', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(corpus.map((c) => c.file.slice(ROOT.length + 1)).sort());
  });

  it.each(corpus.map((c) => [c.file.slice(ROOT.length + 1), c.file] as const))(
    '%s runs in its flow type to the expected end: who hears what, what it sets',
    async (name, file) => {
      const expected = EXPECTED[name] as Expected;
      const result = await run(file);
      expect(result.error).toBeNull();
      expect(result.type).toBe(expected.type);
      expect(result.end?.outcome).toBe(expected.outcome);
      const heard = result.transcript.flatMap((e) =>
        e.kind === 'prompt' ? e.heardBy.map((who) => [who, e.text] as const) : [],
      );
      expect(heard.map(([who, text]) => [who, text.trim()])).toEqual(
        expected.heard.map(([who, text]) => [who, expect.stringContaining(text)]),
      );
      expect(result.attributes).toMatchObject(expected.attributes ?? {});
      if (!expected.attributes) expect(result.attributes).toEqual({});
      expect(result.lambdaCalls).toHaveLength(expected.lambdas ?? 0);
      for (const [key, value] of Object.entries(expected.settings ?? {}))
        expect(result.settings[key]).toMatch(value);
    },
  );

  it('reports the Lex bot reference of the ACME inbound flow that names no flow attribute, by name', async () => {
    const result = await run('acme_main_AUTO.json', { inputs: ['say:sales'] });
    expect(result.unresolved).toContainEqual(
      expect.objectContaining({ kind: 'lex', resolution: 'missing', ref: '$.FlowAttributes.acme-lexbot' }),
    );
    expect(result.end?.outcome).toBe('disconnected');
  });

  it('stubs an unmapped Lambda ARN with {} and reports it by name', async () => {
    const result = await run('AWS_Sample_SCV_Inbound.json');
    expect(result.unresolved).toContainEqual(
      expect.objectContaining({
        kind: 'lambda',
        resolution: 'stubbed',
        ref: '%%INVOKE_TELEPHONY_FUNCTION_ARN%%',
      }),
    );
    expect(result.attributes.error_desc).toBe('set voiceObjectId failed');
  });

  it('answers a mapped Lambda with its responses; a queue reference to an absent attribute is reported', async () => {
    const result = await run('AWS_Sample_SCV_Inbound.json', {
      lambdas: new Map([['INVOKE_TELEPHONY_FUNCTION_ARN', () => ({ voiceCallId: 'VC-1' })]]),
    });
    expect(result.lambdaCalls[0]).toMatchObject({ status: 'ok', result: { voiceCallId: 'VC-1' } });
    expect(result.attributes.voiceCallId).toBe('VC-1');
    expect(result.unresolved).toContainEqual(
      expect.objectContaining({ kind: 'queue', resolution: 'missing', ref: '$.Attributes.Sample' }),
    );
    expect(result.attributes.error_desc).toBe('set working queue failed');
  });

  it('routes the SCV agent transfer to the agent of the quick connect (AgentId from $.Agent.UserName) once the Lambda answers', async () => {
    const result = await run('AWS_Sample_SCV_Agent_Transfer.json', {
      lambdas: new Map([['INVOKE_TELEPHONY_FUNCTION_ARN', () => ({ voiceCallId: 'VC-9' })]]),
    });
    expect(result.error).toBeNull();
    expect(result.lambdaCalls[0]).toMatchObject({ status: 'ok', result: { voiceCallId: 'VC-9' } });
    expect(result.attributes.voiceCallId).toBe('VC-9');
    expect(result.end).toMatchObject({ outcome: 'queued', queue: 'agent:agent' });
    expect(result.transcript.filter((e) => e.kind === 'prompt').map((e) => [e.heardBy, e.text])).toEqual([
      [['counselor'], 'Transferring now to an Available Agent'],
    ]);
  });

  it('runs the ACME queue transfer flow as a quick connect: hooks it sets run when the target answers', async () => {
    const result = await run('acme_queue_transfer_AUTO.json');
    const counselorHeard = result.transcript.flatMap((e) =>
      e.kind === 'prompt' && e.heardBy.includes('counselor') ? [e.text] : [],
    );
    expect(result.end?.outcome).toBe('queued');
    expect(result.transcript).toContainEqual(
      expect.objectContaining({ kind: 'flow', flow: 'acme_agent_whisper_AUTO', role: 'agent-whisper' }),
    );
    expect(counselorHeard).toContain('Going to queue');
  });

  it.each([
    ['AWS_Sample_SCV_Outbound_Flow_with_Transcription.json', 'InvokeLambdaFunction', 'OUTBOUND_WHISPER'],
    ['AWSSCVAgentWhisperWithStreaming.json', 'UpdateContactMediaStreamingBehavior', 'AGENT_WHISPER'],
  ])('reports %s using %s, which its block page does not list for %s flows', async (file, type, flowType) => {
    const result = await run(file);
    expect(result.transcript).toContainEqual(
      expect.objectContaining({
        kind: 'violation',
        text: expect.stringContaining(`not available in ${flowType}`),
      }),
    );
    const lint = await lintFlowFile(corpus.find((c) => c.file.endsWith(file))?.file as string, {
      profile: 'connect',
    });
    expect(lint.filter((f) => f.rule === 'flow-type').map((f) => f.message)).toEqual([
      `${type} is not supported in ${flowType} flows`,
    ]);
  });

  it('the connect lint profile finds only the documented disagreements in the corpus (it agrees with the simulator)', async () => {
    const findings = (
      await Promise.all(corpus.map(({ file }) => lintFlowFile(file, { profile: 'connect' })))
    ).flat();
    expect(findings.map((f) => `${f.file.split('/').pop()} [${f.rule}]`).sort()).toEqual([
      'AWSSCVAgentWhisperWithStreaming.json [flow-type]',
      'AWS_Sample_SCV_Outbound_Flow_with_Transcription.json [flow-type]',
      'acme_main_AUTO.json [ssml]',
    ]);
  });
});

describe('npm run simulate -- --flow (exit codes)', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'tools/simulator/cli.ts', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('exits 0 when the call reaches an end, and prints JSON with --json', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'simulate-'));
    const responses = join(scratch, 'telephony.json');
    writeFileSync(responses, JSON.stringify([{ voiceCallId: 'VC-1' }]));
    const result = cli(
      '--flow',
      `${ROOT}/salesforce-scv/AWS_Sample_SCV_Inbound.json`,
      '--lambda',
      `%%INVOKE_TELEPHONY_FUNCTION_ARN%%=${responses}`,
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      end: { outcome: string };
      attributes: Record<string, string>;
    };
    expect(report.attributes.voiceCallId).toBe('VC-1');
  });

  it('exits 1 naming an action type the simulator does not implement', () => {
    const result = cli('--flow', 'test/unit/simulator/fixtures/unknown-type/inbound.json');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('(PlayCarrierPigeon): unknown action type');
  });

  it('exits 1 naming the ARN of a module that no --flow file is', () => {
    const result = cli(
      '--flow',
      'test/unit/simulator/fixtures/exported/sample-main.json',
      '--inputs',
      'say:hi',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'the call stopped: invokes the module arn:aws:connect:us-east-1:111122223333:instance/0000/flow-module/mod-1234',
    );
  });

  it('exits 2 on a usage error', () => {
    const result = cli('--flow', `${ROOT}/salesforce-scv/AWS_Sample_SCV_Inbound.json`, '--type', 'INBOUND');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--type must be one of CONTACT_FLOW');
  });
});
