/**
 * `GET /api/stats/sla` (docs/contracts.md): per-department SLA figures, defined once for the API
 * (functions/use-cases/sla-stats.ts) and the web app's 현황 view. Types only.
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
