import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '#infra/config/cheongju';
import { parseCityConfig } from '#infra/config/load';
import { localAws } from '#test/local';
import { type Backend, createBackend } from '#tools/simulator/backend';
import { simulatorSettingsFromCity } from '#tools/simulator/city';
import { createSimulator } from '#tools/simulator/index';
import { loadScenarioFile, runScenario } from '#tools/simulator/scenario';

/**
 * The simulator's `slow` fault with the real handlers on DynamoDB Local: the handler really runs
 * with the flow block's time already spent, and the scenario shows what it did — intake refuses to
 * start any write, so the caller who heard the apology has no ticket.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const settings = simulatorSettingsFromCity(parseCityConfig(config));
let backend: Backend;

beforeAll(async () => {
  const aws = localAws();
  backend = await createBackend({
    mode: 'real',
    settings,
    rootDir: ROOT,
    endpoints: { dynamo: aws.dynamoEndpoint, sqs: aws.sqsEndpoint },
  });
});

afterAll(async () => {
  await backend?.stop();
});

describe('the slow fault with the real handlers', () => {
  it('runs intake with the limit spent: the caller hears the apology and no ticket is written', async () => {
    const simulator = createSimulator({
      flowsDir: join(ROOT, 'contact-flows'),
      functions: backend.functions,
      hours: settings.hours,
      entryPoints: settings.entryPoints,
      queues: settings.queues,
      city: settings.city,
    });
    const scenario = loadScenarioFile(join(ROOT, 'test', 'flows', 'fault-intake-slow.json'));
    const result = await runScenario(simulator, scenario, {
      ...(backend.countTickets ? { countTickets: backend.countTickets } : {}),
    });

    expect(backend.kind).toBe('real');
    expect(result.failures).toEqual([]);
    expect(result.ticketsCreated).toBe(0);
    const intakeCall = result.lambdaCalls.find((call) => call.functionName === 'intake');
    expect(intakeCall?.status).toBe('timeout');
    expect(intakeCall?.error).toMatch(
      /^no response within InvocationTimeLimitSeconds=4; run with the limit spent, the handler threw DeadlineExceededError: /,
    );
  });
});
