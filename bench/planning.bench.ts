/**
 * Staffing planner and day sampler (functions/domain/planning): the wall time of planning a day
 * (Erlang A per interval + shift cover) for Cheongju's 1,100 calls and for a ten-city day of
 * 11,000 calls through one queue, and of drawing that many calls from the day model. Prints
 * median and worst of several runs, and what the plans come to.
 */
import { dayIntervals, sampleDay } from '#domain/planning/calls';
import { planDay } from '#domain/planning/plan';
import { loadCityConfig } from '#infra/config/load';

const RUNS = 9;

const time = <T>(run: () => T): { ms: number[]; result: T } => {
  const ms: number[] = [];
  let result = run(); // warm-up (JIT), not counted
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = run();
    ms.push(performance.now() - started);
  }
  return { ms: ms.sort((a, b) => a - b), result };
};

const show = (ms: number[]) =>
  `median ${(ms[Math.floor(ms.length / 2)] ?? 0).toFixed(1)} ms, worst ${(ms.at(-1) ?? 0).toFixed(1)} ms (${RUNS} runs)`;

export default async function planningBench(): Promise<void> {
  const config = await loadCityConfig('cheongju');
  const dayModel = config.dayModel;
  if (!dayModel) throw new Error('the Cheongju config has no dayModel');
  const city = { ...config, dayModel };
  for (const calls of [1_100, 11_000]) {
    const { ms, result: plan } = time(() => planDay({ date: '2027-03-08', calls, answerRate: 0.988, city }));
    const t = plan.totals;
    console.log(
      `  plan a Monday, ${calls.toLocaleString('en-US')} calls: ${show(ms)} — peak ${t.peakRequired} on the phones at ${t.peakInterval}, ${t.counselors} counselors (${Object.entries(
        t.byShiftType,
      )
        .map(([type, n]) => `${n} ${type}`)
        .join(
          ', ',
        )}), ${t.counselorHours} paid h vs ${t.requiredCounselorHours} h required, predicted answer rate ${(t.answerRate * 100).toFixed(1)}%`,
    );
  }
  const { intervals } = dayIntervals(dayModel.dayTypes.weekday, { start: '08:00', end: '20:00' });
  for (const calls of [1_100, 11_000]) {
    const { ms } = time(() =>
      sampleDay({ model: dayModel, categories: config.categories, intervals, calls, seed: 1 }),
    );
    console.log(`  sample a day's calls, ${calls.toLocaleString('en-US')}: ${show(ms)}`);
  }
}
