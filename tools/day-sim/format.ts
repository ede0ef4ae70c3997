import type { DaySimReport } from './simulate';

/** The day simulation's report as a plain-text summary and interval table (the CLI without --json). */

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const pad = (value: string | number, width: number) => String(value).padStart(width);

export const formatDayReport = (report: DaySimReport): string => {
  const lines: string[] = [];
  const s = report.system;
  lines.push(
    `Day simulation ${report.city} ${report.date} (${report.dayType}${report.holiday ? ', holiday' : ''}), open ${report.open.start}–${report.open.end}, seed ${report.seed}`,
    `Staffing: ${report.staffing.source === 'plan' ? `plan, ${report.staffing.counselors} counselors, ${report.staffing.paidHours} paid hours` : `${report.staffing.counselors} counselors all day`}`,
    '',
    "Today's figures (GET /api/stats/today, from the day's counters):",
    `  calls ${report.calls}  answered ${report.answered}  abandoned ${report.abandoned}  answer rate ${pct(report.answerRate)}`,
    `  first-contact resolution ${pct(report.firstContactResolution)}  unified share ${pct(report.unifiedShare)}  reports opened ${report.reportsOpened}`,
    `  recomputed from every contact record: ${report.figuresAgree ? 'the same' : 'DIFFERENT (see --json: recomputed)'}`,
    'Queue:',
    `  offered ${report.queue.offered}  answered ${report.queue.answered}  abandoned ${report.queue.abandoned}  self-service ${report.queue.selfService}  redials ${report.queue.redials}  callbacks ${report.queue.callbacksRequested} (${report.queue.callbacksAnswered} reached)`,
    `  answer rate ${pct(report.queue.answerRate)}  service level ${pct(report.serviceLevel)} within ${report.serviceLevelSeconds} s  wait avg ${report.averageWaitSeconds} s, p90 ${report.p90WaitSeconds} s, max ${report.queue.maxWaitSeconds} s  occupancy ${pct(report.occupancy)}`,
  );
  if (report.planned)
    lines.push(
      `  the plan predicted: answer rate ${pct(report.planned.answerRate)}, service level ${pct(report.planned.serviceLevel)}, wait avg ${report.planned.averageWaitSeconds} s`,
    );
  if (report.faults.length > 0)
    lines.push(
      `Faults: ${report.faults.map((f) => `${f.target} ${f.mode}${f.mode === 'throttle' ? ` ${pct(f.share)}` : ''} ${f.from}–${f.to}`).join('; ')}`,
    );
  lines.push(
    '',
    ' start  arrivals offered answered abandoned  answer  SL/20s  wait s  staffed  occup  failures',
    ...report.intervals.map(
      (i) =>
        ` ${i.start}  ${pad(i.arrivals, 8)} ${pad(i.offered, 7)} ${pad(i.answered, 8)} ${pad(i.abandoned, 9)} ${pad(pct(i.answerRate), 7)} ${pad(pct(i.serviceLevel), 7)} ${pad(i.averageWaitSeconds, 7)} ${pad(i.staffed.toFixed(1), 8)} ${pad(pct(i.occupancy), 6)}  ${Object.entries(
          i.failures,
        )
          .map(([h, n]) => `${h} ${n}`)
          .join(', ')}`,
    ),
    '',
    `System: ${s.daySeconds} s for the day (${s.callsPerSecond} calls/s; ${s.wallSeconds} s with start-up), CPU node ${s.cpuSeconds.node} s, DynamoDB Local ${s.cpuSeconds.dynamoDbLocal ?? '?'} s`,
    `  handlers: ${Object.entries(s.handlers)
      .map(
        ([h, f]) =>
          `${h} ${f.invocations}× p50 ${f.p50Ms} ms p99 ${f.p99Ms} ms${f.failures ? ` (${f.failures} failed)` : ''}`,
      )
      .join('; ')}`,
    `  DynamoDB: ${s.dynamo.requests} requests (${s.dynamo.throttled} throttled); items ${Object.entries(
      s.items,
    )
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    `  department queues: ${Object.entries(s.departmentQueueDepths)
      .filter(([, n]) => n > 0)
      .map(([d, n]) => `${d} ${n}`)
      .join(', ')}`,
    `  today's figures: ${s.todayFiguresMs.counters.p50} ms from the counters, ${s.todayFiguresMs.recomputed.p50} ms recomputed from every record`,
  );
  for (const note of report.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
};
