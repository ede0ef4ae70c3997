import type { TicketRepository } from '#adapters/ticket-repository';
import type { RuntimeConfig } from '#commons/runtime-config';
import { OPEN_STATUSES } from '#domain/ticket';
import { formatInstant } from '#domain/time';

/**
 * Per-department SLA figures for the 현황 view and managers (`GET /api/stats/sla`): open tickets,
 * open tickets past due, and of the reports resolved among the tickets created in the last
 * `windowDays` (default 30), the share resolved by their due time (the RESOLVED history entry at
 * or before `dueAt`). Counts come from GSI `byDepartmentStatusDue` (COUNT queries); the resolved
 * share reads the window's RESOLVED tickets through `byDepartmentStatus`.
 */

export interface DepartmentSla {
  departmentId: string;
  departmentNameKo: string;
  open: number;
  overdue: number;
  resolved: number;
  resolvedWithinSla: number;
  /** resolvedWithinSla / resolved; null when nothing was resolved in the window. */
  resolvedWithinSlaShare: number | null;
}

export interface SlaStats {
  at: string;
  windowDays: number;
  departments: DepartmentSla[];
}

export const DEFAULT_SLA_WINDOW_DAYS = 30;

export const createSlaStats =
  (deps: {
    repository: TicketRepository;
    config: Pick<RuntimeConfig, 'departments' | 'timezone'>;
    windowDays?: number;
    now?: () => Date;
  }) =>
  async (): Promise<SlaStats> => {
    const now = (deps.now ?? (() => new Date()))();
    const windowDays = deps.windowDays ?? DEFAULT_SLA_WINDOW_DAYS;
    const at = formatInstant(now, deps.config.timezone);
    const since = formatInstant(new Date(now.getTime() - windowDays * 86_400_000), deps.config.timezone);
    const departments = await Promise.all(
      deps.config.departments.map(async (department): Promise<DepartmentSla> => {
        const [open, overdue, resolvedTickets] = await Promise.all([
          Promise.all(OPEN_STATUSES.map((s) => deps.repository.countByDepartmentStatus(department.id, s))),
          Promise.all(
            OPEN_STATUSES.map((s) => deps.repository.countByDepartmentStatus(department.id, s, at)),
          ),
          deps.repository.listCreatedSince(department.id, 'RESOLVED', since),
        ]);
        const resolvedWithinSla = resolvedTickets.filter((ticket) => {
          const resolvedAt = ticket.history.findLast((entry) => entry.status === 'RESOLVED')?.at;
          return resolvedAt !== undefined && Date.parse(resolvedAt) <= Date.parse(ticket.dueAt);
        }).length;
        const resolved = resolvedTickets.length;
        return {
          departmentId: department.id,
          departmentNameKo: department.nameKo,
          open: open.reduce((a, b) => a + b, 0),
          overdue: overdue.reduce((a, b) => a + b, 0),
          resolved,
          resolvedWithinSla,
          resolvedWithinSlaShare: resolved === 0 ? null : resolvedWithinSla / resolved,
        };
      }),
    );
    return { at, windowDays, departments };
  };
