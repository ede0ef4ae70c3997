import type { DaySimReport, IntervalReport } from './simulate';

/**
 * The day simulation's report as one self-contained HTML file (no scripts, no external files):
 * the day's figures as tiles, and three charts drawn as inline SVG — arrivals vs counselors on the
 * phones (and the plan's scheduled counselors), average wait, and answer rate by 30-minute interval
 * (with the target and the plan's prediction). Fault windows are shaded on every chart. Korean
 * labels: managers read it.
 */

const esc = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const W = 920;
const H = 240;
const M = { left: 52, right: 52, top: 16, bottom: 34 };

interface Series {
  label: string;
  color: string;
  values: (number | null)[];
  kind: 'bar' | 'line' | 'dash' | 'step';
  axis?: 'left' | 'right';
}

const niceMax = (value: number) => {
  if (value <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
};

const chart = (options: {
  title: string;
  intervals: IntervalReport[];
  series: Series[];
  leftMax?: number;
  leftMin?: number;
  leftFormat?: (v: number) => string;
  rightMax?: number;
  rightLabel?: string;
  leftLabel: string;
  shade: { from: string; to: string; label: string }[];
}): string => {
  const n = options.intervals.length;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, n);
  const leftValues = options.series
    .filter((s) => (s.axis ?? 'left') === 'left')
    .flatMap((s) => s.values.filter((v): v is number => v !== null));
  const rightValues = options.series
    .filter((s) => s.axis === 'right')
    .flatMap((s) => s.values.filter((v): v is number => v !== null));
  const leftMin = options.leftMin ?? 0;
  const leftMax = options.leftMax ?? niceMax(Math.max(0, ...leftValues));
  const rightMax = options.rightMax ?? niceMax(Math.max(0, ...rightValues));
  const y = (v: number, axis: 'left' | 'right' = 'left') => {
    const [lo, hi] = axis === 'left' ? [leftMin, leftMax] : [0, rightMax];
    const clamped = Math.min(hi, Math.max(lo, v));
    return M.top + plotH - ((clamped - lo) / (hi - lo || 1)) * plotH;
  };
  const x = (i: number) => M.left + i * slot + slot / 2;
  const format = options.leftFormat ?? ((v: number) => String(Math.round(v * 10) / 10));
  const parts: string[] = [];
  const first = options.intervals[0]?.start ?? '00:00';
  const xOfTime = (hhmm: string) => M.left + ((minutes(hhmm) - minutes(first)) / 30) * slot;
  for (const fault of options.shade) {
    const x0 = Math.max(M.left, xOfTime(fault.from));
    const x1 = Math.min(M.left + plotW, xOfTime(fault.to));
    if (x1 <= x0) continue;
    parts.push(
      `<rect x="${x0}" y="${M.top}" width="${x1 - x0}" height="${plotH}" fill="#fde2e1"/><text x="${x0 + 3}" y="${M.top + 11}" font-size="10" fill="#b42318">${esc(fault.label)}</text>`,
    );
  }
  for (let t = 0; t <= 4; t++) {
    const value = leftMin + ((leftMax - leftMin) * t) / 4;
    const yy = y(value);
    parts.push(
      `<line x1="${M.left}" x2="${M.left + plotW}" y1="${yy}" y2="${yy}" stroke="#e4e7ec"/><text x="${M.left - 6}" y="${yy + 4}" font-size="11" text-anchor="end" fill="#475467">${esc(format(value))}</text>`,
    );
    if (rightValues.length > 0)
      parts.push(
        `<text x="${M.left + plotW + 6}" y="${yy + 4}" font-size="11" fill="#475467">${Math.round((rightMax * t) / 4)}</text>`,
      );
  }
  options.intervals.forEach((interval, i) => {
    if (i % 2 === 0)
      parts.push(
        `<text x="${M.left + i * slot}" y="${H - M.bottom + 16}" font-size="11" text-anchor="middle" fill="#475467">${interval.start}</text>`,
      );
  });
  const bars = options.series.filter((s) => s.kind === 'bar');
  bars.forEach((s, b) => {
    const barW = (slot * 0.8) / bars.length;
    s.values.forEach((v, i) => {
      if (v === null) return;
      const axis = s.axis ?? 'left';
      const top = y(v, axis);
      parts.push(
        `<rect x="${M.left + i * slot + slot * 0.1 + b * barW}" y="${top}" width="${barW}" height="${M.top + plotH - top}" fill="${s.color}"><title>${esc(`${options.intervals[i]?.start} ${s.label}: ${format(v)}`)}</title></rect>`,
      );
    });
  });
  for (const s of options.series.filter((s) => s.kind !== 'bar')) {
    const axis = s.axis ?? 'left';
    const points: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) return;
      if (s.kind === 'step')
        points.push(`${M.left + i * slot},${y(v, axis)}`, `${M.left + (i + 1) * slot},${y(v, axis)}`);
      else points.push(`${x(i)},${y(v, axis)}`);
    });
    parts.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${s.kind === 'dash' ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
  }
  parts.push(
    `<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#98a2b3"/>`,
    `<text x="12" y="${M.top + plotH / 2}" font-size="11" fill="#475467" transform="rotate(-90 12 ${M.top + plotH / 2})" text-anchor="middle">${esc(options.leftLabel)}</text>`,
  );
  if (options.rightLabel)
    parts.push(
      `<text x="${W - 10}" y="${M.top + plotH / 2}" font-size="11" fill="#475467" transform="rotate(90 ${W - 10} ${M.top + plotH / 2})" text-anchor="middle">${esc(options.rightLabel)}</text>`,
    );
  const legend = options.series
    .map(
      (s) =>
        `<span class="key"><i style="background:${s.color}${s.kind === 'dash' ? ';height:2px' : s.kind === 'bar' ? '' : ';height:3px'}"></i>${esc(s.label)}</span>`,
    )
    .join('');
  return `<section class="chart"><h2>${esc(options.title)}</h2><div class="legend">${legend}</div><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(options.title)}">${parts.join('')}</svg></section>`;
};

const tile = (label: string, value: string, note = '', tone: 'ok' | 'bad' | '' = '') =>
  `<div class="tile ${tone}"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="note">${esc(note)}</div></div>`;

const TARGET = 0.988;

export const renderDayReportHtml = (report: DaySimReport, target = TARGET): string => {
  const intervals = report.intervals;
  const shade = report.faults.map((f) => ({
    from: f.from,
    to: f.to,
    label: `${f.target} ${f.mode === 'down' ? '중단' : f.mode === 'slow' ? '지연' : `스로틀 ${pct(f.share, 0)}`}`,
  }));
  const answerRate = report.queue.answerRate;
  const plan = report.staffing.source === 'plan';
  const staffing = plan
    ? `계획 ${report.staffing.counselors}명 (${report.staffing.paidHours}시간)`
    : `상담사 ${report.staffing.counselors}명 종일`;
  const dayType =
    (
      {
        weekday: '평일',
        saturday: '토요일',
        sundayHoliday: '일요일·공휴일',
        dayAfterLongHoliday: '연휴 다음 날',
      } as Record<string, string>
    )[report.dayType] ?? report.dayType;
  const tiles = [
    tile('응답률', pct(answerRate), `목표 ${pct(target)}`, answerRate >= target ? 'ok' : 'bad'),
    tile('서비스 수준', pct(report.serviceLevel), `${report.serviceLevelSeconds}초 이내 응답`),
    tile('평균 대기', `${report.averageWaitSeconds}초`, `90% ${report.p90WaitSeconds}초 이내`),
    tile('상담사 점유율', pct(report.occupancy), staffing),
    tile(
      '통화',
      report.calls.toLocaleString('ko-KR'),
      `응답 ${report.answered.toLocaleString('ko-KR')} · 포기 ${report.abandoned.toLocaleString('ko-KR')}`,
    ),
    tile('첫 통화 해결', pct(report.firstContactResolution), '부서 연결 없이 상담사가 해결'),
    tile('대표번호 직접 통화', pct(report.unifiedShare), '043-201-0001'),
    tile('생활불편신고 접수', report.reportsOpened.toLocaleString('ko-KR'), '상담 중 접수'),
  ].join('');
  const charts = [
    chart({
      title: '구간별 인입 통화와 상담 인력',
      intervals,
      leftLabel: '통화 (30분)',
      rightLabel: '상담사 (명)',
      series: [
        { label: '인입 통화', color: '#84adea', kind: 'bar', values: intervals.map((i) => i.arrivals) },
        { label: '대기열 진입', color: '#2e5fa8', kind: 'bar', values: intervals.map((i) => i.offered) },
        {
          label: '전화 응대 상담사 (평균)',
          color: '#12a150',
          kind: 'line',
          axis: 'right',
          values: intervals.map((i) => i.staffed),
        },
        ...(plan
          ? [
              {
                label: '계획 근무 인원',
                color: '#f79009',
                kind: 'step' as const,
                axis: 'right' as const,
                values: intervals.map((i) => i.scheduled),
              },
            ]
          : []),
      ],
      shade,
    }),
    chart({
      title: '구간별 평균 대기 시간',
      intervals,
      leftLabel: '초',
      series: [
        {
          label: '평균 대기 (응답된 통화)',
          color: '#7a5af8',
          kind: 'bar',
          values: intervals.map((i) => i.averageWaitSeconds),
        },
      ],
      shade,
    }),
    chart({
      title: '구간별 응답률',
      intervals,
      leftLabel: '응답률',
      leftMin: Math.min(
        0.8,
        ...intervals.filter((i) => i.offered > 0).map((i) => Math.floor(i.answerRate * 10) / 10),
      ),
      leftMax: 1,
      leftFormat: (v) => pct(v, 0),
      series: [
        {
          label: '응답률',
          color: '#2e5fa8',
          kind: 'line',
          values: intervals.map((i) => (i.offered > 0 ? i.answerRate : null)),
        },
        { label: `목표 ${pct(target)}`, color: '#d92d20', kind: 'dash', values: intervals.map(() => target) },
        ...(plan
          ? [
              {
                label: '계획 예측',
                color: '#f79009',
                kind: 'dash' as const,
                values: intervals.map((i) => i.plannedAnswerRate),
              },
            ]
          : []),
      ],
      shade,
    }),
  ].join('');
  const s = report.system;
  const faults =
    report.faults.length === 0
      ? ''
      : `<p class="faults">장애 주입: ${report.faults
          .map((f) =>
            esc(
              `${f.target} ${f.mode}${f.mode === 'throttle' ? ` ${pct(f.share, 0)}` : ''} ${f.from}–${f.to}`,
            ),
          )
          .join(' · ')} — 구간별 실패: ${intervals
          .filter((i) => Object.keys(i.failures).length > 0)
          .map((i) =>
            esc(
              `${i.start} ${Object.entries(i.failures)
                .map(([h, n]) => `${h} ${n}`)
                .join(', ')}`,
            ),
          )
          .join(' · ')}</p>`;
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>${esc(`하루 모의 운영 ${report.date}`)}</title>
<style>
body{font-family:"NanumGothic","Noto Sans KR","Malgun Gothic",system-ui,sans-serif;margin:24px auto;max-width:960px;color:#101828;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:15px;margin:0 0 4px}.sub{color:#475467;margin:0 0 16px;font-size:13px}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin-bottom:18px}
.tile{border:1px solid #e4e7ec;border-radius:8px;padding:10px 12px}.tile .label{font-size:12px;color:#475467}
.tile .value{font-size:24px;font-weight:700}.tile .note{font-size:11px;color:#667085}
.tile.ok{border-color:#12a150;background:#ecfdf3}.tile.bad{border-color:#d92d20;background:#fef3f2}
.chart{margin:14px 0 6px}.legend{font-size:12px;color:#344054;margin-bottom:2px}
.key{margin-right:14px;white-space:nowrap}.key i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}
.faults{font-size:12px;color:#b42318}.system{font-size:11px;color:#667085;margin-top:14px}
</style></head><body>
<h1>${esc(`하루 모의 운영 — ${report.date} (${dayType}${report.holiday ? ', 공휴일' : ''})`)}</h1>
<p class="sub">${esc(`운영 ${report.open.start}–${report.open.end} · ${staffing} · 시드 ${report.seed} · 모든 통화가 실제 상담 흐름(contact flows)과 Lambda 처리기를 거쳐 DynamoDB Local·로컬 SQS에서 모의 실행됨`)}${report.planned ? esc(` · 계획 예측 응답률 ${pct(report.planned.answerRate)}`) : ''}</p>
<div class="tiles">${tiles}</div>
${faults}
${charts}
<p class="system">${esc(
    `시스템: 하루 ${s.daySeconds}초 실행 (${s.callsPerSecond}통화/초) · DynamoDB 요청 ${s.dynamo.requests.toLocaleString('ko-KR')}건 (스로틀 ${s.dynamo.throttled}) · 오늘의 지표 조회 ${s.todayFiguresMs.counters.p50} ms (카운터), 전체 재계산 ${s.todayFiguresMs.recomputed.p50} ms · 대기열 응답 ${report.queue.answered}, 포기 ${report.queue.abandoned}, 콜백 요청 ${report.queue.callbacksRequested}, 재다이얼 ${report.queue.redials}`,
  )}</p>
</body></html>
`;
};
