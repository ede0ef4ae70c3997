import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { createMaskingLogger } from '#commons/masking';

/**
 * The one Powertools module: every handler imports `logger`, `metrics` and `tracer` from here so
 * service name, namespace and phone masking are the same everywhere. Middy order in handlers:
 * tracer, logger, metrics, then validation.
 */
export const SERVICE_NAME = 'minwon365';
export const METRICS_NAMESPACE = 'Minwon365';

export const logger = createMaskingLogger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** Metric names shared by handlers and dashboards. */
export const METRIC_NAMES = {
  /** Count, dimension `category` (and `kind`). */
  ticketCreated: 'TicketCreated',
  /** Count, dimension `outcome` (`transfer` | `callback`). */
  escalation: 'Escalation',
  /** Count, dimension `function`. */
  invalidInput: 'InvalidInput',
} as const;
