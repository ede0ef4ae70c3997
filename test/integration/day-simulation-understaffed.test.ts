import { describe, expect, inject, it } from 'vitest';
import { planDay } from '#domain/planning/plan';
import { loadCityConfig } from '#infra/config/load';
import { localAws } from '#test/local';
import { runDaySimulation } from '#tools/day-sim/simulate';

/**
 * Issue 12's acceptance, the other side: the same 1,100-call Monday with a tenth of the planned
 * counselors (every tenth shift of the plan) visibly fails — most callers wait minutes and many
 * hang up. One day per file: the handlers read their environment when imported.
 */

const DATE = '2027-03-08';

describe('a 1,100-call weekday with a tenth of the planned staff', () => {
  it('fails visibly: the answer rate collapses, callers hang up, waits run to minutes', async () => {
    const city = await loadCityConfig('cheongju');
    if (!city.dayModel) throw new Error('cheongju has no dayModel');
    const plan = planDay({
      date: DATE,
      calls: 1_100,
      answerRate: 0.988,
      city: { ...city, dayModel: city.dayModel },
    });
    const tenth = { ...plan, shifts: plan.shifts.filter((_, i) => i % 10 === 0) };
    expect(tenth.shifts.length).toBe(Math.ceil(plan.shifts.length / 10));
    const aws = localAws();
    const report = await runDaySimulation({
      rootDir: process.cwd(),
      date: DATE,
      calls: 1_100,
      seed: 1,
      staffing: tenth,
      endpoints: { dynamo: aws.dynamoEndpoint, sqs: aws.sqsEndpoint },
      templates: inject('cfnTemplates') as never,
    });
    console.log(
      `day simulated: answer rate ${report.queue.answerRate} (today's figures ${report.answerRate}), abandoned ${report.queue.abandoned}, service level ${report.serviceLevel}, p90 wait ${report.p90WaitSeconds} s, occupancy ${report.occupancy}, day ${report.system.daySeconds} s`,
    );
    expect(report.staffing.counselors).toBe(tenth.shifts.length);
    expect(report.queue.answerRate).toBeLessThan(0.6);
    expect(report.queue.abandoned).toBeGreaterThan(300);
    expect(report.serviceLevel).toBeLessThan(0.2);
    expect(report.p90WaitSeconds).toBeGreaterThan(120);
    expect(report.occupancy).toBeGreaterThan(0.9);
    // today's figures say the same: far below the seed's 98.8%
    expect(report.answerRate).toBeLessThan(0.6);
    expect(report.figuresAgree).toBe(true);
  }, 900_000);
});
