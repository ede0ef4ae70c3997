import { flowCityTexts } from '#infra/config/flow-texts';
import type { RuntimeConfig } from '#infra/config/runtime';
import { COUNSELOR_QUEUE_NAME, departmentQueueName, quickConnectsFor } from '#infra/connect/quick-connects';
import { type CityHoursSource, hoursFromCityConfig, type SimulatorHours } from './hours';
import type { QuickConnectSpec } from './types';

/**
 * Simulator settings derived from a city configuration (infra/config/<city>.ts, already parsed):
 * hours with holiday overrides, entry points, queues (`counselors` and `dept-<id>` per department),
 * the texts of `${city:…}` placeholders, the quick connects, and the department list for the fake
 * functions.
 */

export interface CitySource extends CityHoursSource {
  name: { ko: string; en: string };
  connect?: { callbackOfferAfterSeconds?: number };
  entryPoints: RuntimeConfig['entryPoints'];
  departments: RuntimeConfig['departments'];
}

export interface CitySimulatorSettings {
  hours: SimulatorHours;
  entryPoints: { id: string; number: string }[];
  queues: string[];
  city: Record<string, string>;
  departments: CitySource['departments'];
  /** The quick connects the CDK app creates (infra/connect/quick-connects.ts), by name. */
  quickConnects: QuickConnectSpec[];
}

export const simulatorSettingsFromCity = (config: CitySource): CitySimulatorSettings => ({
  hours: hoursFromCityConfig(config),
  entryPoints: config.entryPoints.map((e) => ({ id: e.id, number: e.number })),
  queues: [COUNSELOR_QUEUE_NAME, ...config.departments.map((d) => departmentQueueName(d.id))],
  city: { en: config.name.en, ...flowCityTexts(config) },
  departments: config.departments,
  quickConnects: quickConnectsFor(config.departments).map((qc) => ({
    name: qc.id,
    type: qc.type,
    queue: qc.queue,
    flow: qc.flow,
  })),
});
