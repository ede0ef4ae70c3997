import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAws } from '#test/local';
import { type Backend, createBackend } from '#tools/simulator/backend';
import { formatResult } from '#tools/simulator/report';
import { runScenario } from '#tools/simulator/scenario';
import { citySettings, ROOT, type ScenarioContext, scenarioContext, scenarioFiles } from './harness';

/**
 * Every scenario in test/flows/*.json runs through the shipped contact flows and the real
 * handlers (functions/<name>/handler.ts), in-process, on the DynamoDB Local and local SQS of the
 * global setup, with tables made from the synthesized template.
 */

const scenarios = scenarioFiles();
let backend: Backend;
let context: ScenarioContext;

beforeAll(async () => {
  const aws = localAws();
  backend = await createBackend({
    mode: 'real',
    settings: citySettings(),
    rootDir: ROOT,
    endpoints: { dynamo: aws.dynamoEndpoint, sqs: aws.sqsEndpoint },
  });
  context = scenarioContext(() => ({
    functions: backend.functions,
    ...(backend.countTickets ? { countTickets: backend.countTickets } : {}),
  }));
});

afterAll(async () => {
  await backend?.stop();
});

describe('simulated calls through the shipped contact flows and the real handlers', () => {
  it('has at least 25 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });

  it('runs the real handlers, not the fakes', () => {
    expect(backend.kind).toBe('real');
  });

  it.each(scenarios.map((s) => [s.scenario.name, s] as const))('%s', async (_name, { file, scenario }) => {
    const result = await runScenario(context.simulator(), scenario, {
      source: file,
      ...(context.registry.countTickets ? { countTickets: context.registry.countTickets } : {}),
    });
    expect(result.failures, formatResult(result)).toEqual([]);
  });
});
