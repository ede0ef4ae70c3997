import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { createSqsDepartmentPublisher } from '#adapters/department-publisher';
import { createManagerAlerts } from '#adapters/manager-alerts';
import { createTicketRepository } from '#adapters/ticket-repository';
import { documentClient } from '#commons/aws/dynamodb';
import { sqsClient } from '#commons/aws/sqs';
import { withPowertools } from '#commons/handler-kit';
import { logger, metrics, tracer } from '#commons/powertools';
import {
  loadDepartmentQueues,
  loadRuntimeConfig,
  RuntimeConfigError,
  requireEnv,
} from '#commons/runtime-config';
import { createSlaCheck, DEFAULT_SLA_WARN_HOURS, type SlaRunSummary } from '#functions/use-cases/sla-check';

/**
 * sla-check — run by an EventBridge Scheduler schedule (every 15 minutes; infra/stacks/functions-stack.ts):
 * finds open tickets past or near their due time and notifies departments and managers once per
 * ticket and threshold (functions/use-cases/sla-check.ts). Publishes `TicketsOverdue` (newly
 * overdue this run; the alarm watches it), `TicketsDueSoon` and `OpenTicketsOverdue`. A run with
 * failed notices throws after counting, so Scheduler's retry policy runs it again (notices already
 * sent are not repeated).
 *
 * Environment: CITY_CONFIG, TICKETS_TABLE, DEPARTMENT_QUEUES, SLA_TOPIC_ARN, optional
 * SLA_WARN_HOURS (default 24).
 */

export const SLA_METRICS = {
  newlyOverdue: 'TicketsOverdue',
  newlyDueSoon: 'TicketsDueSoon',
  openOverdue: 'OpenTicketsOverdue',
} as const;

const env = process.env;
const warnHours = (() => {
  const raw = env.SLA_WARN_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_SLA_WARN_HOURS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RuntimeConfigError('SLA_WARN_HOURS must be a positive number');
  return value;
})();
const check = createSlaCheck({
  repository: createTicketRepository({ client: documentClient, tableName: requireEnv(env, 'TICKETS_TABLE') }),
  publisher: createSqsDepartmentPublisher({ client: sqsClient, queues: loadDepartmentQueues(env) }),
  managers: createManagerAlerts({
    client: tracer.captureAWSv3Client(new SNSClient({})),
    topicArn: requireEnv(env, 'SLA_TOPIC_ARN'),
  }),
  config: loadRuntimeConfig(env),
  warnHours,
});

/** Puts the run's figures on the metrics object (flushed by logMetrics at the end of the invocation). */
export const recordSlaMetrics = (summary: SlaRunSummary): void => {
  metrics.addMetric(SLA_METRICS.newlyOverdue, MetricUnit.Count, summary.newlyOverdue);
  metrics.addMetric(SLA_METRICS.newlyDueSoon, MetricUnit.Count, summary.newlyDueSoon);
  metrics.addMetric(SLA_METRICS.openOverdue, MetricUnit.Count, summary.openOverdue);
};

export const handler = withPowertools(async (_event: unknown, _context: Context) => {
  const summary = await check(new Date());
  recordSlaMetrics(summary);
  logger.info('SLA check done', {
    openOverdue: summary.openOverdue,
    newlyOverdue: summary.newlyOverdue,
    newlyDueSoon: summary.newlyDueSoon,
    notified: summary.notified.map((n) => `${n.ticketNumber}:${n.threshold}`),
  });
  if (summary.failed.length > 0) {
    for (const failure of summary.failed)
      logger.error('SLA notice failed', { ticketNumber: failure.ticketNumber, error: failure.error });
    throw new Error(`SLA notices failed for ${summary.failed.length} ticket(s)`);
  }
  return {
    openOverdue: summary.openOverdue,
    newlyOverdue: summary.newlyOverdue,
    newlyDueSoon: summary.newlyDueSoon,
  };
});
