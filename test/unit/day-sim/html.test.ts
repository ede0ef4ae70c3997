import { describe, expect, it } from 'vitest';
import { renderDayReportHtml } from '#tools/day-sim/html';
import type { DaySimReport, IntervalReport } from '#tools/day-sim/simulate';

const interval = (start: string, answerRate: number): IntervalReport => ({
  start,
  arrivals: 40,
  offered: 38,
  answered: Math.round(38 * answerRate),
  abandoned: 38 - Math.round(38 * answerRate),
  answerRate,
  serviceLevel: 0.9,
  averageWaitSeconds: 12,
  staffed: 9.5,
  occupancy: 0.7,
  scheduled: 10,
  plannedAnswerRate: 0.99,
  failures: start === '10:00' ? { lookup: 17 } : {},
});

const report = {
  kind: 'minwon365/day-simulation',
  date: '2027-03-08',
  dayType: 'weekday',
  holiday: false,
  open: { start: '09:00', end: '10:30' },
  seed: 1,
  staffing: { source: 'plan', counselors: 20, paidHours: 136 },
  calls: 1100,
  answered: 1060,
  abandoned: 12,
  answerRate: 0.9888,
  firstContactResolution: 0.723,
  unifiedShare: 0.54,
  reportsOpened: 48,
  serviceLevel: 0.97,
  serviceLevelSeconds: 20,
  averageWaitSeconds: 1.4,
  p90WaitSeconds: 3,
  occupancy: 0.49,
  queue: { answerRate: 0.9891, answered: 1060, abandoned: 12, callbacksRequested: 3, redials: 2 },
  intervals: [interval('09:00', 1), interval('09:30', 0.95), interval('10:00', 0.5)],
  planned: { answerRate: 0.996, serviceLevel: 0.98, averageWaitSeconds: 0.8 },
  faults: [{ target: 'lookup', mode: 'down', from: '10:00', to: '10:30' }],
  system: {
    daySeconds: 50,
    callsPerSecond: 22,
    dynamo: { requests: 6000, throttled: 0 },
    todayFiguresMs: { counters: { p50: 7.8 }, recomputed: { p50: 1482 } },
  },
} as unknown as DaySimReport;

describe('the day report as HTML', () => {
  const html = renderDayReportHtml(report);

  it('is one self-contained file: no script, no stylesheet or image fetched from elsewhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('shows the answer rate against the 98.8% target and the three charts', () => {
    expect(html).toContain('98.9%');
    expect(html).toContain('목표 98.8%');
    expect(html).toContain('class="tile ok"');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('구간별 인입 통화와 상담 인력');
    expect(html).toContain('구간별 평균 대기 시간');
    expect(html).toContain('구간별 응답률');
  });

  it('shades the fault window and lists the failures of its interval', () => {
    expect(html).toContain('lookup 중단');
    expect(html).toContain('10:00 lookup 17');
  });

  it('marks a day below the target', () => {
    const bad = renderDayReportHtml({ ...report, queue: { ...report.queue, answerRate: 0.41 } });
    expect(bad).toContain('class="tile bad"');
    expect(bad).toContain('41.0%');
  });
});
