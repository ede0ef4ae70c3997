import type { AgentAvailability } from '#adapters/agent-availability';
import type { Caller } from '#commons/flow-response';
import type { Department, RuntimeConfig } from '#commons/runtime-config';
import type { CategoryCode } from '#domain/categories';
import type { CreatedTicket, TicketRequest } from '#functions/use-cases/create-ticket';

/**
 * Escalating a deep question to a department (docs/contracts.md, `escalation`):
 *
 * - department reached at an external number → transfer to that number (most department staff
 *   are not Connect users; the flow falls back to {@link Escalation.callback} when nobody answers);
 * - department reached through its Connect queue `dept-<id>` with an agent available → transfer
 *   to the queue;
 * - otherwise — no agent, or the Connect API failing or too slow — a call-back ticket: never a
 *   dead end for the caller.
 */

export type CallbackReason = 'no-agent' | 'availability-error' | 'requested';

export type EscalationResult =
  | { outcome: 'transfer'; transferType: 'queue'; department: Department }
  | { outcome: 'transfer'; transferType: 'phone'; phoneNumber: string; department: Department }
  | { outcome: 'callback'; reason: CallbackReason; department: Department; ticket: CreatedTicket };

export interface EscalationContext {
  caller: Caller;
  contactId?: string;
}

export interface Escalation {
  route(department: Department, context: EscalationContext): Promise<EscalationResult>;
  callback(
    department: Department,
    context: EscalationContext,
    reason?: CallbackReason,
  ): Promise<EscalationResult>;
}

export interface EscalationDeps {
  availability: AgentAvailability;
  /** Creates the call-back ticket (idempotent on the contact in the handler's wiring). */
  createTicket: (request: TicketRequest & { idempotencyKey?: string }) => Promise<CreatedTicket>;
  config: RuntimeConfig;
  /** Told when the availability check fails (logging, metrics); the caller still gets a ticket. */
  onAvailabilityError?: (error: unknown, department: Department) => void;
}

/** Call-back tickets need a category: the department's first, or general civil affairs for one that owns none. */
export const callbackCategory = (department: Department): CategoryCode =>
  department.categories[0] ?? 'civil-general';

const CALLBACK_DESCRIPTION: Readonly<Record<CallbackReason, string>> = {
  'no-agent': '부서 연결 요청: 연결 가능한 담당자가 없어 회신 요청으로 접수',
  'availability-error': '부서 연결 요청: 담당자 연결 상태를 확인하지 못해 회신 요청으로 접수',
  requested: '부서 연결 실패: 담당자가 전화를 받지 않아 회신 요청으로 접수',
};

export const createEscalation = (deps: EscalationDeps): Escalation => {
  const callback: Escalation['callback'] = async (department, context, reason = 'requested') => {
    const ticket = await deps.createTicket({
      kind: 'callback',
      category: callbackCategory(department),
      departmentId: department.id,
      description: CALLBACK_DESCRIPTION[reason],
      caller: context.caller,
      by: 'escalation',
      ...(context.contactId !== undefined && {
        contactId: context.contactId,
        idempotencyKey: `contact:${context.contactId}#callback`,
      }),
    });
    return { outcome: 'callback', reason, department, ticket };
  };

  return {
    callback,
    async route(department, context) {
      if (department.transfer.type === 'phone') {
        return {
          outcome: 'transfer',
          transferType: 'phone',
          phoneNumber: department.transfer.number,
          department,
        };
      }
      let agents: number;
      try {
        agents = await deps.availability.agentsAvailable(department.id);
      } catch (error) {
        deps.onAvailabilityError?.(error, department);
        return callback(department, context, 'availability-error');
      }
      if (agents > 0) return { outcome: 'transfer', transferType: 'queue', department };
      return callback(department, context, 'no-agent');
    },
  };
};
