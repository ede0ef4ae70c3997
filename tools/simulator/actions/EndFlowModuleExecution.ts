import type { ActionExecutor } from '../context';

/**
 * EndFlowModuleExecution (module "Return"): ends the module; the invoking flow continues after its
 * Invoke module block. No errors; only in flow modules.
 * https://docs.aws.amazon.com/connect/latest/devguide/endflowmoduleexecution.html
 * https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-modules.html
 */
export const execute: ActionExecutor = () => ({ exit: { kind: 'module-returned' } });
