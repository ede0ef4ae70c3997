import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { runtimeConfigSchema } from '#commons/runtime-config';
import { synthTemplates } from '#infra/build-app';
import { loadCityConfig } from '#infra/config/load';
import { type RuntimeConfig, toRuntimeConfig } from '#infra/config/runtime';
import { KbEditorialStore } from '#kb/editorial-store';
import { KbTableStore } from '#kb/store';
import { importKb } from '#tools/kb/import';
import type { CfnTemplates } from '#tools/local-aws/cfn';
import { resolveFunctionEnvironment } from '#tools/local-aws/function-environment';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResources } from '#tools/local-aws/resources';
import { type LocalAws, localAwsEnvironment, startLocalAws } from '#tools/local-aws/services';
import { createStreamPoller, type StreamPoller } from '#tools/local-aws/stream-poller';
import { type CitySimulatorSettings, simulatorSettingsFromCity } from '#tools/simulator/city';
import type { FlowFunction } from '#tools/simulator/types';

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
/** Table name used when the templates do not (yet) declare a Contacts table. */
export const FALLBACK_CONTACTS_TABLE = 'minwon365-sandbox-contacts';

export interface SandboxRuntime {
  aws: LocalAws;
  templates: CfnTemplates;
  resources: LocalResources;
  runtimeConfig: RuntimeConfig;
  /** Entry points with the number as people write it (`043-201-0001`). */
  entryPoints: { id: string; number: string; nameKo: string; displayNumber: string }[];
  settings: CitySimulatorSettings;
  functions: Record<string, FlowFunction>;
  doc: DynamoDBDocumentClient;
  contactsTable: string;
  kbImported: number;
  /** The dispatcher's stream poller (Tickets stream → department queues). */
  dispatcher: StreamPoller;
  notes: string[];
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  rootDir: string;
  dataDir: string;
  city?: string;
  log?: (line: string) => void;
}

const elapsed = (since: number) => Math.round(performance.now() - since);

export async function startRuntime(options: RuntimeOptions): Promise<SandboxRuntime> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  // Stream records older than this run were handled (or given up on) by an earlier run. DynamoDB
  // Local rounds ApproximateCreationDateTime down to the minute: compare whole minutes (a restart
  // within the same minute may resend a message; department consumers de-duplicate on messageId).
  const runStartedSeconds = Math.floor(Date.now() / 60_000) * 60;
  const timings: Record<string, number> = {};
  const notes: string[] = [];
  const city = options.city ?? 'cheongju';
  const synthesis = Promise.all([synthTemplates({ city, stage: 'dev' }), loadCityConfig(city)]);
  synthesis.catch(() => undefined);
  const aws = await startLocalAws({ persistDir: join(options.dataDir, 'dynamodb') });
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
    for (const name of [...CALL_FUNCTIONS, 'dispatcher', 'api']) {
      try {
        const environment = resolveFunctionEnvironment(templates, resources, new RegExp(`(^|/)${name}`, 'i'));
        Object.assign(process.env, environment.variables);
      } catch (error) {
        if (name !== 'api') throw error;
        notes.push('the templates have no API function yet: the API handler gets the other functions’ env');
      }
    }

    const dynamo = new DynamoDBClient({
      region: aws.region,
      credentials: aws.credentials,
      endpoint: aws.dynamoEndpoint,
    });
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    stopSteps.push(async () => dynamo.destroy());

    const contactsTable = await ensureContactsTable(dynamo, resources);
    process.env.CONTACTS_TABLE ??= contactsTable;

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
    const dispatcher = await importHandler<
      (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>
    >(options.rootDir, 'dispatcher');
    const tickets = findTable(resources, 'Tickets');
    if (!tickets.streamArn) throw new Error('The Tickets table has no stream');
    const poller: StreamPoller = createStreamPoller({
      endpoint: aws.dynamoEndpoint,
      region: aws.region,
      credentials: aws.credentials,
      streamArn: tickets.streamArn,
      functionName: 'minwon365-dispatcher',
      // From the start of the stream, skipping what earlier runs wrote: DynamoDB Local's LATEST
      // iterator on a still-empty shard misses the first record written after it.
      startingPosition: 'TRIM_HORIZON',
      handler: async (event, context) => {
        const fresh = event.Records.filter(
          (record) =>
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
      onError: (error) => log(`dispatcher stream: ${error instanceof Error ? error.message : String(error)}`),
    });
    await poller.start();
    stopSteps.push(() => poller.stop());
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
      doc,
      contactsTable,
      kbImported,
      dispatcher: poller,
      notes,
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

/** The Contacts table from the templates, or (until the data stack declares it) one made per the contract. */
async function ensureContactsTable(dynamo: DynamoDBClient, resources: LocalResources): Promise<string> {
  try {
    return findTable(resources, 'Contacts').tableName;
  } catch {
    // Not in the templates yet: create it as docs/contracts.md describes it.
  }
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: FALLBACK_CONTACTS_TABLE }));
  } catch {
    await dynamo.send(
      new CreateTableCommand({
        TableName: FALLBACK_CONTACTS_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'contactId', AttributeType: 'S' },
          { AttributeName: 'day', AttributeType: 'S' },
          { AttributeName: 'initiatedAt', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'contactId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byDay',
            KeySchema: [
              { AttributeName: 'day', KeyType: 'HASH' },
              { AttributeName: 'initiatedAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  }
  return FALLBACK_CONTACTS_TABLE;
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
      config: runtimeConfigSchema.parse(toRuntimeConfig(cityConfig)),
      reviewMonths: cityConfig.kb.reviewMonths,
    },
  });
  return report.written;
}
