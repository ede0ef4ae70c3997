/**
 * First call of each flow-invoked function, end to end, as a contact flow waits for it on the
 * first call of the morning (issue 15 "first-call budget", issue 11 "a time budget that Connect
 * respects"):
 *
 * - the code is what `cdk deploy` uploads: the app is synthesized with bundling on, and each
 *   function runs from its own asset (`index.mjs` + its `.map`) with the environment its template
 *   gives it (NODE_OPTIONS, CITY_CONFIG, Powertools settings, table names resolved to the local
 *   tables, which are created from the same templates);
 * - a fresh Node process per first call, with a Lambda-like environment (AWS_LAMBDA_FUNCTION_NAME,
 *   AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, a sampled _X_AMZN_TRACE_ID: Powertools Tracer is on, as
 *   with active tracing; its UDP segments go to a daemon address where nothing listens);
 * - DynamoDB is DynamoDB Local; Secrets Manager is not local: the caller-hash secret is read with
 *   the real SDK client from a stand-in endpoint in this process (127.0.0.1, the GetSecretValue
 *   JSON protocol), so client import, signing and one HTTP round trip are paid as in Lambda (but
 *   not the regional network latency);
 * - lookup's 상담DB holds at least 1,000 entries (data/kb/cheongju.jsonl, padded with synthetic
 *   entries to 1,000), imported with its snapshot as `kb import` does.
 *
 * Figures per call: `boot` (process start to the first line of the runner: Node's own start),
 * `import` (the bundle's module evaluation: what Lambda's init phase runs), `call` (the first
 * invocation: config already parsed at import, the secret read, the first DynamoDB round trips,
 * for kbSearch the index load), `total` = process start to the handler's answer, and `cpu` the
 * process's CPU time until then (user + system; far less sensitive than wall time to other work
 * on the machine). The Lambda service's own sandbox start is not in it. Each row is the quietest (min) and the median of
 * FIRST_CALL_RUNS processes (default 5): the machine is shared, so the min is the figure to
 * compare and the median shows the noise.
 *
 * Then the worst cases, still from a cold start: DynamoDB slowed (every answer held back by a
 * proxy), hung (requests accepted, never answered) and down (connection refused). Each row is the
 * time until the handler answered or threw, against the flow block's limit.
 *
 * `npm run bench -- first-call`; FIRST_CALL_RUNS=N; FIRST_CALL_SKIP_WORST=1 skips the worst cases;
 * FIRST_CALL_INSTRUCTIONS=1 also counts each first call's instructions under valgrind (a figure the
 * machine's load does not change; minutes per call).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CfnTemplate, synthApp } from '#infra/build-app';
import { flowInvocationLimits } from '#infra/flow-limits';
import { parseKbJsonl } from '#kb/jsonl';
import type { KbEntry } from '#kb/schema';
import { KbTableStore } from '#kb/store';
import { contactFlowEvent } from '#test/flow-event';
import { downEndpoint, type SlowProxyMode, startSlowProxy } from '#test/slow-proxy';
import { resolveFunctionEnvironment } from '#tools/local-aws/function-environment';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import { localAwsEnvironment, startLocalAws } from '#tools/local-aws/services';
import { syntheticEntries } from './kb.bench';

const root = new URL('../', import.meta.url).pathname;
const RUNS = Math.max(1, Number(process.env.FIRST_CALL_RUNS ?? 5));
const KB_ENTRIES = 1_000;
const CALLER = '+821012345678';
const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:minwon365-caller-hash-bench';
const SECRET_VALUE = 'minwon365-bench-caller-hash-key-0123456789abcdef';
/** A runner that takes longer than this is killed (the "before" code could wait for ever). */
const KILL_AFTER_MS = 20_000;

interface Case {
  label: string;
  fn: 'lookup' | 'intake' | 'escalation';
  parameters: Record<string, string>;
}

const CASES: Case[] = [
  { label: 'lookup callerContext', fn: 'lookup', parameters: { action: 'callerContext' } },
  {
    label: 'lookup kbSearch (1,000 entries)',
    fn: 'lookup',
    parameters: { action: 'kbSearch', query: '주차 위반 과태료 어떻게 내요', top: '3' },
  },
  {
    label: 'intake report',
    fn: 'intake',
    parameters: {
      kind: 'report',
      category: 'living-complaints',
      description: '가로등이 꺼져 있어요',
      location: '상당로 155',
    },
  },
  { label: 'escalation callback', fn: 'escalation', parameters: { action: 'callback', departmentId: '' } },
];

/** The runner in the fresh process: import the bundle (init), invoke once, print the timings. */
const RUNNER = `
const boot = performance.now();
const [bundle, eventFile, timeoutMs] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = performance.now();
const module = await import(bundle);
const imported = performance.now();
const deadline = Date.now() + Number(timeoutMs);
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-northeast-2:000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: '1024',
  awsRequestId: 'bench-' + process.pid,
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {}, fail() {}, succeed() {},
};
let outcome;
try {
  const result = await module.handler(event, context);
  outcome = result?.status ?? 'no status';
} catch (error) {
  outcome = 'threw ' + (error?.name ?? 'error');
}
const done = performance.now();
const cpu = process.cpuUsage();
process.stdout.write('\\n@@first-call ' + JSON.stringify({ boot, import: imported - started, call: done - imported, total: done, cpu: (cpu.user + cpu.system) / 1000, outcome }) + '\\n');
process.exit(0);
`;

interface Timing {
  boot: number;
  import: number;
  call: number;
  total: number;
  /** CPU time (user + system) of the process until the answer: steadier than wall time on a busy machine. */
  cpu: number;
  outcome: string;
}

/** Secrets Manager's GetSecretValue (JSON 1.1 protocol) for one secret, on 127.0.0.1. */
const startSecretsStandIn = async () => {
  let reads = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      reads++;
      const target = String(request.headers['x-amz-target'] ?? '');
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'InvalidRequestException', message: target }));
        return;
      }
      response.end(
        JSON.stringify({
          ARN: SECRET_ARN,
          Name: 'minwon365-caller-hash-bench',
          SecretString: SECRET_VALUE,
          VersionId: '00000000-0000-0000-0000-000000000000',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_767_225_600,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reads: () => reads,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** The entries `kb import` would store: the city's file, padded with synthetic ones to {@link KB_ENTRIES}. */
const benchKb = (): { entries: KbEntry[]; real: number } => {
  const real = parseKbJsonl(readFileSync(join(root, 'data', 'kb', 'cheongju.jsonl'), 'utf8')).entries;
  const padding = syntheticEntries(Math.max(0, KB_ENTRIES - real.length)).map((entry, i) => ({
    ...entry,
    id: `bench-${i}`,
  }));
  return { entries: [...real, ...padding], real: real.length };
};

interface DeployedFunction {
  name: string;
  dir: string;
  bundleBytes: number;
  gzipBytes: number;
  mapBytes: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
}

/** Each Lambda function of the synthesized app: its asset folder, bundle sizes, timeout and environment. */
const deployedFunctions = (
  assemblyDir: string,
  templates: Record<string, CfnTemplate>,
  resources: Parameters<typeof resolveFunctionEnvironment>[1],
): Map<string, DeployedFunction> => {
  const found = new Map<string, DeployedFunction>();
  for (const [stackName, template] of Object.entries(templates)) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const properties = resource.Properties ?? {};
      const key = String((properties.Code as { S3Key?: unknown } | undefined)?.S3Key ?? '');
      const dir = join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
      let files: string[];
      try {
        files = readdirSync(dir);
      } catch {
        continue; // not a bundled Node.js function (e.g. CDK's own providers)
      }
      const bundle = files.find((file) => file === 'index.mjs' || file === 'index.js');
      if (!bundle) continue;
      const name = logicalId.replace(/Function[0-9A-F]{8}$/, '').replace(/[0-9A-F]{8}$/, '');
      const environment = resolveFunctionEnvironment({ [stackName]: template }, resources, logicalId);
      // The project's functions (ProjectFunction), not CDK's own providers.
      if (environment.variables.POWERTOOLS_SERVICE_NAME === undefined) continue;
      const mapFile = join(dir, `${bundle}.map`);
      found.set(`${stackName}/${name}`, {
        name,
        dir,
        bundleBytes: statSync(join(dir, bundle)).size,
        gzipBytes: gzipSync(readFileSync(join(dir, bundle))).length,
        mapBytes: files.includes(`${bundle}.map`) ? statSync(mapFile).size : 0,
        timeoutSeconds: Number(properties.Timeout ?? 3),
        environment: environment.variables,
      });
    }
  }
  return found;
};

/** Under valgrind (cachegrind, no cache simulation): counts the instructions the process ran. */
const VALGRIND = [
  '--tool=cachegrind',
  '--cache-sim=no',
  '--smc-check=all-non-file',
  '--cachegrind-out-file=/dev/null',
];

const runChild = (
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { valgrind?: boolean } = {},
): Promise<Timing & { instructions?: number }> =>
  new Promise((resolve) => {
    const started = performance.now();
    const [command, commandArgs] = options.valgrind
      ? ['valgrind', [...VALGRIND, process.execPath, script, ...args]]
      : [process.execPath, [script, ...args]];
    execFile(
      command,
      commandArgs,
      {
        env,
        encoding: 'utf8',
        timeout: options.valgrind ? 20 * KILL_AFTER_MS : KILL_AFTER_MS,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('@@first-call '));
        if (line) {
          const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
          resolve({
            ...(JSON.parse(line.slice('@@first-call '.length)) as Timing),
            ...(refs !== undefined && { instructions: Number(refs.replaceAll(',', '')) }),
          });
          return;
        }
        const wall = performance.now() - started;
        resolve({
          boot: Number.NaN,
          import: Number.NaN,
          call: Number.NaN,
          total: wall,
          cpu: Number.NaN,
          outcome: error?.killed
            ? `killed after ${KILL_AFTER_MS} ms (no answer)`
            : `crashed (${error?.message})`,
        });
      },
    );
  });

const ms = (value: number) => (Number.isNaN(value) ? '-' : `${Math.round(value)}`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export default async function firstCallBench(): Promise<void> {
  console.log(
    `load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} CPUs, Node ${process.version}; ${RUNS} fresh process(es) per row (FIRST_CALL_RUNS)`,
  );
  const outdir = mkdtempSync(join(tmpdir(), 'minwon365-first-call-'));
  const synthStarted = performance.now();
  const synth = await synthApp({ outdir, bundle: true });
  console.log(`synthesized with bundling in ${Math.round(performance.now() - synthStarted)} ms (${outdir})`);
  const limits = flowInvocationLimits(join(root, 'contact-flows'));

  const aws = await startLocalAws();
  const secrets = await startSecretsStandIn();
  const proxy = await startSlowProxy(aws.dynamoEndpoint);
  try {
    const { resources } = await provisionFromTemplates(synth.templates as never, aws);
    const functions = deployedFunctions(synth.assembly.directory, synth.templates, resources);
    const byName = (name: string): DeployedFunction => {
      const match = [...functions.values()].find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (!match) throw new Error(`no deployed function ${name}`);
      return match;
    };

    // The 상담DB as `kb import` stores it (entries + snapshot).
    const { entries, real } = benchKb();
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: aws.region, credentials: aws.credentials, endpoint: aws.dynamoEndpoint }),
    );
    await new KbTableStore({
      client,
      tableName: findTable(resources, 'KnowledgeBase').tableName,
    }).writeEntries(entries, { version: 'bench', replace: true });
    client.destroy();

    console.log('\nbundles as deployed (minified index.mjs; the source map is a separate file):');
    for (const f of functions.values()) {
      console.log(
        `  ${f.name.padEnd(28)} ${kb(f.bundleBytes).padStart(8)} (gzip ${kb(f.gzipBytes)}, map ${kb(f.mapBytes)})  timeout ${f.timeoutSeconds} s  NODE_OPTIONS=${JSON.stringify(f.environment.NODE_OPTIONS ?? '')}`,
      );
    }

    const work = mkdtempSync(join(tmpdir(), 'minwon365-first-call-run-'));
    mkdirSync(work, { recursive: true });
    const runner = join(work, 'runner.mjs');
    writeFileSync(runner, RUNNER);
    const departmentId = (
      JSON.parse(byName('Escalation').environment.CITY_CONFIG ?? '{}') as {
        departments?: { id: string; transfer: { type: string } }[];
      }
    ).departments?.find((d) => d.transfer.type === 'queue')?.id;
    if (!departmentId) throw new Error('the city has no queue department');

    let contact = 0;
    const invoke = async (c: Case, dynamoEndpoint: string, valgrind = false) => {
      const deployed = byName(c.fn);
      const parameters = c.fn === 'escalation' ? { ...c.parameters, departmentId } : c.parameters;
      const eventFile = join(work, `event-${++contact}.json`);
      writeFileSync(
        eventFile,
        JSON.stringify(contactFlowEvent(parameters, `bench-${process.pid}-${contact}`, { from: CALLER })),
      );
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        ...localAwsEnvironment(aws),
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
        ...deployed.environment,
        CALLER_HASH_SECRET_ARN: SECRET_ARN,
        CONNECT_INSTANCE_ID: '',
        AGENT_AVAILABILITY: 'never',
        NODE_OPTIONS: deployed.environment.NODE_OPTIONS ?? '',
        AWS_LAMBDA_FUNCTION_NAME: `minwon365-${c.fn}`,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        LAMBDA_TASK_ROOT: deployed.dir,
        _X_AMZN_TRACE_ID: 'Root=1-67890abc-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
        AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
        AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      if (valgrind) {
        // ~50 times slower: no deadline (it would refuse the calls), no cold-start accounting.
        delete env.FLOW_TIME_LIMIT_SECONDS;
        delete env.AWS_LAMBDA_FUNCTION_NAME;
      }
      return runChild(
        runner,
        [
          join(deployed.dir, 'index.mjs'),
          eventFile,
          String(valgrind ? 3_600_000 : deployed.timeoutSeconds * 1000),
        ],
        env,
        { valgrind },
      );
    };

    const limitOf = (c: Case) => limits.get(c.fn)?.minSeconds ?? Number.NaN;
    console.log(
      `\nfirst call end to end on DynamoDB Local (ms; min / median of ${RUNS}; 상담DB ${entries.length} entries, ${real} from data/kb/cheongju.jsonl):`,
    );
    console.log(
      `  ${'call'.padEnd(32)} ${'limit'.padStart(6)} ${'half'.padStart(6)}  ${'boot'.padStart(5)} ${'import'.padStart(6)} ${'call'.padStart(5)}  ${'total min'.padStart(9)} ${'median'.padStart(7)}  ${'cpu min'.padStart(7)}  outcome`,
    );
    for (const c of CASES) {
      const runs: Timing[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await invoke(c, aws.dynamoEndpoint));
      runs.sort((a, b) => a.total - b.total);
      const best = runs[0] as Timing;
      const median = runs[Math.floor(runs.length / 2)] as Timing;
      const limit = limitOf(c);
      const verdict = best.total <= (limit * 1000) / 2 ? 'fits half' : 'OVER half';
      const cpu = Math.min(...runs.map((run) => run.cpu));
      console.log(
        `  ${c.label.padEnd(32)} ${`${limit} s`.padStart(6)} ${`${limit / 2} s`.padStart(6)}  ${ms(best.boot).padStart(5)} ${ms(best.import).padStart(6)} ${ms(best.call).padStart(5)}  ${ms(best.total).padStart(9)} ${ms(median.total).padStart(7)}  ${ms(cpu).padStart(7)}  ${best.outcome}; ${verdict}`,
      );
    }

    if (process.env.FIRST_CALL_INSTRUCTIONS) {
      console.log(
        '\ninstructions of the process until the answer (valgrind cachegrind; independent of the load on the machine; one process each; node alone runs ~88 M):',
      );
      for (const c of CASES) {
        const run = await invoke(c, aws.dynamoEndpoint, true);
        const count = run.instructions === undefined ? 'n/a' : `${Math.round(run.instructions / 1e6)} M`;
        console.log(`  ${c.label.padEnd(32)} ${count.padStart(8)}  ${run.outcome}`);
      }
    }

    if (process.env.FIRST_CALL_SKIP_WORST) return;
    const down = await downEndpoint();
    const worst: { label: string; mode: SlowProxyMode | 'down' }[] = [
      { label: 'DynamoDB +300 ms per answer', mode: { kind: 'delay', delayMs: 300 } },
      { label: 'DynamoDB +1,500 ms per answer', mode: { kind: 'delay', delayMs: 1_500 } },
      { label: 'DynamoDB hung (never answers)', mode: { kind: 'blackhole' } },
      { label: 'DynamoDB down (refused)', mode: 'down' },
    ];
    console.log(
      '\nworst cases from a cold start (ms until the handler answered or threw; one process each):',
    );
    for (const w of worst) {
      if (w.mode !== 'down') proxy.setMode(w.mode);
      console.log(`  ${w.label}:`);
      for (const c of CASES) {
        const timing = await invoke(c, w.mode === 'down' ? down : proxy.endpoint);
        const limit = limitOf(c) * 1000;
        const verdict =
          timing.total <= limit ? `inside the ${limit / 1000} s limit` : `PAST the ${limit / 1000} s limit`;
        console.log(
          `    ${c.label.padEnd(32)} ${ms(timing.total).padStart(6)}  ${timing.outcome}; ${verdict}`,
        );
      }
    }
    console.log(`  (Secrets Manager stand-in answered ${secrets.reads()} reads)`);
  } finally {
    await proxy.stop();
    await secrets.stop();
    await aws.stop();
  }
}
