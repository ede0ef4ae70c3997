import type { ActionExecutor } from '../context';

/**
 * DistributeByPercentage ("Distribute by percentage"): draws a random number 1–100 and compares it
 * with a chain of NumberLessThan conditions; NoMatchingCondition when none holds.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-distributebypercentage.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/distribute-by-percentage.html
 *
 * Simulated: the draw is the call's `percentile` (default 1: the first branch), so runs repeat.
 */
export const execute: ActionExecutor = (ctx) => {
  const draw = ctx.contact.config.percentile ?? 1;
  ctx.event(`distribute by percentage: drew ${draw}`);
  return ctx.byResult(String(draw));
};
