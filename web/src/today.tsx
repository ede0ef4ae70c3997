import { useEffect, useState } from 'preact/hooks';
import { get, percent, type SandboxInfo, type TodayStats } from './api';
import { formatCityTime } from './city-time';

/** `GET /api/stats/sla` (docs/contracts.md). */
interface SlaStats {
  at: string;
  windowDays: number;
  departments: {
    departmentId: string;
    departmentNameKo: string;
    open: number;
    overdue: number;
    resolved: number;
    resolvedWithinSla: number;
    resolvedWithinSlaShare: number | null;
  }[];
}

/** 현황: today's figures from the sandbox's own contact records and tickets. */
export function TodayScreen(props: { info: SandboxInfo }) {
  const [stats, setStats] = useState<TodayStats | null>(null);
  const [sla, setSla] = useState<SlaStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () => get<SlaStats>('/api/stats/sla').then(setSla, () => undefined);
    void load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const load = () =>
      get<TodayStats>('/api/stats/today').then(
        (s) => {
          setStats(s);
          setError(null);
        },
        (e: Error) => setError(e.message),
      );
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);

  if (error) return <p class="error">{error}</p>;
  if (!stats) return <p class="muted">불러오는 중…</p>;

  const figures: [string, string, string][] = [
    ['calls', '전체 통화', `${stats.calls}`],
    ['answered', '응답', `${stats.answered}`],
    ['abandoned', '포기', `${stats.abandoned}`],
    ['answerRate', '응답률', percent(stats.answerRate)],
    ['fcr', '1차 해결률', percent(stats.firstContactResolution)],
    ['unified', '대표번호 직접 이용', percent(stats.unifiedShare)],
    ['opened', '신고 접수', `${stats.reportsOpened}`],
    ['resolved', '신고 처리완료', `${stats.reportsResolved}`],
  ];

  return (
    <div class="today">
      <div class="dept-head">
        <h1>오늘의 현황</h1>
        <span class="muted">{stats.day}</span>
      </div>
      <div class="figures" data-testid="today-figures">
        {figures.map(([id, label, value]) => (
          <div class="figure card" key={id} data-testid={`figure-${id}`}>
            <div class="figure-label">{label}</div>
            <div class="figure-value">{value}</div>
          </div>
        ))}
      </div>
      <section class="card">
        <h2>분야별 상담</h2>
        <CategoryChart info={props.info} byCategory={stats.byCategory} />
      </section>
      {sla && (
        <section class="card" data-testid="sla-table">
          <h2>부서별 처리 기한(SLA)</h2>
          <p class="muted small">
            {formatCityTime(sla.at, props.info.timezone)} 기준 · 기한 내 처리율은 최근 {sla.windowDays}일
            접수분
          </p>
          <table class="table">
            <thead>
              <tr>
                <th>부서</th>
                <th>미처리</th>
                <th>기한 초과</th>
                <th>처리완료</th>
                <th>기한 내 처리율</th>
              </tr>
            </thead>
            <tbody>
              {sla.departments.map((d) => (
                <tr key={d.departmentId} data-testid={`sla-row-${d.departmentId}`}>
                  <td>{d.departmentNameKo}</td>
                  <td>{d.open}</td>
                  <td>{d.overdue > 0 ? <span class="sla sla-overdue">{d.overdue}</span> : 0}</td>
                  <td>{d.resolved}</td>
                  <td>{percent(d.resolvedWithinSlaShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function CategoryChart(props: { info: SandboxInfo; byCategory: Record<string, number> }) {
  const rows = props.info.categories.map((c) => ({ label: c.nameKo, value: props.byCategory[c.code] ?? 0 }));
  const max = Math.max(1, ...rows.map((r) => r.value));
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  const rowHeight = 30;
  const labelWidth = 110;
  const width = 640;
  const barArea = width - labelWidth - 70;
  return (
    <svg
      class="chart"
      data-testid="category-chart"
      viewBox={`0 0 ${width} ${rows.length * rowHeight + 10}`}
      role="img"
      aria-label="분야별 상담 건수"
    >
      {rows.map((r, i) => {
        const y = i * rowHeight + 5;
        const w = (r.value / max) * barArea;
        return (
          <g key={r.label}>
            <text x={labelWidth - 10} y={y + 19} text-anchor="end" class="chart-label">
              {r.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={barArea} height={20} rx={4} class="chart-track" />
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(w, r.value > 0 ? 3 : 0)}
              height={20}
              rx={4}
              class="chart-bar"
            />
            <text x={labelWidth + barArea + 10} y={y + 19} class="chart-value">
              {r.value}
              {total > 0 ? ` (${Math.round((r.value / total) * 100)}%)` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
