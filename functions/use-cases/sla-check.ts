import type { DepartmentMessage, DepartmentPublisher } from '#adapters/department-publisher';
import type { TicketRepository } from '#adapters/ticket-repository';
import type { RuntimeConfig } from '#commons/runtime-config';
import { OPEN_STATUSES, type Ticket } from '#domain/ticket';
import { addHours, formatInstant } from '#domain/time';
import { baseMessage } from '#functions/use-cases/department-message';

/**
 * The SLA job (sla-check function, every 15 minutes): every open ticket whose `dueAt` has passed
 * (`overdue`) or comes within the warning window (`due-soon`, `SLA_WARN_HOURS`, default 24) is
 * told about exactly once per ticket, threshold and due time:
 *
 * - the department gets `ticket.overdue` / `ticket.due-soon` in its queue (docs/contracts.md) —
 *   so its inbox, and its own system if it has one, hear of it;
 * - the managers get `ticket.overdue` on the SLA topic (SNS; e-mail or their tools subscribe);
 * - the run counts the newly overdue tickets (metric `TicketsOverdue`, alarmed) and every open
 *   overdue ticket (`OpenTicketsOverdue`).
 *
 * Once: before notifying, the job claims the mark `<threshold>@<dueAt>` on the ticket item with a
 * conditional write (repository `claimSlaAlert`); a run that finds the mark set skips the ticket,
 * and a run whose notice fails takes its claim back so the next run tries again. A new due time
 * (reassignment) makes new marks. Reads use GSI `byDepartmentStatusDue` with `dueAt <= now + N h`
 * in the key condition: only tickets that are due are read.
 */

export type SlaThreshold = 'overdue' | 'due-soon';

export interface ManagerAlert {
  type: 'ticket.overdue';
  ticketNumber: string;
  departmentId: string;
  departmentNameKo: string;
  status: Ticket['status'];
  dueAt: string;
  assignee?: string;
}

/** The managers' channel (SNS topic in AWS). */
export interface ManagerAlerts {
  publish(alert: ManagerAlert): Promise<void>;
}

export interface SlaRunSummary {
  checkedAt: string;
  /** Open tickets past due, all departments, at this run. */
  openOverdue: number;
  /** Notices sent by this run. */
  newlyOverdue: number;
  newlyDueSoon: number;
  notified: { ticketNumber: string; threshold: SlaThreshold; departmentId: string }[];
  /** Tickets whose notice failed (claim released; retried next run). */
  failed: { ticketNumber: string; error: unknown }[];
}

export const DEFAULT_SLA_WARN_HOURS = 24;

export const slaMessage = (ticket: Ticket, threshold: SlaThreshold, at: string): DepartmentMessage => ({
  ...baseMessage(ticket, threshold === 'overdue' ? 'ticket.overdue' : 'ticket.due-soon'),
  messageId: `${ticket.ticketNumber}-${threshold}-${ticket.dueAt.replace(/\D/g, '').slice(0, 14)}`,
  changedAt: at,
  changedBy: 'sla',
});

export const createSlaCheck = (deps: {
  repository: TicketRepository;
  publisher: DepartmentPublisher;
  managers: ManagerAlerts;
  config: Pick<RuntimeConfig, 'departments' | 'timezone'>;
  warnHours?: number;
}) => {
  const warnHours = deps.warnHours ?? DEFAULT_SLA_WARN_HOURS;
  return async (now: Date): Promise<SlaRunSummary> => {
    const checkedAt = formatInstant(now, deps.config.timezone);
    const dueBy = formatInstant(addHours(now, warnHours), deps.config.timezone);
    const summary: SlaRunSummary = {
      checkedAt,
      openOverdue: 0,
      newlyOverdue: 0,
      newlyDueSoon: 0,
      notified: [],
      failed: [],
    };
    for (const department of deps.config.departments) {
      for (const status of OPEN_STATUSES) {
        const due = await deps.repository.listDueBy(department.id, status, dueBy);
        for (const ticket of due) {
          const threshold: SlaThreshold = Date.parse(ticket.dueAt) <= now.getTime() ? 'overdue' : 'due-soon';
          if (threshold === 'overdue') summary.openOverdue += 1;
          const mark = `${threshold}@${ticket.dueAt}`;
          if (!(await deps.repository.claimSlaAlert(ticket.ticketNumber, mark, ticket.dueAt))) continue;
          try {
            await deps.publisher.publish(ticket.departmentId, slaMessage(ticket, threshold, checkedAt));
            if (threshold === 'overdue') {
              await deps.managers.publish({
                type: 'ticket.overdue',
                ticketNumber: ticket.ticketNumber,
                departmentId: ticket.departmentId,
                departmentNameKo: department.nameKo,
                status: ticket.status,
                dueAt: ticket.dueAt,
                ...(ticket.assignee !== undefined && { assignee: ticket.assignee }),
              });
              summary.newlyOverdue += 1;
            } else summary.newlyDueSoon += 1;
            summary.notified.push({
              ticketNumber: ticket.ticketNumber,
              threshold,
              departmentId: department.id,
            });
          } catch (error) {
            await deps.repository.releaseSlaAlert(ticket.ticketNumber, mark).catch(() => undefined);
            summary.failed.push({ ticketNumber: ticket.ticketNumber, error });
          }
        }
      }
    }
    return summary;
  };
};
