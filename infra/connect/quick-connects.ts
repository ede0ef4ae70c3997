import type { FlowName } from '#infra/connect/flow-catalog';

/**
 * The quick connects counselors use, defined once for the CDK app (AWS::Connect::QuickConnect, in
 * the ContactFlows stack) and the offline simulator (scenario steps name them by `id`):
 *
 * - one QUEUE quick connect per department: its queue `dept-<id>` with the transfer-to-department
 *   flow (a "Transfer to queue" flow);
 * - `abuse-warning`: the legal warning to the caller, after which the counselor continues;
 * - `abuse-warning-end`: the final notice, after which the call ends.
 *
 * How each type runs (which flow, who hears it, what the customer hears on hold) is AWS's "Quick
 * connect scenarios": https://docs.aws.amazon.com/connect/latest/adminguide/how-quick-connects-work.html
 * and the types are those of "Create quick connects":
 * https://docs.aws.amazon.com/connect/latest/adminguide/quick-connects.html
 */

/** Connect queue name of a department (docs/contracts.md): the escalation function routes by it. */
export const departmentQueueName = (departmentId: string): string => `dept-${departmentId}`;

/** Name of the counselor queue (`${queue:counselors}`). */
export const COUNSELOR_QUEUE_NAME = 'counselors';

export const ABUSE_WARNING = 'abuse-warning';
export const ABUSE_WARNING_END = 'abuse-warning-end';

export interface QuickConnectDefinition {
  /** Scenario name and the `[id]` suffix of the Connect name (the desk finds it by that). */
  readonly id: string;
  readonly nameKo: string;
  readonly description: string;
  readonly type: 'QUEUE';
  /** Queue name (`counselors`, `dept-<id>`). */
  readonly queue: string;
  /** The transfer flow it runs (a QUEUE_TRANSFER flow of contact-flows/). */
  readonly flow: FlowName;
}

/** Connect's name of a quick connect: Korean for the CCP list, `[id]` for the desk. */
export const quickConnectName = (definition: Pick<QuickConnectDefinition, 'id' | 'nameKo'>): string =>
  `${definition.nameKo} [${definition.id}]`;

export const quickConnectsFor = (
  departments: readonly { id: string; nameKo: string; transfer: { type: 'queue' | 'phone' } }[],
): QuickConnectDefinition[] => [
  ...departments.map(
    (department): QuickConnectDefinition => ({
      id: department.id,
      nameKo: department.nameKo,
      description:
        department.transfer.type === 'phone'
          ? `${department.nameKo}: the transfer flow dials the department's number`
          : `${department.nameKo}: transfer to the department queue`,
      type: 'QUEUE',
      queue: departmentQueueName(department.id),
      flow: 'transfer-to-department',
    }),
  ),
  {
    id: ABUSE_WARNING,
    nameKo: '폭언 경고 안내',
    description: 'Conferences the caller in and plays the legal warning; the counselor continues the call',
    type: 'QUEUE',
    queue: COUNSELOR_QUEUE_NAME,
    flow: 'abuse-warning',
  },
  {
    id: ABUSE_WARNING_END,
    nameKo: '폭언 경고 후 종료',
    description: 'Plays the final legal notice to the caller, then ends the call (used as a transfer)',
    type: 'QUEUE',
    queue: COUNSELOR_QUEUE_NAME,
    flow: 'abuse-warning-end',
  },
];
