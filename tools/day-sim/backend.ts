import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import type { RuntimeConfig } from '#commons/runtime-config';
import { synthTemplates } from '#infra/build-app';
import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfig } from '#infra/config/schema';
import type { CfnTemplates } from '#tools/local-aws/cfn';
import { resolveFunctionEnvironment } from '#tools/local-aws/function-environment';
import { findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import type { LocalResources } from '#tools/local-aws/resources';
import { emulatorsForRun } from '#tools/local-aws/run-emulators';
import { type LocalAwsEndpoints, localAwsEnvironment } from '#tools/local-aws/services';
import { createStreamPoller, type StreamPoller } from '#tools/local-aws/stream-poller';
import type { CtrConsumer } from '#tools/sandbox/contact-trace';
import type { ApiHandler } from '#tools/sandbox/runtime';
import { importHandler } from '#tools/sandbox/runtime';
import type { FlowFunction } from '#tools/simulator/types';
import { ConnectStandIn } from './connect-stand-in';

/**
 * The day simulation's back end: DynamoDB Local and local SQS (started here, or running ones with
 * this run's own prefixed tables and queues, as the integration tests share them), the tables and
 * queues made from the synthesized dev templates, and the real handlers in this process — the flow
 * functions (lookup, intake, escalation), the desk API, the ctr-consumer and the dispatcher behind a
 * stream poller — each with the environment its template gives it (as the sandbox runs them,
 * tools/sandbox/runtime.ts). Handlers read their environment when imported: one simulation per
 * process (the CLI, a bench, a test file).
 */

export const CALL_FUNCTIONS = ['lookup', 'intake', 'escalation'] as const;
const ALL_FUNCTIONS = [...CALL_FUNCTIONS, 'api', 'ctr-consumer', 'dispatcher'] as const;

export interface DaySimBackend {
  endpoints: Pick<LocalAwsEndpoints, 'dynamoEndpoint' | 'sqsEndpoint' | 'region' | 'credentials'>;
  resources: LocalResources;
  runtimeConfig: RuntimeConfig;
  flowFunctions: Record<string, FlowFunction>;
  api: ApiHandler;
  /** Amazon Connect's DescribeContact/DescribeUser, answered from the simulated calls. */
  connect: ConnectStandIn;
  ctrConsumer: CtrConsumer;
  dispatcher: StreamPoller;
  doc: DynamoDBDocumentClient;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** Local table name by purpose (`Contacts`, `Counters`, …). */
  table(purpose: string): string;
  departmentQueueUrls: Record<string, string>;
  notes: string[];
  /** The DynamoDB Local JVM's process id, when this run started it. */
  dynamoPid: number | undefined;
  stop(): Promise<void>;
}

export interface BackendOptions {
  rootDir: string;
  city: CityConfig;
  cityId: string;
  /** Running emulators (their tables are left alone: this run gets its own prefix). */
  endpoints?: { dynamo: string; sqs: string };
  /** Synthesized templates, when the caller has them (tests: vitest's provided templates). */
  templates?: CfnTemplates;
}

export const startDaySimBackend = async (options: BackendOptions): Promise<DaySimBackend> => {
  const notes: string[] = [];
  const templatesPromise: Promise<CfnTemplates> = options.templates
    ? Promise.resolve(options.templates)
    : (synthTemplates({ city: options.cityId, stage: 'dev' }) as Promise<CfnTemplates>);
  templatesPromise.catch(() => undefined);
  const { endpoints, resources, started, note } = await emulatorsForRun({
    ...(options.endpoints && { endpoints: options.endpoints }),
    templates: templatesPromise,
    runPrefix: 'day',
    throughput: true,
  });
  notes.push(note);
  const stops: (() => Promise<unknown>)[] = started ? [() => started.stop()] : [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const templates = await templatesPromise;
    Object.assign(process.env, localAwsEnvironment(endpoints));
    for (const name of ALL_FUNCTIONS) {
      // The functions stack names each function's construct after its folder: ctr-consumer → CtrConsumer.
      const construct = name.replace(/(?:^|-)(\w)/g, (_all, letter: string) => letter.toUpperCase());
      const environment = resolveFunctionEnvironment(templates, resources, new RegExp(`(^|/)${construct}`));
      Object.assign(process.env, environment.variables);
    }
    process.env.CALLER_HASH_KEY ??= 'minwon365-local-day-simulation-caller-hash-key';
    // Thousands of invocations: the handlers log errors only (DAY_SIM_LOG_LEVEL to see more),
    // publish no metrics and trace nothing.
    process.env.POWERTOOLS_DEV = 'true';
    process.env.POWERTOOLS_LOG_LEVEL = process.env.DAY_SIM_LOG_LEVEL ?? 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    process.env.POWERTOOLS_TRACE_ENABLED = 'false';
    // No Connect instance runs locally: department queues count as staffed (transfers go through).
    process.env.AGENT_AVAILABILITY = 'always';

    const flowFunctions: Record<string, FlowFunction> = {};
    for (const name of CALL_FUNCTIONS)
      flowFunctions[name] = await importHandler<FlowFunction>(options.rootDir, name);
    // The desk API checks each call's owner with Connect's DescribeContact/DescribeUser: here the
    // stand-in answers from the calls the simulation answered (connect-stand-in.ts).
    const connect = await ConnectStandIn.start();
    stops.push(() => connect.stop());
    process.env.CONNECT_INSTANCE_ID = 'day-sim';
    process.env.AWS_ENDPOINT_URL_CONNECT = connect.url;
    const api = await importHandler<ApiHandler>(options.rootDir, 'api');
    const ctrConsumer = await importHandler<CtrConsumer>(options.rootDir, 'ctr-consumer');
    const dispatcherHandler = await importHandler<
      (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>
    >(options.rootDir, 'dispatcher');

    const dynamo = new DynamoDBClient({
      region: endpoints.region,
      credentials: endpoints.credentials,
      endpoint: endpoints.dynamoEndpoint,
    });
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const sqs = new SQSClient({
      region: endpoints.region,
      credentials: endpoints.credentials,
      endpoint: endpoints.sqsEndpoint,
    });
    stops.push(async () => {
      dynamo.destroy();
      sqs.destroy();
    });

    const tickets = findTable(resources, 'Tickets');
    if (!tickets.streamArn) throw new Error('The Tickets table has no stream');
    const dispatcher = createStreamPoller({
      endpoint: endpoints.dynamoEndpoint,
      region: endpoints.region,
      credentials: endpoints.credentials,
      streamArn: tickets.streamArn,
      functionName: 'minwon365-dispatcher',
      startingPosition: 'TRIM_HORIZON',
      handler: async (event, context) => (await dispatcherHandler(event, context)) as never,
      pollIntervalMs: 200,
      onFailure: (failure) => notes.push(`dispatcher gave up on ${failure.records.length} record(s)`),
    });
    await dispatcher.start();
    stops.push(() => dispatcher.stop());

    const runtimeConfig = toRuntimeConfig(options.city);
    return {
      endpoints,
      resources,
      runtimeConfig,
      flowFunctions,
      api,
      connect,
      ctrConsumer,
      dispatcher,
      doc,
      dynamo,
      sqs,
      table: (purpose) => findTable(resources, purpose).tableName,
      departmentQueueUrls: Object.fromEntries(
        runtimeConfig.departments.map((d) => [d.id, findDepartmentQueue(resources, d.id).queueUrl]),
      ),
      notes,
      dynamoPid: started?.dynamoPid,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
