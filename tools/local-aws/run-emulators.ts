import type { CfnTemplates } from './cfn';
import { provisionFromTemplates } from './provision';
import type { LocalResources } from './resources';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalAws,
  type LocalAwsEndpoints,
  startLocalAws,
} from './services';

/**
 * The emulators of one tool run (the call simulator, the day simulation): DynamoDB Local and local
 * SQS started for the run, or running ones given by endpoint (a test's shared emulators), with the
 * templates' tables and queues made on them. Given endpoints may already hold tables, so the run's
 * own get a prefix (`<runPrefix><time>-`).
 */
export interface RunEmulators {
  endpoints: Pick<
    LocalAwsEndpoints,
    'dynamoEndpoint' | 'sqsEndpoint' | 'region' | 'accountId' | 'credentials'
  >;
  resources: LocalResources;
  /** The emulators this run started (the caller stops them); undefined when given endpoints were used. */
  started: LocalAws | undefined;
  /** One line for the run's notes: what was started or used. */
  note: string;
}

export interface RunEmulatorsOptions {
  /** Running emulators to use instead of starting them. */
  endpoints?: { dynamo: string; sqs: string };
  templates: CfnTemplates | Promise<CfnTemplates>;
  /** The tables' prefix on given endpoints, before the run's time (`sim`, `day`). */
  runPrefix: string;
  /** Started DynamoDB Local compiles hot code fully (long runs; see StartLocalAwsOptions). */
  throughput?: boolean;
}

/** Starts (or uses) the emulators and provisions the templates on them; stops what it started if that fails. */
export async function emulatorsForRun(options: RunEmulatorsOptions): Promise<RunEmulators> {
  const started = options.endpoints
    ? undefined
    : await startLocalAws(options.throughput ? { throughput: true } : {});
  try {
    const endpoints = started ?? {
      dynamoEndpoint: options.endpoints?.dynamo ?? '',
      sqsEndpoint: options.endpoints?.sqs ?? '',
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      credentials: { ...LOCAL_CREDENTIALS },
    };
    const prefix = started ? '' : `${options.runPrefix}${Date.now().toString(36)}-`;
    const { resources } = await provisionFromTemplates(await options.templates, endpoints, { prefix });
    return {
      endpoints,
      resources,
      started,
      note: started
        ? `started DynamoDB Local (${endpoints.dynamoEndpoint}) and local SQS (${endpoints.sqsEndpoint})`
        : `using DynamoDB ${endpoints.dynamoEndpoint} and SQS ${endpoints.sqsEndpoint} (tables prefixed ${prefix})`,
    };
  } catch (error) {
    await started?.stop();
    throw error;
  }
}
