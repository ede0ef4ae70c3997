import { describe, expect, it } from 'vitest';
import { formatResult } from '#tools/simulator/report';
import { runScenario } from '#tools/simulator/scenario';
import { scenarioContext, scenarioFiles } from './harness';

/**
 * Every scenario in test/flows/*.json runs through the shipped contact flows. The function
 * registry is injected (harness.ts): the contract fakes today, the real handlers once wired.
 */

const context = scenarioContext();
const scenarios = scenarioFiles();

describe('simulated calls through the shipped contact flows', () => {
  it('has at least 25 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });

  it.each(scenarios.map((s) => [s.scenario.name, s] as const))('%s', async (_name, { file, scenario }) => {
    const result = await runScenario(context.simulator(), scenario, {
      source: file,
      ...(context.registry.countTickets ? { countTickets: context.registry.countTickets } : {}),
    });
    expect(result.failures, formatResult(result)).toEqual([]);
  });
});
