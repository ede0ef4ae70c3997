import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { agentAvailabilityFromEnv } from '#adapters/agent-availability';
import { createFlowConnectClient } from '#commons/aws/connect';
import { flowLimitMsFromEnv } from '#commons/aws/time-budget';
import { parseConnectEvent } from '#commons/connect-event';
import { callerFromEvent, type FlowResponse, flowResponse } from '#commons/flow-response';
import { blankToUndefined, countMetric, rejectInput, withPowertools } from '#commons/handler-kit';
import { logger, METRIC_NAMES } from '#commons/powertools';
import {
  type Department,
  departmentById,
  departmentForCategory,
  departmentIdFromQueueName,
  loadRuntimeConfig,
  type RuntimeConfig,
} from '#commons/runtime-config';
import { CATEGORY_CODES } from '#domain/categories';
import { spokenDigits } from '#domain/ticket-number';
import { createEscalation, type EscalationResult } from '#functions/use-cases/escalate';
import { callbackCreatedMessage } from '#functions/use-cases/speech';
import { ticketCreationFromEnv } from '#functions/use-cases/ticket-wiring';

/**
 * escalation — `action=route` (transfer to the department's queue or number, or a call-back
 * ticket) and `action=callback` (the call-back ticket after a failed external transfer).
 *
 * Environment (besides the ticket-creation variables of ticket-wiring.ts): CITY_CONFIG,
 * CONNECT_INSTANCE_ID (empty: no contact center, queue departments always get a call-back
 * ticket), optional CONNECT_DEPARTMENT_QUEUES (JSON `{"<departmentId>": "<queue id
 * or ARN>"}`; departments missing from it are found by their queue name `dept-<id>` with
 * ListQueues once per container), optional AGENT_AVAILABILITY = `connect` (default with an
 * instance) | `always` |
 * `never` (`always`/`never` are fixed answers for the local sandbox and the simulator, which have
 * no Connect instance).
 */

const env = process.env;
const config = loadRuntimeConfig(env);
const FUNCTION = 'escalation';
const FLOW_BUDGET = { name: FUNCTION, flowLimitMs: flowLimitMsFromEnv(env) };

const createTicket = ticketCreationFromEnv(env, config);
const escalation = createEscalation({
  availability: agentAvailabilityFromEnv(env, createFlowConnectClient),
  createTicket: (request) => createTicket.run(request),
  config,
  onAvailabilityError: (error, department) => {
    logger.warn('Agent availability check failed; creating a call-back ticket', {
      departmentId: department.id,
      error,
    });
    countMetric('AgentAvailabilityError', { departmentId: department.id });
  },
});

const targetSchema = z.object({
  action: z.enum(['route', 'callback']),
  departmentId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  category: z.preprocess(blankToUndefined, z.enum(CATEGORY_CODES).optional()),
  queueName: z.preprocess(blankToUndefined, z.string().max(128).optional()),
});

type Target = z.infer<typeof targetSchema>;

/** The department named by departmentId, else queueName `dept-<id>`, else the category's owner. */
const departmentFor = (cfg: RuntimeConfig, target: Target): Department | string => {
  if (target.departmentId !== undefined) {
    return departmentById(cfg, target.departmentId) ?? 'departmentId is not a department of this city';
  }
  if (target.queueName !== undefined) {
    const id = departmentIdFromQueueName(target.queueName);
    if (id === undefined) return 'queueName must be dept-<departmentId>';
    return departmentById(cfg, id) ?? 'queueName names no department of this city';
  }
  if (target.category !== undefined && target.action === 'route') {
    return departmentForCategory(cfg, target.category) ?? 'category has no owning department in this city';
  }
  return target.action === 'route'
    ? 'one of departmentId, queueName or category is required'
    : 'departmentId or queueName is required';
};

const respond = (result: EscalationResult): FlowResponse => {
  const department = { departmentId: result.department.id, departmentNameKo: result.department.nameKo };
  countMetric(METRIC_NAMES.escalation, { outcome: result.outcome });
  switch (result.outcome) {
    case 'transfer':
      return flowResponse({
        status: 'OK',
        outcome: 'transfer',
        transferType: result.transferType,
        ...(result.transferType === 'phone' && { phoneNumber: result.phoneNumber }),
        ...department,
      });
    case 'callback':
      return flowResponse({
        status: 'OK',
        outcome: 'callback',
        reason: result.reason,
        ...department,
        ticketNumber: result.ticket.ticketNumber,
        ticketNumberSpoken: spokenDigits(result.ticket.ticketNumber),
        message: callbackCreatedMessage({
          ticketNumber: result.ticket.ticketNumber,
          departmentNameKo: result.department.nameKo,
          slaHours: result.department.slaHours,
          callerWithheld: result.ticket.callerWithheld,
        }),
      });
  }
};

export const handler = withPowertools(async (event: unknown, context: Context): Promise<FlowResponse> => {
  const parsed = parseConnectEvent(event);
  if (!parsed.ok) return rejectInput(FUNCTION, `not a contact-flow event (${parsed.issues[0] ?? 'invalid'})`);
  const target = targetSchema.safeParse(parsed.event.Details.Parameters);
  if (!target.success) {
    const field = target.error.issues[0]?.path.join('.') || 'parameters';
    return rejectInput(FUNCTION, `${field} is invalid (action must be route or callback)`);
  }
  const department = departmentFor(config, target.data);
  if (typeof department === 'string') return rejectInput(FUNCTION, department);
  createTicket.registerLambdaContext(context);
  const escalationContext = {
    caller: callerFromEvent(parsed.event),
    contactId: parsed.event.Details.ContactData.ContactId,
  };
  const result =
    target.data.action === 'route'
      ? await escalation.route(department, escalationContext)
      : await escalation.callback(department, escalationContext, 'requested');
  return respond(result);
}, FLOW_BUDGET);
