import { localAws } from '#test/local';
import type { CfnTemplates } from '#tools/local-aws/cfn';
import { resolveFunctionEnvironment } from '#tools/local-aws/function-environment';
import { findTable } from '#tools/local-aws/lookup';
import type { LocalResources } from '#tools/local-aws/resources';
import { createStreamPoller, type StreamPoller } from '#tools/local-aws/stream-poller';

/**
 * What integration tests need to run the real handlers in-process on the local services: the
 * handlers' environment for a provisioned copy of the app's tables and queues, and the dispatcher
 * behind a stream poller.
 */

/**
 * The environment the named functions get from the synthesized templates (as the sandbox does,
 * tools/local-aws/function-environment.ts), resolved to the provisioned copy, so a variable a
 * stack adds reaches the tests without being listed here again. Only what has no local
 * counterpart (the caller-hash secret, the Connect instance) and the test's log settings are
 * supplied here.
 */
export const handlerEnvironment = (
  templates: CfnTemplates,
  resources: LocalResources,
  functions: readonly string[],
  overrides: Record<string, string> = {},
): Record<string, string> => {
  const variables = Object.assign(
    {},
    ...functions.map((name) => {
      const { variables } = resolveFunctionEnvironment(templates, resources, new RegExp(`(^|/)${name}`));
      return variables;
    }),
  ) as Record<string, string>;
  return {
    ...variables,
    CALLER_HASH_KEY: 'integration-caller-hash-key-0123456789abcdef',
    CONNECT_INSTANCE_ID: '',
    AGENT_AVAILABILITY: 'never',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    ...overrides,
  };
};

/** The dispatcher (imported now: call after setting the environment) behind a started stream poller. */
export const startDispatcher = async (resources: LocalResources): Promise<StreamPoller> => {
  const { handler: dispatcher } = await import('#functions/dispatcher/handler');
  const aws = localAws();
  const poller = createStreamPoller({
    endpoint: aws.dynamoEndpoint,
    region: aws.region,
    credentials: aws.credentials,
    streamArn: findTable(resources, 'Tickets').streamArn ?? '',
    handler: (event, context) => dispatcher(event, context),
    functionName: 'dispatcher',
    startingPosition: 'TRIM_HORIZON',
    maxRetryAttempts: 1,
  });
  await poller.start();
  return poller;
};
