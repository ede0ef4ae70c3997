import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How long each contact flow waits for each Lambda function: the `InvocationTimeLimitSeconds` of
 * every `InvokeLambdaFunction` block in contact-flows/*.json whose `LambdaFunctionARN` is a
 * `${fn:<name>}` placeholder. The flows are the one source of these limits: the Functions stack
 * derives each function's timeout and its time budget (`FLOW_TIME_LIMIT_MS`) from them at synth.
 *
 * Connect waits at most `InvocationTimeLimitSeconds` (an integer from 1 to 8) for a synchronous
 * invocation, then takes the block's error branch:
 * https://docs.aws.amazon.com/connect/latest/APIReference/interactions-invokelambdafunction.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/invoke-lambda-function-block.html
 */

export interface FlowInvocation {
  flow: string;
  action: string;
  seconds: number;
}

export interface FunctionFlowLimit {
  /** The tightest limit of any block invoking the function: the budget every invocation gets. */
  minSeconds: number;
  /** The loosest one: how long the longest-waiting block waits. */
  maxSeconds: number;
  invocations: FlowInvocation[];
}

const PLACEHOLDER = /^\$\{fn:([a-z][a-z0-9-]*)\}$/;

/** Function name (`lookup`) → the limits of the blocks that invoke it, from every flow file in `dir`. */
export function flowInvocationLimits(dir: string): Map<string, FunctionFlowLimit> {
  const limits = new Map<string, FunctionFlowLimit>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const flow = file.replace(/\.json$/, '');
    const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      Actions?: { Identifier?: string; Type?: string; Parameters?: Record<string, unknown> }[];
    };
    for (const action of content.Actions ?? []) {
      if (action.Type !== 'InvokeLambdaFunction') continue;
      const name = PLACEHOLDER.exec(String(action.Parameters?.LambdaFunctionARN ?? ''))?.[1];
      if (name === undefined) continue;
      const raw = action.Parameters?.InvocationTimeLimitSeconds;
      const seconds = Number(raw);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 8) {
        throw new Error(
          `contact-flows/${file}, action ${action.Identifier}: InvocationTimeLimitSeconds must be an integer from 1 to 8 (got ${JSON.stringify(raw)})`,
        );
      }
      const invocation = { flow, action: String(action.Identifier), seconds };
      const known = limits.get(name);
      if (known) {
        known.invocations.push(invocation);
        known.minSeconds = Math.min(known.minSeconds, seconds);
        known.maxSeconds = Math.max(known.maxSeconds, seconds);
      } else limits.set(name, { minSeconds: seconds, maxSeconds: seconds, invocations: [invocation] });
    }
  }
  return limits;
}
