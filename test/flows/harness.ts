import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import config from '#infra/config/cheongju';
import { parseCityConfig } from '#infra/config/load';
import { type CitySimulatorSettings, simulatorSettingsFromCity } from '#tools/simulator/city';
import { createFakeBackend } from '#tools/simulator/fakes';
import { createSimulator, type FlowFunction, type Simulator } from '#tools/simulator/index';
import { loadScenarioFile, type Scenario } from '#tools/simulator/scenario';

/**
 * Shared setup of the scenario tests: the Cheongju config, the shipped contact flows, and an
 * injected function registry. Today the registry is the contract-honouring fakes; the lead wires
 * the real handlers (functions/<name>/handler.ts against the DynamoDB Local / SQS of
 * test/support/global-setup.ts) by passing another `FunctionRegistry` to `scenarioContext`.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FLOWS_DIR = join(ROOT, 'contact-flows');
export const SCENARIO_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface FunctionRegistry {
  functions: Record<string, FlowFunction>;
  /** Tickets in the store, for `ticketsCreated` (optional: the runner can count from responses). */
  countTickets?: () => Promise<number>;
}

export const citySettings = (): CitySimulatorSettings => simulatorSettingsFromCity(parseCityConfig(config));

/** The in-memory fakes (docs/contracts.md responses). */
export const fakeRegistry = (settings: CitySimulatorSettings): FunctionRegistry => {
  const backend = createFakeBackend({ entryPoints: settings.entryPoints, departments: settings.departments });
  return { functions: backend.functions, countTickets: async () => backend.tickets.length };
};

export interface ScenarioContext {
  settings: CitySimulatorSettings;
  registry: FunctionRegistry;
  simulator: () => Simulator;
}

export const scenarioContext = (
  makeRegistry: (settings: CitySimulatorSettings) => FunctionRegistry = fakeRegistry,
): ScenarioContext => {
  const settings = citySettings();
  const registry = makeRegistry(settings);
  return {
    settings,
    registry,
    simulator: () =>
      createSimulator({
        flowsDir: FLOWS_DIR,
        functions: registry.functions,
        hours: settings.hours,
        entryPoints: settings.entryPoints,
        queues: settings.queues,
        city: settings.city,
        quickConnects: settings.quickConnects,
      }),
  };
};

export const scenarioFiles = (): { file: string; scenario: Scenario }[] =>
  readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, scenario: loadScenarioFile(join(SCENARIO_DIR, f)) }));
