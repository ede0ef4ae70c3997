import type { ActionExecutor } from '../context';
import { resolveValue } from '../jsonpath';
import { invokeFunction, withFault } from '../lambda';

/**
 * InvokeLambdaFunction ("Invoke AWS Lambda function"): calls a function associated with the
 * instance with the Connect event (Details.ContactData, Details.Parameters from
 * LambdaInvocationAttributes). InvocationTimeLimitSeconds is a static integer 1–8. With
 * ResponseType STRING_MAP the answer must be a flat map of strings; it becomes $.External. A
 * failure, a timeout or an invalid response takes NoMatchingError (and $.External is cleared).
 * https://docs.aws.amazon.com/connect/latest/devguide/interactions-invokelambdafunction.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/invoke-lambda-function-block.html
 *
 * Simulated: the registered handler runs in-process (tools/simulator/lambda.ts); only SYNCHRONOUS
 * invocations are simulated. A response that breaks the contract is also recorded as a violation
 * (a scenario fails on it).
 */
export const execute: ActionExecutor = async (ctx) => {
  const { p, contact, action, run } = ctx;
  const arn = ctx.param('LambdaFunctionARN') ?? ctx.fail('needs LambdaFunctionARN');
  const name =
    contact.resources.functionName(arn) ?? ctx.fail(`LambdaFunctionARN ${arn} is not a registered function`);
  const limit = Number(p.InvocationTimeLimitSeconds ?? 3);
  if (!Number.isInteger(limit) || limit < 1 || limit > 8)
    ctx.fail('InvocationTimeLimitSeconds must be an integer 1–8');
  if (String(p.InvocationType ?? 'SYNCHRONOUS') !== 'SYNCHRONOUS')
    ctx.fail('only SYNCHRONOUS invocations are simulated');
  const responseType =
    ((p.ResponseValidation as Record<string, unknown> | undefined)?.ResponseType as string | undefined) ??
    'STRING_MAP';
  if (responseType !== 'STRING_MAP' && responseType !== 'JSON')
    ctx.fail(`unknown ResponseType ${responseType}`);
  const parameters: Record<string, string> = {};
  const attrs = (p.LambdaInvocationAttributes ?? {}) as Record<string, unknown>;
  for (const [key, raw] of Object.entries(attrs)) {
    if (typeof raw !== 'string') ctx.fail(`LambdaInvocationAttributes.${key} must be a string`);
    const value = resolveValue(contact.data, raw as string);
    if (value === undefined) ctx.event(`parameter ${key}: ${raw} is empty`);
    parameters[key] = value ?? '';
  }
  const fn = contact.config.functions[name] ?? ctx.fail(`function ${name} is not registered`);
  const record = await invokeFunction({
    name,
    fn: withFault(fn, contact.config.faults[name]),
    event: contact.connectEvent(parameters),
    timeLimitSeconds: limit,
    responseType: responseType as 'STRING_MAP' | 'JSON',
    flow: run.flow.name,
    action: action.Identifier,
  });
  contact.lambdaCalls.push(record);
  contact.transcript.push({ kind: 'lambda', call: record });
  contact.elapsedSeconds += record.status === 'timeout' ? limit : 1;
  if (record.status === 'ok') {
    contact.data.External = record.result ?? {};
    return ctx.next();
  }
  contact.data.External = {};
  if (record.status === 'invalid-response') {
    const text = `function ${name} ${record.error}`;
    contact.violations.push(
      `flow "${run.flow.name}", action "${action.Identifier}" (InvokeLambdaFunction): ${text}`,
    );
    contact.transcript.push({ kind: 'violation', flow: run.flow.name, action: action.Identifier, text });
  }
  return ctx.error('NoMatchingError');
};
