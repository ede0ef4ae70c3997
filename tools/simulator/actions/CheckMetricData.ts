import { type ActionExecutor, queueMetricsOf } from '../context';

/**
 * CheckMetricData ("Check staffing", "Check queue status"): one metric (MetricType) of the queue
 * compared with the conditions; NoMatchingCondition when none holds, NoMatchingError on failure.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-checkmetricdata.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/check-staffing.html
 *
 * Simulated: the scenario's queue metrics, or the live queue's (the day simulation) for the working
 * queue.
 */
export const execute: ActionExecutor = (ctx) => {
  const m = queueMetricsOf(ctx.contact, ctx.contact.targetQueue ?? '');
  const values: Record<string, number> = {
    NumberOfAgentsAvailable: m.agentsAvailable,
    NumberOfAgentsStaffed: m.agentsStaffed,
    NumberOfAgentsOnline: m.agentsOnline,
    OldestContactInQueueAgeSeconds: m.oldestContactAgeSeconds,
    NumberOfContactsInQueue: m.size,
  };
  const type = String(ctx.p.MetricType);
  const value = values[type] ?? ctx.fail(`unknown MetricType ${type}`);
  return ctx.byResult(String(value));
};
