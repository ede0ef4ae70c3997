import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CitySimulatorSettings } from './city';
import { createFakeBackend } from './fakes';
import type { FlowFunction } from './types';

/**
 * The functions a simulated call invokes:
 * - `real`: the handlers in functions/<name>/handler.ts, in-process, wired to DynamoDB Local and
 *   local SQS (started here unless endpoints are given) with tables and queues made from the
 *   synthesized templates, and each handler's environment resolved from its template;
 * - `fake`: the in-memory fakes of tools/simulator/fakes.ts (no AWS at all);
 * - `auto`: real when all three handlers exist, otherwise fake (with a note).
 */

export const FUNCTION_NAMES = ['lookup', 'intake', 'escalation'] as const;

export interface Backend {
  kind: 'real' | 'fake';
  functions: Record<string, FlowFunction>;
  /** Counts tickets in the store (real backend), for `ticketsCreated`. */
  countTickets?: () => Promise<number>;
  notes: string[];
  stop(): Promise<void>;
}

export interface BackendOptions {
  mode: 'auto' | 'real' | 'fake';
  settings: CitySimulatorSettings;
  rootDir: string;
  city?: string;
  stage?: string;
  /** Use running emulators instead of starting them. */
  endpoints?: { dynamo: string; sqs: string };
}

const handlerPath = (rootDir: string, name: string) => join(rootDir, 'functions', name, 'handler.ts');

export const createBackend = async (options: BackendOptions): Promise<Backend> => {
  const missing = FUNCTION_NAMES.filter((name) => !existsSync(handlerPath(options.rootDir, name)));
  const useFake = options.mode === 'fake' || (options.mode === 'auto' && missing.length > 0);
  if (options.mode === 'real' && missing.length > 0) {
    throw new Error(
      `--real: missing handler(s) ${missing.map((n) => `functions/${n}/handler.ts`).join(', ')}`,
    );
  }
  if (useFake) {
    const fake = createFakeBackend({
      entryPoints: options.settings.entryPoints,
      departments: options.settings.departments,
    });
    return {
      kind: 'fake',
      functions: fake.functions,
      countTickets: async () => fake.tickets.length,
      notes:
        options.mode === 'auto'
          ? [
              `using in-memory fake functions (missing: ${missing.map((n) => `functions/${n}/handler.ts`).join(', ')})`,
            ]
          : ['using in-memory fake functions (--fake)'],
      stop: async () => undefined,
    };
  }
  return createRealBackend(options);
};

const createRealBackend = async (options: BackendOptions): Promise<Backend> => {
  // Imported lazily: the fake path needs neither the CDK app nor the emulators.
  const { synthTemplates } = await import('#infra/build-app');
  const { localAwsEnvironment } = await import('#tools/local-aws/services');
  const { emulatorsForRun } = await import('#tools/local-aws/run-emulators');
  const { resolveFunctionEnvironment } = await import('#tools/local-aws/function-environment');
  const { findTable } = await import('#tools/local-aws/lookup');
  const { DynamoDBClient, ScanCommand } = await import('@aws-sdk/client-dynamodb');

  const notes: string[] = [];
  const templatesPromise = synthTemplates({ city: options.city, stage: options.stage ?? 'dev' });
  const { endpoints, resources, started, note } = await emulatorsForRun({
    ...(options.endpoints && { endpoints: options.endpoints }),
    templates: templatesPromise,
    runPrefix: 'sim',
  });
  notes.push(note);
  try {
    const templates = await templatesPromise;
    Object.assign(process.env, localAwsEnvironment(endpoints));
    process.env.CALLER_HASH_KEY ??= 'minwon365-local-simulator-caller-hash-key-0001';
    process.env.POWERTOOLS_DEV ??= 'true';
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    // No Connect instance runs locally: department queues count as staffed, so escalation
    // transfers (a scenario can still model an unanswered external number).
    process.env.AGENT_AVAILABILITY ??= 'always';
    const functions: Record<string, FlowFunction> = {};
    for (const name of FUNCTION_NAMES) {
      const environment = resolveFunctionEnvironment(templates, resources, new RegExp(`(^|/)${name}`, 'i'));
      Object.assign(process.env, environment.variables);
      if (environment.unresolved.length > 0) {
        notes.push(`${name}: no local value for ${environment.unresolved.join(', ')}`);
      }
      const module = (await import(pathToFileURL(handlerPath(options.rootDir, name)).href)) as {
        handler?: FlowFunction;
      };
      if (typeof module.handler !== 'function')
        throw new Error(`functions/${name}/handler.ts does not export handler`);
      functions[name] = module.handler;
    }

    const dynamo = new DynamoDBClient({
      region: endpoints.region,
      credentials: endpoints.credentials,
      endpoint: endpoints.dynamoEndpoint,
    });
    const ticketsTable = findTable(resources, 'Tickets').tableName;
    return {
      kind: 'real',
      functions,
      countTickets: async () => {
        let count = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const page = await dynamo.send(
            new ScanCommand({ TableName: ticketsTable, Select: 'COUNT', ExclusiveStartKey: start as never }),
          );
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
        return count;
      },
      notes,
      stop: async () => {
        dynamo.destroy();
        await started?.stop();
      },
    };
  } catch (error) {
    await started?.stop();
    throw error;
  }
};
