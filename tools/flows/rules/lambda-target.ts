import { FUNCTION_NAMES } from '#infra/connect/flow-catalog';
import type { LintRule } from './context';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_.-]+(?::[A-Za-z0-9_$-]+)?$/;

/**
 * InvokeLambdaFunction targets a function associated with the instance: in contact-flows/ one of
 * our `${fn:<name>}` placeholders; after synth (`synthesized`) one of the associated ARNs (Connect
 * invokes only functions added to the instance:
 * https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html).
 */
export const rule: LintRule = {
  id: 'lambda-target',
  description: 'InvokeLambdaFunction targets an associated function',
  profile: 'project',
  check(ctx) {
    for (const { action } of ctx.known) {
      if (action.Type !== 'InvokeLambdaFunction') continue;
      const target = action.Parameters.LambdaFunctionARN;
      if (ctx.options.synthesized) {
        // With `lambdaArns` the target must be one of them (CDK tokens allowed); without, any Lambda ARN.
        const known = ctx.options.lambdaArns;
        const associated =
          typeof target === 'string' &&
          (known !== undefined ? known.includes(target) : LAMBDA_ARN.test(target));
        if (!associated) {
          ctx.report(
            action.Identifier,
            `LambdaFunctionARN ${JSON.stringify(target)} is not an associated function`,
          );
        }
      } else {
        const match = typeof target === 'string' ? /^\$\{fn:([^}]*)\}$/.exec(target) : null;
        if (!match || !(FUNCTION_NAMES as readonly string[]).includes(match[1] ?? '')) {
          ctx.report(
            action.Identifier,
            `LambdaFunctionARN must be one of ${FUNCTION_NAMES.map((n) => `\${fn:${n}}`).join(', ')}; got ${JSON.stringify(target)}`,
          );
        }
      }
    }
  },
};
