import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { buildApp, PolicyValidationError, synthCached, synthesize } from '#infra/build-app';
import { validateTemplateFiles } from '#infra/validation';

const STAGES = ['dev', 'prod'] as const;
const tempDir = () => mkdtempSync(join(tmpdir(), 'minwon365-test-'));

describe('cdk-nag AwsSolutions checks', () => {
  it.each(STAGES)('report no unacknowledged finding for the whole %s app', async (stage) => {
    const result = await synthCached({ stage });
    expect(result.policyFindings).toEqual([]);
  });

  it('fail the synth, naming rule and resource, when a finding is not acknowledged', async () => {
    const { app, stacks } = await buildApp({ stage: 'dev', outdir: tempDir() });
    new Queue(stacks.messaging, 'PlainQueue');
    const error = await Promise.resolve()
      .then(() => synthesize(app))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyValidationError);
    const findings = (error as PolicyValidationError).findings;
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
    expect(
      findings.every((f) =>
        f.constructPaths.includes('Minwon365-cheongju-dev-Messaging/PlainQueue/Resource'),
      ),
    ).toBe(true);
  });

  it('accept a finding acknowledged on that exact resource', async () => {
    const { app, stacks } = await buildApp({ stage: 'dev', outdir: tempDir() });
    const queue = new Queue(stacks.messaging, 'PlainQueue', { enforceSSL: true });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'test: this queue is a DLQ elsewhere',
    });
    expect(() => synthesize(app)).not.toThrow();
  });
});

describe('CloudFormation validation (@aws/cloudformation-validate)', () => {
  it('finds no FATAL or ERROR diagnostic in any dev or prod template', async () => {
    const results = await Promise.all(STAGES.map((stage) => synthCached({ stage })));
    const paths = Object.assign({}, ...results.map((r) => r.templatePaths)) as Record<string, string>;
    const validations = validateTemplateFiles(paths, 'ap-northeast-2');
    expect(validations.map((v) => v.stackName).sort()).toEqual(Object.keys(paths).sort());
    for (const validation of validations) {
      expect(validation.status, validation.stackName).toBe('OK');
      expect(validation.errors, validation.stackName).toEqual([]);
    }
  });

  it('reports an error for a template with an invalid resource property', () => {
    const file = join(tempDir(), 'broken.template.json');
    writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Broken: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 'two weeks' } },
        },
      }),
    );
    const [validation] = validateTemplateFiles({ broken: file }, 'ap-northeast-2');
    expect(validation?.errors.length).toBeGreaterThan(0);
  });
});
