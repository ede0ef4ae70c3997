import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { RuntimeConfig } from '#commons/runtime-config';
import { synthTemplates } from '#infra/build-app';
import { loadCityConfig } from '#infra/config/load';
import { toRuntimeConfig } from '#infra/config/runtime';
import { KbEditorialStore } from '#kb/editorial-store';
import { KbTableStore } from '#kb/store';
import { importKb } from '#tools/kb/import';
import type { CfnTemplates } from '#tools/local-aws/cfn';
import { resolveFunctionEnvironment } from '#tools/local-aws/function-environment';
import { createLambdaContext } from '#tools/local-aws/lambda-context';
import { findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import { type LocalAws, localAwsEnvironment, startLocalAws } from '#tools/local-aws/services';
import { createStreamPoller, fileCheckpoint, type StreamPoller } from '#tools/local-aws/stream-poller';
import { type CitySimulatorSettings, simulatorSettingsFromCity } from '#tools/simulator/city';
import type { FlowFunction } from '#tools/simulator/types';
import type { CtrConsumer } from './contact-trace';
import { type QueuePoller, startQueuePoller } from './queue-poller';

/**
 * The sandbox's back end: DynamoDB Local (persisted) and local SQS, tables and queues made from
 * the synthesized dev templates, the sample KB, and the real handlers in this process with the
 * environment each one gets from its template. The dispatcher runs behind a local stream poller
 * so department queues fill as in AWS.
 *
 * The simulator's own real backend (tools/simulator/backend.ts) is not reused as a whole because
 * with given endpoints it prefixes table names per run; the sandbox needs the same tables every
 * run (persisted data) and shares them with the HTTP API handler.
 */

export const CALL_FUNCTIONS = ['lookup', 'intake', 'escalation'] as const;

export type ApiHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface SandboxRuntime {
  aws: LocalAws;
  templates: CfnTemplates;
  resources: LocalResources;
  runtimeConfig: RuntimeConfig;
  /** Entry points with the number as people write it (`043-201-0001`). */
  entryPoints: { id: string; number: string; nameKo: string; displayNumber: string }[];
  settings: CitySimulatorSettings;
  functions: Record<string, FlowFunction>;
  kbImported: number;
  /** The dispatcher's stream poller (Tickets stream → department queues). */
  dispatcher: StreamPoller;
  /** The desk HTTP API's handler (functions/api/handler.ts), run behind the sandbox's API Gateway stand-in. */
  api: ApiHandler;
  /** The contact-record consumer (functions/ctr-consumer/handler.ts), fed the sandbox calls' contact records. */
  ctrConsumer: CtrConsumer;
  /** The citizen notifier's stream poller (Tickets stream → SMS stand-in). */
  notifier: StreamPoller;
  /** The inbox consumer's queue poller (department queues → DepartmentInbox table). */
  inbox: QueuePoller;
  /** Runs the SLA job once now (it also runs every minute). */
  slaCheck(): Promise<unknown>;
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  rootDir: string;
  dataDir: string;
  city?: string;
  log?: (line: string) => void;
  /** The sandbox server's own URL: its /sandbox/aws/* routes stand in for End User Messaging SMS and SNS. */
  selfUrl?: string;
}

/** The SLA job's period in the sandbox (AWS: the city config's `sla.checkEveryMinutes`). */
export const SANDBOX_SLA_INTERVAL_MS = 60_000;

const elapsed = (since: number) => Math.round(performance.now() - since);

/** A stream poller's error report (bounded: the first of an outage, then one per 30 s). */
const streamError = (error: unknown, failedPolls: number): string =>
  `${error instanceof Error ? error.message : String(error)}${failedPolls > 1 ? ` (${failedPolls} failed polls since the last report; backing off)` : ''}`;

export async function startRuntime(options: RuntimeOptions): Promise<SandboxRuntime> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  // Each stream poller keeps its position in `<dataDir>/streams/` and resumes after what it
  // delivered, so records written while the sandbox was down are delivered after a restart. Data
  // from before checkpoints existed: records older than this run count as handled by an earlier
  // run. DynamoDB Local rounds ApproximateCreationDateTime down to the minute: compare whole
  // minutes (a restart within the same minute may resend a message; department consumers
  // de-duplicate on messageId).
  const runStartedSeconds = Math.floor(Date.now() / 60_000) * 60;
  const checkpoint = (name: string) => fileCheckpoint(join(options.dataDir, 'streams', `${name}.json`));
  const timings: Record<string, number> = {};
  const city = options.city ?? 'cheongju';
  const synthesis = Promise.all([synthTemplates({ city, stage: 'dev' }), loadCityConfig(city)]);
  synthesis.catch(() => undefined);
  // Both keep their data in the sandbox's folder: tables in DynamoDB Local's files, and the
  // department queues' unread messages in local SQS's journal (tools/local-aws/sqs-journal.ts), so
  // a restart of `npm start` loses neither.
  const aws = await startLocalAws({
    persistDir: join(options.dataDir, 'dynamodb'),
    sqsPersistDir: join(options.dataDir, 'sqs'),
    onWarning: log,
  });
  timings.services = elapsed(started);
  log(`DynamoDB Local and local SQS ready (${timings.services} ms)`);
  const stopSteps: (() => Promise<void>)[] = [() => aws.stop()];
  const stopAll = async () => {
    for (const step of stopSteps.reverse()) await step().catch(() => undefined);
  };
  try {
    const [rawTemplates, cityConfig] = await synthesis;
    const templates = rawTemplates as CfnTemplates;
    timings.synth = elapsed(started);
    const { resources } = await provisionFromTemplates(templates, aws);
    timings.provision = elapsed(started);
    log(`tables and queues ready (${timings.provision} ms)`);

    // The handlers' shared process environment: AWS endpoints, then each function's template env.
    Object.assign(process.env, localAwsEnvironment(aws));
    process.env.CALLER_HASH_KEY ??= 'sandbox-caller-hash-key-local-only-0123456789';
    process.env.POWERTOOLS_DEV ??= 'true';
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
    // No Connect instance runs locally: department queues count as staffed.
    process.env.AGENT_AVAILABILITY ??= 'always';
    for (const name of [
      ...CALL_FUNCTIONS,
      'dispatcher',
      'api',
      'ctr-consumer',
      'inbox-consumer',
      'sla-check',
      'citizen-notifier',
    ]) {
      // The functions stack names each function's construct after its folder: ctr-consumer → CtrConsumer.
      const construct = name.replace(/(?:^|-)(\w)/g, (_all, letter: string) => letter.toUpperCase());
      const environment = resolveFunctionEnvironment(templates, resources, new RegExp(`(^|/)${construct}`));
      Object.assign(process.env, environment.variables);
    }
    // The citizen notifier and the SLA job reach the sandbox's stand-ins for End User Messaging SMS
    // and SNS (tools/sandbox/outbox.ts) through the SDK's service endpoint variables.
    if (options.selfUrl !== undefined) {
      process.env.AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 = `${options.selfUrl}/sandbox/aws/sms`;
      process.env.AWS_ENDPOINT_URL_SNS = `${options.selfUrl}/sandbox/aws/sns`;
      process.env.SMS_MODE = 'send';
    }
    // The desk API asks Amazon Connect whose call a contact is (DescribeContact, DescribeUser):
    // in the sandbox its stand-in answers from the simulated calls (tools/sandbox/connect-api.ts).
    if (options.selfUrl !== undefined) {
      process.env.AWS_ENDPOINT_URL_CONNECT = `${options.selfUrl}/sandbox/aws/connect`;
      if (!process.env.CONNECT_INSTANCE_ID) process.env.CONNECT_INSTANCE_ID = 'sandbox';
    }
    if (!process.env.SLA_TOPIC_ARN?.startsWith('arn:'))
      process.env.SLA_TOPIC_ARN = 'arn:aws:sns:ap-northeast-2:000000000000:minwon365-sandbox-sla';
    process.env.SMS_ORIGINATION_IDENTITY ??=
      'arn:aws:sms-voice:ap-northeast-2:000000000000:pool/pool-sandbox';

    const dynamo = new DynamoDBClient({
      region: aws.region,
      credentials: aws.credentials,
      endpoint: aws.dynamoEndpoint,
    });
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    stopSteps.push(async () => dynamo.destroy());

    const kbImported = await importKbWhenEmpty(
      doc,
      {
        corpus: findTable(resources, 'KnowledgeBase').tableName,
        entries: findTable(resources, 'KbEntries').tableName,
      },
      cityConfig,
      options,
    );
    if (kbImported > 0) log(`imported ${kbImported} sample KB entries`);
    timings.kb = elapsed(started);

    const runtimeConfig = toRuntimeConfig(cityConfig);
    const settings = simulatorSettingsFromCity(cityConfig);
    const functions: Record<string, FlowFunction> = {};
    for (const name of CALL_FUNCTIONS) {
      functions[name] = await importHandler<FlowFunction>(options.rootDir, name);
    }
    const api = await importHandler<ApiHandler>(options.rootDir, 'api');
    const ctrConsumer = await importHandler<CtrConsumer>(options.rootDir, 'ctr-consumer');
    const dispatcher = await importHandler<
      (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>
    >(options.rootDir, 'dispatcher');
    const tickets = findTable(resources, 'Tickets');
    if (!tickets.streamArn) throw new Error('The Tickets table has no stream');
    const dispatcherCheckpoint = checkpoint('dispatcher');
    const dispatcherResumes = dispatcherCheckpoint.load() !== undefined;
    const poller: StreamPoller = createStreamPoller({
      endpoint: aws.dynamoEndpoint,
      region: aws.region,
      credentials: aws.credentials,
      streamArn: tickets.streamArn,
      functionName: 'minwon365-dispatcher',
      // From the start of the stream, skipping what earlier runs wrote: DynamoDB Local's LATEST
      // iterator on a still-empty shard misses the first record written after it.
      startingPosition: 'TRIM_HORIZON',
      checkpoint: dispatcherCheckpoint,
      handler: async (event, context) => {
        const fresh = event.Records.filter(
          (record) =>
            dispatcherResumes ||
            (record.dynamodb?.ApproximateCreationDateTime ?? Number.POSITIVE_INFINITY) >= runStartedSeconds,
        );
        if (fresh.length === 0) return { batchItemFailures: [] };
        return (await dispatcher({ Records: fresh }, context)) as never;
      },
      pollIntervalMs: 100,
      onFailure: (failure) =>
        log(
          `dispatcher gave up on ${failure.records.length} record(s) after ${failure.attempts} attempts: ${
            failure.reason instanceof Error ? failure.reason.message : JSON.stringify(failure.reason)
          }`,
        ),
      onError: (error, failedPolls) => log(`dispatcher stream: ${streamError(error, failedPolls)}`),
      onRecovered: ({ failedPolls, ms }) =>
        log(`dispatcher stream: reading again after ${failedPolls} failed polls (${ms} ms)`),
    });
    await poller.start();
    stopSteps.push(() => poller.stop());

    // The citizen notifier on the same stream (MODIFY records only, as its event filter in AWS).
    const notifierHandler = await importHandler<
      (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>
    >(options.rootDir, 'citizen-notifier');
    const notifierCheckpoint = checkpoint('citizen-notifier');
    const notifierResumes = notifierCheckpoint.load() !== undefined;
    const notifier = createStreamPoller({
      endpoint: aws.dynamoEndpoint,
      region: aws.region,
      credentials: aws.credentials,
      streamArn: tickets.streamArn,
      functionName: 'minwon365-citizen-notifier',
      startingPosition: 'TRIM_HORIZON',
      checkpoint: notifierCheckpoint,
      handler: async (event, context) => {
        const fresh = event.Records.filter(
          (record) =>
            record.eventName === 'MODIFY' &&
            (notifierResumes ||
              (record.dynamodb?.ApproximateCreationDateTime ?? Number.POSITIVE_INFINITY) >=
                runStartedSeconds),
        );
        if (fresh.length === 0) return { batchItemFailures: [] };
        return (await notifierHandler({ Records: fresh }, context)) as never;
      },
      pollIntervalMs: 200,
      onFailure: (failure) => log(`citizen notifier gave up on ${failure.records.length} record(s)`),
      onError: (error, failedPolls) => log(`citizen notifier stream: ${streamError(error, failedPolls)}`),
      onRecovered: ({ failedPolls, ms }) =>
        log(`citizen notifier stream: reading again after ${failedPolls} failed polls (${ms} ms)`),
    });
    await notifier.start();
    stopSteps.push(() => notifier.stop());

    // Department queues → the DepartmentInbox table, for the departments the desk reads.
    const inboxHandler = await importHandler<Parameters<typeof startQueuePoller>[0]['handler']>(
      options.rootDir,
      'inbox-consumer',
    );
    const inbox = startQueuePoller({
      endpoint: aws.sqsEndpoint,
      region: aws.region,
      credentials: aws.credentials,
      queues: cityConfig.departments
        .filter((d) => d.inbox === 'desk')
        .map((d) => {
          const queue = findDepartmentQueue(resources, d.id);
          return { url: queue.queueUrl, arn: queue.queueArn };
        }),
      handler: inboxHandler,
      onError: (error) => log(`inbox consumer: ${error instanceof Error ? error.message : String(error)}`),
    });
    stopSteps.push(() => inbox.stop());

    // The SLA job, every minute (EventBridge Scheduler in AWS).
    const slaHandler = await importHandler<(event: unknown, context: Context) => Promise<unknown>>(
      options.rootDir,
      'sla-check',
    );
    const slaCheck = () => slaHandler({}, createLambdaContext('minwon365-sla-check'));
    const slaTimer = setInterval(() => {
      slaCheck().catch((error: unknown) =>
        log(`SLA check: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, SANDBOX_SLA_INTERVAL_MS);
    slaTimer.unref();
    stopSteps.push(async () => clearInterval(slaTimer));
    timings.handlers = elapsed(started);

    return {
      aws,
      templates,
      resources,
      runtimeConfig,
      entryPoints: cityConfig.entryPoints.map(({ id, number, nameKo, displayNumber }) => ({
        id,
        number,
        nameKo,
        displayNumber,
      })),
      settings,
      functions,
      kbImported,
      dispatcher: poller,
      api,
      ctrConsumer,
      notifier,
      inbox,
      slaCheck,
      timings,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export async function importHandler<T>(rootDir: string, name: string): Promise<T> {
  const file = join(rootDir, 'functions', name, 'handler.ts');
  if (!existsSync(file)) throw new Error(`functions/${name}/handler.ts is missing`);
  const module = (await import(pathToFileURL(file).href)) as { handler?: T };
  if (typeof module.handler !== 'function')
    throw new Error(`functions/${name}/handler.ts does not export handler`);
  return module.handler;
}

/** The sample 상담DB, published as version 1 by the import (as `npm run kb -- import` does). */
async function importKbWhenEmpty(
  doc: DynamoDBDocumentClient,
  tables: { corpus: string; entries: string },
  cityConfig: Awaited<ReturnType<typeof loadCityConfig>>,
  options: RuntimeOptions,
): Promise<number> {
  const store = new KbTableStore({ client: doc, tableName: tables.corpus });
  if ((await store.getVersion()) !== undefined) return 0;
  const file = join(options.rootDir, 'data', 'kb', `${options.city ?? 'cheongju'}.jsonl`);
  const report = await importKb(readFileSync(file, 'utf8'), store, {
    file,
    skipInvalid: true,
    editorial: {
      store: new KbEditorialStore({ client: doc, entriesTable: tables.entries, corpusTable: tables.corpus }),
      config: toRuntimeConfig(cityConfig),
      reviewMonths: cityConfig.kb.reviewMonths,
    },
  });
  return report.written;
}
