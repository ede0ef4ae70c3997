import { weekdayOf } from '#domain/planning/calendar';
import type { StaffingPlan } from '#domain/planning/plan-file';

/** The staffing plan as a table a call-center manager reads in a terminal (`npm run plan`). */

const pct = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const num = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (value: string | number, width: number) => String(value).padStart(width);

const DAY_TYPE_NAMES: Record<StaffingPlan['dayType'], string> = {
  weekday: 'weekday',
  saturday: 'Saturday',
  sundayHoliday: 'Sunday or public holiday',
  dayAfterLongHoliday: 'first weekday after a long holiday',
};

export const formatPlan = (plan: StaffingPlan, cityName: string): string => {
  const lines: string[] = [];
  const { inputs, totals } = plan;
  const threshold = inputs.serviceLevel?.seconds ?? 20;
  lines.push(
    `Staffing plan — ${cityName} (${plan.city}), ${plan.date} ${weekdayOf(plan.date)}: ${DAY_TYPE_NAMES[plan.dayType]}${plan.holiday ? ' (public holiday)' : ''}`,
    `Open ${plan.open.start}–${plan.open.end} ${plan.timezone} · ${num(inputs.calls)} calls, ${num(totals.offered, 1)} to counselors (${num(totals.selfService, 1)} self-service)`,
    `Mean handle time ${inputs.averageHandleSeconds} s (talk + after-call work) · mean patience ${inputs.averagePatienceSeconds} s · target answer rate ${pct(inputs.answerRate)}${
      inputs.serviceLevel
        ? ` and ${pct(inputs.serviceLevel.share, 0)} within ${inputs.serviceLevel.seconds} s`
        : ''
    }`,
    `Erlang A per 30-minute interval; shifts by greedy cover (README "Staffing planner")`,
    '',
    `time    calls  load  required  scheduled  ErlangC ${inputs.serviceLevel ? `${pct(inputs.serviceLevel.share, 0)}/${threshold}s` : '80%/20s'}  answered  within ${threshold}s   wait`,
  );
  for (const interval of plan.intervals) {
    lines.push(
      `${interval.start} ${pad(num(interval.calls, 1), 7)} ${pad(interval.load.toFixed(1), 5)} ${pad(interval.required, 9)} ${pad(interval.scheduled, 10)} ${pad(interval.erlangCRequired, 14)} ${pad(pct(interval.predicted.answerRate), 9)} ${pad(pct(interval.predicted.serviceLevel), 10)} ${pad(`${interval.predicted.averageWaitSeconds.toFixed(1)}s`, 6)}`,
    );
  }
  const byType = Object.entries(totals.byShiftType)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  lines.push(
    '',
    `Shifts: ${totals.counselors} counselors (${byType}), ${num(totals.counselorHours, 1)} paid hours; the requirement alone is ${num(totals.requiredCounselorHours, 1)} h`,
  );
  const groups = new Map<string, number>();
  for (const shift of plan.shifts) {
    const lunch = shift.breaks.map((b) => `break ${b.start}–${b.end}`).join(', ');
    const key = `${shift.start}–${shift.end}  ${shift.type.padEnd(5)} ${lunch}`.trimEnd();
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  for (const [key, n] of groups) lines.push(`  ${key}  ×${n}`);
  lines.push(
    '',
    `Day (predicted with the scheduled counselors): answered ${num(totals.answered, 1)} · abandoned ${num(totals.abandoned, 1)} · answer rate ${pct(totals.answerRate)} · ${pct(totals.serviceLevel)} within ${threshold} s · mean wait ${totals.averageWaitSeconds} s`,
    `Peak: ${totals.peakRequired} counselors on the phones at ${totals.peakInterval} · first-contact resolution ${pct(totals.firstContactResolution)} · unified number ${pct(totals.unifiedShare, 0)} · ~${num(totals.reportsOpened)} tickets filed`,
  );
  for (const note of plan.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
};
