import type { ActionContext, Jump } from '../context';
import type { InputRequest } from '../types';

/**
 * InvokeFlowModule ("Invoke module"): runs a flow module (FlowModuleId) and continues after it
 * returns (Return block: EndFlowModuleExecution); error NoMatchingError. Modules do not see the
 * caller's flow attributes ("aren't passed to modules") and may invoke modules.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions-invoke-flow-module.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/invoke-module-block.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-modules.html
 *
 * Simulated: the module runs in the invoking flow's role; a module that is not loaded ends the
 * simulation there (reported): the call leaves the simulated flows.
 */
export async function* execute(ctx: ActionContext): AsyncGenerator<InputRequest, Jump, string> {
  const ref = ctx.reference('FlowModuleId', 'module');
  if (ref === undefined) return ctx.fail('needs FlowModuleId');
  if (ref === null) return ctx.error('NoMatchingError');
  const name = ctx.contact.resources.flowName(ref);
  if (!name) {
    ctx.report('module', ref, 'missing', 'a flow module that is not loaded (pass it with --flow)');
    return { exit: { kind: 'left', reason: `invokes the module ${ref}, which is not loaded` } };
  }
  const exit = yield* ctx.run.invokeModule(name);
  return exit.kind === 'module-returned' ? ctx.next() : { exit };
}
