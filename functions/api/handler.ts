import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { agentAvailabilityFromEnv } from '#adapters/agent-availability';
import { createConnectContactDirectory, noContactCenter } from '#adapters/connect-contacts';
import { createContactArrivals } from '#adapters/contact-arrivals';
import { createContactRecords } from '#adapters/contact-records';
import { createDayStats } from '#adapters/day-stats';
import { createInboxStore } from '#adapters/inbox-store';
import { createCursorCodec } from '#adapters/page-cursor';
import { createTicketRepository } from '#adapters/ticket-repository';
import { createFlowConnectClient } from '#commons/aws/connect';
import { documentClient } from '#commons/aws/dynamodb';
import { secretsManagerClient } from '#commons/aws/secrets-manager';
import { createCallerHasher, hashKeyProviderFromEnv } from '#commons/caller-hash';
import { countMetric, withPowertools } from '#commons/handler-kit';
import { parsePlanningConfig } from '#commons/planning-config';
import { logger } from '#commons/powertools';
import {
  loadRuntimeConfig,
  optionalPositiveInt,
  RuntimeConfigError,
  requireEnv,
} from '#commons/runtime-config';
import { createArrivalRefit } from '#functions/use-cases/arrival-refit';
import { createDepartmentInbox } from '#functions/use-cases/department-inbox';
import { kbSearchServiceFromEnv } from '#functions/use-cases/kb-search';
import { kbEditorialFromEnv } from '#functions/use-cases/kb-wiring';
import { createTicketManagement } from '#functions/use-cases/manage-ticket';
import { createSlaStats } from '#functions/use-cases/sla-stats';
import { ticketCreationFromEnv } from '#functions/use-cases/ticket-wiring';
import { createTodayStats } from '#functions/use-cases/today-stats';
import { createApiRouter } from './router';

/**
 * api — the desk HTTP API behind API Gateway's HTTP API and its Cognito JWT authorizer
 * (docs/contracts.md, "Desk HTTP API"); locally the sandbox calls this same handler with the dev
 * login's claims in `requestContext.authorizer.jwt.claims`.
 *
 * Environment: CITY_CONFIG, TICKETS_TABLE, COUNTERS_TABLE, IDEMPOTENCY_TABLE, KB_TABLE,
 * CONTACTS_TABLE, INBOX_TABLE, KB_ENTRIES_TABLE, KB_SEARCH_LOG_TABLE (and the optional KB_* settings
 * of functions/use-cases/kb-wiring.ts), CALLER_HASH_SECRET_ARN (or CALLER_HASH_KEY locally), optional
 * TICKET_RETENTION_DAYS, CONTACT_RETENTION_DAYS, SLA_WARN_HOURS, CONNECT_INSTANCE_ID (the contact
 * checks of dispositions and abuse warnings ask this instance; empty: no contact center, so no
 * contact exists), CONNECT_DEPARTMENT_QUEUES and AGENT_AVAILABILITY (`connect` | `always` |
 * `never`, as for the escalation function). List cursors are signed with a key derived from the
 * caller-hash key.
 *
 * The 계획 view's day model is not an environment variable (Lambda's 4 KB limit): the expression
 * `process.env.PLANNING_MODEL` below is replaced in the bundle at build time
 * (functions/commons/planning-config.ts); unbundled (the sandbox, tests) it is the real variable.
 */

const env = process.env;
const config = loadRuntimeConfig(env);

const ticketsTable = requireEnv(env, 'TICKETS_TABLE');
const dayStats = createDayStats({ client: documentClient, tableName: requireEnv(env, 'COUNTERS_TABLE') });
const repository = createTicketRepository({ client: documentClient, tableName: ticketsTable, dayStats });
const hashKeys = hashKeyProviderFromEnv(env, () => secretsManagerClient);
const hasher = createCallerHasher(hashKeys);
const cursors = createCursorCodec(() => hashKeys.getKey());
const slaWarnHours = (() => {
  const raw = env.SLA_WARN_HOURS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RuntimeConfigError('SLA_WARN_HOURS must be a positive number');
  return value;
})();
const contactsTable = requireEnv(env, 'CONTACTS_TABLE');
const contactRetention = optionalPositiveInt(env, 'CONTACT_RETENTION_DAYS');
const contacts = createContactRecords({
  client: documentClient,
  tableName: contactsTable,
  ...(contactRetention !== undefined && { retentionDays: contactRetention }),
  dayStats,
});

const connectInstanceId = env.CONNECT_INSTANCE_ID ?? '';

// Literally `process.env.PLANNING_MODEL` (not `env.…`): the bundler's define replaces this expression.
const planningConfig = parsePlanningConfig(process.env.PLANNING_MODEL);

const router = createApiRouter({
  config,
  tickets: createTicketManagement({
    repository,
    hasher,
    config,
    cursors,
    ...(slaWarnHours !== undefined && { slaWarnHours }),
  }),
  createTicket: ticketCreationFromEnv(env, config),
  availability: agentAvailabilityFromEnv(env, createFlowConnectClient),
  kb: kbSearchServiceFromEnv(env, documentClient, logger),
  ...kbEditorialFromEnv(env, documentClient, config),
  inbox: createDepartmentInbox({
    store: createInboxStore({ client: documentClient, tableName: requireEnv(env, 'INBOX_TABLE') }),
    departmentIds: config.departments.map((d) => d.id),
    cursors,
  }),
  slaStats: createSlaStats({ repository, config }),
  contacts,
  contactDirectory:
    connectInstanceId === ''
      ? noContactCenter
      : createConnectContactDirectory({ client: createFlowConnectClient(), instanceId: connectInstanceId }),
  stats: createTodayStats({ dayStats, config }),
  ...(planningConfig && {
    planning: {
      config: planningConfig,
      refitArrivals: createArrivalRefit({
        arrivals: createContactArrivals({ client: documentClient, tableName: contactsTable }),
        planning: planningConfig,
      }),
    },
  }),
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
