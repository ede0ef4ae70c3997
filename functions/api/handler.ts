import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { agentAvailabilityFromEnv } from '#adapters/agent-availability';
import { createContactRecords } from '#adapters/contact-records';
import { createDayStats } from '#adapters/day-stats';
import { createTicketRepository } from '#adapters/ticket-repository';
import { createFlowConnectClient } from '#commons/aws/connect';
import { documentClient } from '#commons/aws/dynamodb';
import { secretsManagerClient } from '#commons/aws/secrets-manager';
import { sqsClient } from '#commons/aws/sqs';
import { createCallerHasher, hashKeyProviderFromEnv } from '#commons/caller-hash';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { logger } from '#commons/powertools';
import {
  loadDepartmentQueues,
  loadRuntimeConfig,
  RuntimeConfigError,
  requireEnv,
} from '#commons/runtime-config';
import { createDepartmentInbox } from '#functions/use-cases/department-inbox';
import { createTicketManagement } from '#functions/use-cases/manage-ticket';
import { ticketCreationFromEnv } from '#functions/use-cases/ticket-wiring';
import { createTodayStats } from '#functions/use-cases/today-stats';
import { KbSearchService } from '#kb/service';
import { KbTableStore } from '#kb/store';
import { createApiRouter } from './router';

/**
 * api — the desk HTTP API behind API Gateway's HTTP API and its Cognito JWT authorizer
 * (docs/contracts.md, "Desk HTTP API"); locally the sandbox calls this same handler with the dev
 * login's claims in `requestContext.authorizer.jwt.claims`.
 *
 * Environment: CITY_CONFIG, TICKETS_TABLE, COUNTERS_TABLE, IDEMPOTENCY_TABLE, KB_TABLE,
 * CONTACTS_TABLE, DEPARTMENT_QUEUES, CALLER_HASH_SECRET_ARN (or CALLER_HASH_KEY locally), optional
 * TICKET_RETENTION_DAYS, CONTACT_RETENTION_DAYS, CONNECT_INSTANCE_ID, CONNECT_DEPARTMENT_QUEUES and
 * AGENT_AVAILABILITY (`connect` | `always` | `never`, as for the escalation function).
 */

const env = process.env;
const config = loadRuntimeConfig(env);

const positiveInt = (name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new RuntimeConfigError(`${name} must be a positive integer`);
  return value;
};

const ticketsTable = requireEnv(env, 'TICKETS_TABLE');
const dayStats = createDayStats({ client: documentClient, tableName: requireEnv(env, 'COUNTERS_TABLE') });
const repository = createTicketRepository({ client: documentClient, tableName: ticketsTable, dayStats });
const hasher = createCallerHasher(hashKeyProviderFromEnv(env, () => secretsManagerClient));
const contactRetention = positiveInt('CONTACT_RETENTION_DAYS');
const contacts = createContactRecords({
  client: documentClient,
  tableName: requireEnv(env, 'CONTACTS_TABLE'),
  ...(contactRetention !== undefined && { retentionDays: contactRetention }),
  dayStats,
});

const router = createApiRouter({
  config,
  tickets: createTicketManagement({ repository, hasher, config }),
  createTicket: ticketCreationFromEnv(env, config),
  availability: agentAvailabilityFromEnv(env, createFlowConnectClient),
  kb: new KbSearchService({
    source: new KbTableStore({ client: documentClient, tableName: requireEnv(env, 'KB_TABLE') }),
    onStaleError: (error) =>
      logger.warn('Knowledge base refresh failed; serving the previous index', { error }),
    onSnapshotError: (error) =>
      logger.warn('Stored knowledge-base index unusable; building it from the table', { error }),
  }),
  inbox: createDepartmentInbox({ client: sqsClient, queues: loadDepartmentQueues(env) }),
  contacts,
  stats: createTodayStats({ dayStats, config }),
  onError: (error, route) => logger.error('Desk API request failed', { route, error }),
  onRejected: (route, statusCode, code) => {
    logger.info('Desk API request refused', { route, statusCode, code });
    if (statusCode === 401 || statusCode === 403)
      countMetric('ApiAccessDenied', { status: String(statusCode) });
  },
});

export const handler = withPowertools(
  async (
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyResultV2> => router(event, context),
);
