/**
 * `npm start`: until the local sandbox exists, synthesizes the CDK app for a city and stage,
 * validates it (cdk-nag and @aws/cloudformation-validate) and prints a summary.
 * Options: --city <name> (default cheongju), --stage <name> (default dev). Exits 1 on any failure.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CITY, DEFAULT_STAGE, synthApp } from '#infra/build-app';
import { validateTemplateFiles } from '#infra/validation';
import { formatSummary } from '#tools/synth-summary';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      city: { type: 'string', default: DEFAULT_CITY },
      stage: { type: 'string', default: DEFAULT_STAGE },
    },
  });
  const started = Date.now();
  const outdir = join('.local', 'synth', `${values.city}-${values.stage}`);
  const result = await synthApp({ city: values.city, stage: values.stage, outdir });
  const synthMs = Date.now() - started;
  const region = result.config.stages[result.stageName]?.region ?? 'ap-northeast-2';
  const validations = validateTemplateFiles(result.templatePaths, region);
  console.log(formatSummary(result, validations));
  console.log(
    `\nSynthesized in ${synthMs} ms to ${result.assembly.directory}; validated in ${Date.now() - started - synthMs} ms.`,
  );
  const failed =
    result.policyFindings.length > 0 || validations.some((v) => v.status !== 'OK' || v.errors.length > 0);
  console.log(
    failed
      ? 'RESULT: FAILED'
      : `RESULT: OK — deploy with: npx cdk deploy --all -c city=${values.city} -c stage=${values.stage}`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
