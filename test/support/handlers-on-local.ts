import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfig } from '#infra/config/schema';
import { localAws } from '#test/local';
import { findDepartmentQueue, findTable } from '#tools/local-aws/lookup';
import type { LocalResources } from '#tools/local-aws/resources';
import { createStreamPoller, type StreamPoller } from '#tools/local-aws/stream-poller';

/**
 * What integration tests need to run the real handlers in-process on the local services: the
 * handlers' environment for a provisioned copy of the app's tables and queues, and the dispatcher
 * behind a stream poller. (test/integration/api.test.ts and handlers-dispatch.test.ts spell the same
 * out by hand; they can move here.)
 */

export const handlerEnvironment = (
  resources: LocalResources,
  city: CityConfig,
  overrides: Record<string, string> = {},
): Record<string, string> => ({
  CITY_CONFIG: JSON.stringify(toRuntimeConfig(city)),
  TICKETS_TABLE: findTable(resources, 'Tickets').tableName,
  COUNTERS_TABLE: findTable(resources, 'Counters').tableName,
  KB_TABLE: findTable(resources, 'KnowledgeBase').tableName,
  IDEMPOTENCY_TABLE: findTable(resources, 'Idempotency').tableName,
  CONTACTS_TABLE: findTable(resources, 'Contacts').tableName,
  DEPARTMENT_QUEUES: JSON.stringify(
    Object.fromEntries(city.departments.map((d) => [d.id, findDepartmentQueue(resources, d.id).queueUrl])),
  ),
  CALLER_HASH_KEY: 'integration-caller-hash-key-0123456789abcdef',
  CONNECT_INSTANCE_ID: '',
  AGENT_AVAILABILITY: 'never',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  ...overrides,
});

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
