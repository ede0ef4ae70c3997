import { edgesOf } from '../types';
import type { LintRule } from './context';

/**
 * Every action is reachable from StartAction (the console refuses to publish unconnected blocks:
 * "All connectors must be connected to a block in order to successfully publish your flow").
 * https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html
 */
export const rule: LintRule = {
  id: 'unreachable',
  description: 'every action is reachable from StartAction',
  profile: 'connect',
  check(ctx) {
    const start = ctx.flow.StartAction;
    if (typeof start !== 'string' || !ctx.byId.has(start)) return; // start-action reports it
    const reached = new Set<string>([start]);
    const pending = [start];
    while (pending.length > 0) {
      const current = ctx.byId.get(pending.pop() as string);
      for (const edge of current ? edgesOf(current) : []) {
        if (ctx.byId.has(edge.target) && !reached.has(edge.target)) {
          reached.add(edge.target);
          pending.push(edge.target);
        }
      }
    }
    for (const action of ctx.wellFormed) {
      if (!reached.has(action.Identifier))
        ctx.report(action.Identifier, 'no path from StartAction reaches this action');
    }
  },
};
