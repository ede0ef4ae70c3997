import type { ActionExecutor } from '../context';

/**
 * Loop ("Loop"): returns ContinueLooping LoopCount times (0–100), then DoneLooping once, then
 * resets; exactly the two conditions Equals ContinueLooping and Equals DoneLooping.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-loop.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/loop.html
 *
 * Simulated: one counter per flow and action, for the whole contact.
 */
export const execute: ActionExecutor = (ctx) => {
  const count = Number(ctx.param('LoopCount'));
  if (!Number.isInteger(count) || count < 0 || count > 100) ctx.fail('LoopCount must be an integer 0–100');
  const key = `${ctx.run.flow.name}/${ctx.action.Identifier}`;
  const done = ctx.contact.loopCounters.get(key) ?? 0;
  if (done < count) {
    ctx.contact.loopCounters.set(key, done + 1);
    return ctx.byResult('ContinueLooping');
  }
  ctx.contact.loopCounters.set(key, 0);
  return ctx.byResult('DoneLooping');
};
