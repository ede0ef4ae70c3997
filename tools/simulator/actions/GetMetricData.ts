import { type ActionExecutor, queueMetricsOf, queueOf } from '../context';
import { queueArn } from '../flows';

/**
 * GetMetricData ("Get queue metrics"): loads real-time metrics of QueueId (or the working queue)
 * into $.Metrics: Queue.{Name,ARN,Size,OldestContactAge,EstimatedWaitTime},
 * Agents.{Online,Available,Staffed}.Count, Contact.PositionInQueue. Error NoMatchingError.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-getmetricdata.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/get-queue-metrics.html
 *
 * Simulated: the scenario's queue metrics (defaults: 3 waiting, 25 staffed, 0 available), or the
 * live queue's (the day simulation's queue and counselors at that instant).
 */
export const execute: ActionExecutor = (ctx) => {
  const { contact } = ctx;
  const id = queueOf(ctx);
  if (!id) return ctx.error('NoMatchingError');
  const m = queueMetricsOf(contact, id);
  contact.data.Metrics = {
    Queue: {
      Name: id,
      ARN: queueArn(id),
      Size: String(m.size),
      OldestContactAge: String(m.oldestContactAgeSeconds),
      EstimatedWaitTime: String(m.estimatedWaitSeconds),
    },
    Agents: {
      Online: { Count: String(m.agentsOnline) },
      Available: { Count: String(m.agentsAvailable) },
      Staffed: { Count: String(m.agentsStaffed) },
    },
    Contact: { PositionInQueue: String(m.positionInQueue) },
  };
  return ctx.next();
};
