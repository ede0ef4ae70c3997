/**
 * `npm start`: the local sandbox — the whole call center on this machine (tools/sandbox/).
 *   npm start                      start it (data kept in .local/), print the URL; Ctrl-C stops it
 *   npm start -- --reset           wipe .local/ first
 *   npm start -- --port 3651       another port (default 3650)
 *   npm start -- --summary         instead: synthesize and validate the CDK app and print a summary
 *                                  (--city <name>, --stage <name>; exits 1 on any failure)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { maskPhoneNumbersInText } from '#domain/phone';
import { DEFAULT_CITY, DEFAULT_STAGE, synthApp } from '#infra/build-app';
import { validateTemplateFiles } from '#infra/validation';
import { DEFAULT_PORT, SandboxStartError, startSandbox } from '#tools/sandbox/server';
import { formatSummary } from '#tools/synth-summary';

// The AWS SDK warns on every start when run on a Node older than the project's Node 22; keep other warnings.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!`${warning.name} ${warning.message}`.includes('NodeVersionSupport'))
    console.warn(`${warning.name}: ${warning.message}`);
});

// Powertools Metrics warns on every invocation that published no metric (none are published locally).
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) return;
  warn(...args);
};

const { values } = parseArgs({
  options: {
    city: { type: 'string', default: DEFAULT_CITY },
    stage: { type: 'string', default: DEFAULT_STAGE },
    summary: { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    port: { type: 'string', default: String(DEFAULT_PORT) },
    'data-dir': { type: 'string' },
  },
});

async function summary(): Promise<number> {
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

async function sandbox(): Promise<void> {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SandboxStartError(`Invalid --port ${values.port}`);
  const started = performance.now();
  // Sandbox lines can quote errors and requests: phone numbers are masked as in the Lambdas' logs.
  const log = (line: string) => console.log(`[sandbox] ${maskPhoneNumbersInText(line)}`);
  log(values.reset ? 'starting (reset: local data wiped)…' : 'starting…');
  const running = await startSandbox({
    rootDir: process.cwd(),
    port,
    reset: values.reset,
    city: values.city,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    log,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n  민원365 sandbox ready in ${seconds} s: ${running.url}\n`);
  console.log('  전화 · 상담사 · 부서 · 현황 — dev login picks the role. Ctrl-C stops.\n');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    running.stop().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const run = values.summary ? summary() : sandbox().then(() => undefined);
run.then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      error instanceof SandboxStartError
        ? `\n${error.message}\n`
        : error instanceof Error
          ? (error.stack ?? error.message)
          : error,
    );
    process.exit(1);
  },
);
