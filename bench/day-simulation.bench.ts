/**
 * The day simulation as a measure of the system (issue 12 item 5): a planned Monday of 1,100 calls
 * (Cheongju) and of 11,000 calls (ten cities' day through one queue), every call through the real
 * contact flows and handlers on DynamoDB Local and local SQS. Each size runs in its own process
 * (`npm run simulate:day -- --json`; the handlers read their environment when imported) and prints
 * the day's wall time (tickets seeded, every call, every contact record delivered; start-up — synth,
 * emulators, tables — apart), the handlers' latencies, DynamoDB requests and items, and the time to
 * compute today's figures after the day: from the day's counters (GET /api/stats/today, one item)
 * and recomputed from every contact record (the computation it replaced).
 * `DAY_BENCH_SIZES=1100` runs only some sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planDay } from '#domain/planning/plan';
import { loadCityConfig } from '#infra/config/load';
import type { DaySimReport } from '#tools/day-sim/simulate';

const DATE = '2027-03-08';

export default async function daySimulationBench(): Promise<void> {
  const config = await loadCityConfig('cheongju');
  const dayModel = config.dayModel;
  if (!dayModel) throw new Error('the Cheongju config has no dayModel');
  const sizes = (process.env.DAY_BENCH_SIZES ?? '1100,11000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'day-bench-'));
  try {
    for (const calls of sizes) {
      const plan = planDay({ date: DATE, calls, answerRate: 0.988, city: { ...config, dayModel } });
      const planFile = join(dir, `plan-${calls}.json`);
      writeFileSync(planFile, JSON.stringify(plan));
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'tools/day-sim/cli.ts',
          '--date',
          DATE,
          '--calls',
          String(calls),
          '--staffing',
          planFile,
          '--json',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (run.status !== 0) {
        console.log(`  ${calls} calls: simulate:day failed (exit ${run.status})\n${run.stderr}`);
        process.exitCode = 1;
        continue;
      }
      const report = JSON.parse(run.stdout) as DaySimReport;
      const s = report.system;
      const handlers = Object.entries(s.handlers)
        .map(([name, h]) => `${name} ${h.invocations}× p50 ${h.p50Ms} ms p99 ${h.p99Ms} ms`)
        .join('; ');
      console.log(
        [
          `  ${calls.toLocaleString('en-US')} calls (${report.staffing.counselors} counselors planned): day ${s.daySeconds} s wall (${s.callsPerSecond} calls/s; phases ${JSON.stringify(s.phases)}), ${s.wallSeconds} s with start-up; CPU node ${s.cpuSeconds.node} s, DynamoDB Local ${s.cpuSeconds.dynamoDbLocal ?? '?'} s`,
          `    answer rate ${(report.queue.answerRate * 100).toFixed(1)}% (today's figures ${(report.answerRate * 100).toFixed(1)}%), service level ${(report.serviceLevel * 100).toFixed(1)}%, figures agree: ${report.figuresAgree}`,
          `    today's figures after the day: counters p50 ${s.todayFiguresMs.counters.p50} ms (max ${s.todayFiguresMs.counters.max}); recomputed from every record p50 ${s.todayFiguresMs.recomputed.p50} ms (max ${s.todayFiguresMs.recomputed.max})`,
          `    handlers: ${handlers}`,
          `    DynamoDB: ${s.dynamo.requests} requests ${JSON.stringify(s.dynamo.byOperation)}; items ${JSON.stringify(s.items)}`,
        ].join('\n'),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
