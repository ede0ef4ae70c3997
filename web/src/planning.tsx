import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, get } from './api';
import {
  type ArrivalRefit,
  checkForm,
  DAY_TYPE_LABELS,
  DEFAULT_ANSWER_RATE_PERCENT,
  dayInfo,
  type FormIssue,
  IVR_SECONDS,
  type PlanForm,
  type PlannedDay,
  type PlanningConfig,
  pct,
  planAndSimulate,
  planErrorKo,
} from './planning-model';

/**
 * 계획 (planning), a manager's screen: pick a date, the expected calls and the target answer rate;
 * the staffing curve (counselors needed per 30 minutes against the calls), the shifts that cover
 * it, and the day simulated on those shifts — all computed in the browser (planning.ts) from the
 * day model of `GET /api/planning/model`. 「최근 N주 통화로 곡선 맞추기」 replaces the arrival
 * profile with the one refit from the Contacts table (`GET /api/planning/arrivals`).
 */

const WEEK_CHOICES = [1, 2, 4, 8, 12];

/** Tomorrow in the city's time zone (the usual day to plan). */
const tomorrowIn = (timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(new Date(Date.now() + 86_400_000))
    .slice(0, 10);
  return parts;
};

export function PlanningScreen() {
  const [config, setConfig] = useState<PlanningConfig | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<PlanForm>({
    date: '',
    calls: '',
    answerRate: String(DEFAULT_ANSWER_RATE_PERCENT),
  });
  const [issues, setIssues] = useState<FormIssue[]>([]);
  const [result, setResult] = useState<PlannedDay | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [weeks, setWeeks] = useState(4);
  const [refit, setRefit] = useState<ArrivalRefit | null>(null);
  const [refitState, setRefitState] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });

  useEffect(() => {
    get<PlanningConfig>('/api/planning/model').then(
      (c) => {
        setConfig(c);
        setForm((f) => ({ ...f, date: f.date || tomorrowIn(c.timezone) }));
      },
      (e: Error) => setLoadError(e.message),
    );
  }, []);

  const info = useMemo(() => (config ? dayInfo(config, form.date, refit) : null), [config, form.date, refit]);

  if (loadError)
    return (
      <p class="error" data-testid="planning-load-error">
        {loadError}
      </p>
    );
  if (!config) return <p class="muted">불러오는 중…</p>;

  const issueOf = (field: keyof PlanForm) => issues.find((i) => i.field === field)?.message;
  const set = (field: keyof PlanForm) => (e: Event) =>
    setForm({ ...form, [field]: (e.target as HTMLInputElement).value });

  const run = async (withRefit: ArrivalRefit | null) => {
    const checked = checkForm(form, config);
    setPlanError(null);
    if (!checked.ok) {
      setIssues(checked.issues);
      return;
    }
    setIssues([]);
    setBusy(true);
    try {
      setResult(await planAndSimulate(config, checked.value, withRefit));
    } catch (error) {
      setResult(null);
      setPlanError(planErrorKo(error));
    } finally {
      setBusy(false);
    }
  };

  const refitFromContacts = async () => {
    setRefitState({ busy: true, error: null });
    try {
      const fitted = await get<ArrivalRefit>(`/api/planning/arrivals?weeks=${weeks}`);
      setRefit(fitted);
      setRefitState({ busy: false, error: null });
      await run(fitted);
    } catch (error) {
      setRefitState({
        busy: false,
        error:
          error instanceof ApiError
            ? error.message
            : '최근 통화 기록을 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.',
      });
    }
  };

  const useModel = async () => {
    setRefit(null);
    await run(null);
  };

  const fit = info && refit ? refit.dayTypes[info.dayType] : null;

  return (
    <div class="today planning" data-testid="planning-screen">
      <div class="dept-head">
        <h1>인력 계획</h1>
        <span class="muted">{config.city.ko} · 30분 단위 · Erlang A와 대기열 시뮬레이션</span>
      </div>
      <section class="card">
        <form
          class="planning-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(refit);
          }}
        >
          {(
            [
              ['date', '날짜', { type: 'date' }],
              [
                'calls',
                '예상 통화량(통)',
                {
                  inputMode: 'numeric',
                  placeholder: info ? `${info.profile.calls.toLocaleString('ko-KR')} (기본값)` : '',
                },
              ],
              ['answerRate', '목표 응답률(%)', { inputMode: 'decimal' }],
            ] as const
          ).map(([field, label, extra]) => (
            <FormField
              key={field}
              label={label}
              testId={`plan-${field}`}
              value={form[field]}
              problem={issueOf(field)}
              onInput={set(field)}
              {...extra}
            />
          ))}
          <button type="submit" class="primary" data-testid="plan-run" disabled={busy}>
            {busy ? '계산 중…' : '계획하기'}
          </button>
        </form>
        {info && (
          <p class="muted small" data-testid="plan-day-info">
            {DAY_TYPE_LABELS[info.dayType]}
            {info.holiday ? '(공휴일)' : ''} · 운영{' '}
            {info.open ? `${info.open.start}–${info.open.end}` : '휴무'} · 기본 통화량{' '}
            {info.profile.calls.toLocaleString('ko-KR')}통
          </p>
        )}
        <div class="row planning-refit">
          <label class="check">
            최근
            <select
              data-testid="refit-weeks"
              value={String(weeks)}
              onChange={(e) => setWeeks(Number((e.target as HTMLSelectElement).value))}
            >
              {WEEK_CHOICES.map((w) => (
                <option key={w} value={String(w)}>
                  {w}주
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="secondary"
            data-testid="refit-run"
            disabled={refitState.busy}
            onClick={() => void refitFromContacts()}
          >
            {refitState.busy ? '불러오는 중…' : '실제 통화로 곡선 맞추기'}
          </button>
          {refit && (
            <button type="button" class="ghost" data-testid="refit-clear" onClick={() => void useModel()}>
              모델 곡선으로 되돌리기
            </button>
          )}
        </div>
        <p class="small" data-testid="profile-source">
          {profileSourceText(info?.source ?? 'model', refit, fit, info ? DAY_TYPE_LABELS[info.dayType] : '')}
        </p>
        {refitState.error && (
          <p class="error" data-testid="refit-error">
            {refitState.error}
          </p>
        )}
      </section>
      {planError && (
        <p class="error" data-testid="plan-error">
          {planError}
        </p>
      )}
      {result && <PlanResult result={result} target={result.plan.inputs.answerRate} />}
    </div>
  );
}

function TableHead(props: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th key={c}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}

/** A labelled input with its Korean problem under it. */
function FormField(props: {
  label: string;
  testId: string;
  value: string;
  problem: string | undefined;
  onInput: (e: Event) => void;
  type?: 'text' | 'date';
  inputMode?: 'numeric' | 'decimal';
  placeholder?: string;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type={(props.type ?? 'text') as 'text'}
        inputMode={props.inputMode}
        data-testid={props.testId}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problem ? 'true' : 'false'}
        onInput={props.onInput}
      />
      {props.problem && (
        <small class="field-problem" data-testid={`${props.testId}-problem`}>
          {props.problem}
        </small>
      )}
    </label>
  );
}

const profileSourceText = (
  source: 'model' | 'refit',
  refit: ArrivalRefit | null,
  fit: ArrivalRefit['dayTypes'][keyof ArrivalRefit['dayTypes']] | null,
  label: string,
): string => {
  if (!refit) return '통화량 곡선: 도시 설정의 통화량 모델(가정 포함)';
  const window = `${refit.from}~${refit.to}`;
  if (source === 'refit' && fit)
    return `통화량 곡선: 최근 ${refit.weeks}주(${window}) 실제 통화 — ${label} ${fit.datesWithCalls}일, ${fit.calls.toLocaleString('ko-KR')}통으로 맞춤${fit.outsideProfile > 0 ? ` (운영 시간 밖 ${fit.outsideProfile.toLocaleString('ko-KR')}통 제외)` : ''}`;
  return `통화량 곡선: 최근 ${refit.weeks}주(${window})에 ${label} 통화 기록이 없어 통화량 모델을 그대로 씁니다.`;
};

function PlanResult(props: { result: PlannedDay; target: number }) {
  const { plan, simulated } = props.result;
  const t = plan.totals;
  const figures: [string, string, string][] = [
    ['counselors', '필요 상담사(근무조)', `${t.counselors}명`],
    ['peak', '최대 동시 필요', `${t.peakRequired}명 (${t.peakInterval})`],
    ['hours', '근무 시간', `${t.counselorHours}시간`],
    ['predicted', '예측 응답률(Erlang A)', pct(t.answerRate)],
    ['sim-answer', '시뮬레이션 응답률', pct(simulated.answerRate)],
    ['sim-sl', '20초 내 응답', pct(simulated.serviceLevel)],
    ['sim-wait', '평균 / 최대 대기', `${simulated.averageWaitSeconds}초 / ${simulated.maxWaitSeconds}초`],
    ['sim-occupancy', '상담사 점유율', pct(simulated.occupancy)],
  ];
  return (
    <div class="today" data-testid="plan-result">
      <div class="figures">
        {figures.map(([id, label, value]) => (
          <div class="figure card" key={id} data-testid={`plan-figure-${id}`}>
            <div class="figure-label">{label}</div>
            <div class="figure-value">{value}</div>
          </div>
        ))}
      </div>
      <section class="card">
        <h2>인력 곡선</h2>
        <p class="muted small">
          {plan.date} · {DAY_TYPE_LABELS[plan.dayType]} · 통화 {t.calls.toLocaleString('ko-KR')}통 · 평균
          처리시간 {plan.inputs.averageHandleSeconds}초 · 목표 응답률 {pct(props.target)}
        </p>
        <IntervalChart
          testId="staffing-chart"
          label="30분 단위 예상 통화와 필요 상담사"
          starts={plan.intervals.map((i) => i.start)}
          bars={{ name: '예상 통화(통)', values: plan.intervals.map((i) => i.calls), unit: '통' }}
          lines={[
            {
              name: '필요 상담사(통화 중)',
              values: plan.intervals.map((i) => i.required),
              cls: 'line-required',
            },
            {
              name: '배치 상담사(근무조)',
              values: plan.intervals.map((i) => i.scheduled),
              cls: 'line-scheduled',
            },
          ]}
          lineUnit="명"
        />
      </section>
      <section class="card">
        <h2>시뮬레이션한 하루</h2>
        <p class="muted small">
          근무조대로 상담사를 배치하고 표본 통화 {simulated.calls.toLocaleString('ko-KR')}통(재발신{' '}
          {simulated.redials}통 포함)을 대기열에 흘려 본 결과입니다. 응답{' '}
          {simulated.answered.toLocaleString('ko-KR')} · 포기 {simulated.abandoned} · 콜백 요청{' '}
          {simulated.callbacksRequested} · ARS 자체 처리 {simulated.selfService}. 안내·메뉴 시간은{' '}
          {IVR_SECONDS}초로 가정합니다.
        </p>
        <IntervalChart
          testId="simulation-chart"
          label="30분 단위 응답률, 20초 내 응답 비율과 평균 대기"
          starts={simulated.intervals.map((i) => i.start)}
          bars={{
            name: '평균 대기(초)',
            values: simulated.intervals.map((i) => i.averageWaitSeconds),
            unit: '초',
          }}
          lines={[
            {
              name: '응답률',
              values: simulated.intervals.map((i) => i.answerRate * 100),
              cls: 'line-required',
            },
            {
              name: '20초 내 응답',
              values: simulated.intervals.map((i) => i.serviceLevel * 100),
              cls: 'line-scheduled',
            },
          ]}
          lineUnit="%"
          lineMax={100}
          target={{ value: props.target * 100, name: `목표 ${pct(props.target)}` }}
        />
        <table class="table small" data-testid="simulation-table">
          <TableHead columns={['시간', '통화', '필요', '배치', '응답률', '20초 내', '평균 대기']} />
          <tbody>
            {simulated.intervals.map((row, i) => (
              <tr key={row.start}>
                <td>{row.start}</td>
                <td>{row.arrivals}</td>
                <td>{plan.intervals[i]?.required ?? ''}</td>
                <td>{plan.intervals[i]?.scheduled ?? ''}</td>
                <td>{row.offered > 0 ? pct(row.answerRate) : '–'}</td>
                <td>{row.offered > 0 ? pct(row.serviceLevel) : '–'}</td>
                <td>{row.averageWaitSeconds}초</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>근무조 {plan.shifts.length}개</h2>
        <table class="table" data-testid="shift-table">
          <TableHead columns={['근무', '유형', '시간', '점심', '유급 시간']} />
          <tbody>
            {plan.shifts.map((s) => (
              <tr key={s.id}>
                <td>{s.id}</td>
                <td>{s.type}</td>
                <td>
                  {s.start}–{s.end}
                </td>
                <td>{s.breaks.map((b) => `${b.start}–${b.end}`).join(', ') || '–'}</td>
                <td>{s.paidHours}시간</td>
              </tr>
            ))}
          </tbody>
        </table>
        {plan.notes.length > 0 && (
          <ul class="muted small">
            {plan.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Bars on the left axis, lines on the right, one slot per 30-minute interval. */
function IntervalChart(props: {
  testId: string;
  label: string;
  starts: string[];
  bars: { name: string; values: number[]; unit: string };
  lines: { name: string; values: number[]; cls: string }[];
  lineUnit: string;
  lineMax?: number;
  target?: { value: number; name: string };
}) {
  const width = 760;
  const height = 280;
  const left = 48;
  const right = 44;
  const top = 28;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = Math.max(1, props.starts.length);
  const slot = plotW / n;
  const barMax = Math.max(1, ...props.bars.values);
  const lineMax = props.lineMax ?? Math.max(1, ...props.lines.flatMap((l) => l.values));
  const yBar = (v: number) => top + plotH - (v / barMax) * plotH;
  const yLine = (v: number) => top + plotH - (v / lineMax) * plotH;
  const step = (values: number[]) =>
    values
      .map(
        (v, i) =>
          `${i === 0 ? 'M' : 'L'}${left + i * slot},${yLine(v)} L${left + (i + 1) * slot},${yLine(v)}`,
      )
      .join(' ');
  const ticks = [0, 0.5, 1];
  return (
    <svg
      class="chart plan-chart"
      data-testid={props.testId}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={left}
            x2={left + plotW}
            y1={top + plotH * (1 - t)}
            y2={top + plotH * (1 - t)}
            class="chart-grid"
          />
          <text x={left - 6} y={top + plotH * (1 - t) + 4} text-anchor="end" class="chart-value">
            {Math.round(barMax * t)}
          </text>
          <text x={left + plotW + 6} y={top + plotH * (1 - t) + 4} class="chart-value">
            {Math.round(lineMax * t)}
            {props.lineUnit}
          </text>
        </g>
      ))}
      {props.bars.values.map((v, i) => (
        <rect
          key={props.starts[i]}
          x={left + i * slot + 2}
          y={yBar(v)}
          width={Math.max(1, slot - 4)}
          height={top + plotH - yBar(v)}
          class="chart-bar plan-bar"
        >
          <title>
            {props.starts[i]} {props.bars.name} {v}
          </title>
        </rect>
      ))}
      {props.target && (
        <line
          x1={left}
          x2={left + plotW}
          y1={yLine(props.target.value)}
          y2={yLine(props.target.value)}
          class="line-target"
        />
      )}
      {props.lines.map((l) => (
        <path key={l.name} d={step(l.values)} class={`plan-line ${l.cls}`} />
      ))}
      {props.starts.map((s, i) =>
        s.endsWith(':00') && (i % 2 === 0 || n <= 12) ? (
          <text key={s} x={left + i * slot} y={height - bottom + 16} class="chart-value" text-anchor="middle">
            {s.slice(0, 2)}시
          </text>
        ) : null,
      )}
      <g>
        <rect x={left} y={6} width={12} height={10} class="chart-bar plan-bar" />
        <text x={left + 16} y={15} class="chart-value">
          {props.bars.name}
        </text>
        {props.lines.map((l, i) => (
          <g key={l.name}>
            <line
              x1={left + 170 + i * 170}
              x2={left + 188 + i * 170}
              y1={11}
              y2={11}
              class={`plan-line ${l.cls}`}
            />
            <text x={left + 192 + i * 170} y={15} class="chart-value">
              {l.name}
            </text>
          </g>
        ))}
        {props.target && (
          <g>
            <line x1={left + 510} x2={left + 528} y1={11} y2={11} class="line-target" />
            <text x={left + 532} y={15} class="chart-value">
              {props.target.name}
            </text>
          </g>
        )}
      </g>
    </svg>
  );
}
