import { flowCityTexts } from '#infra/config/flow-texts';
import type { RuntimeConfig } from '#infra/config/runtime';
import { type CityHoursSource, hoursFromCityConfig, type SimulatorHours } from './hours';

/**
 * Simulator settings derived from a city configuration (infra/config/<city>.ts, already parsed):
 * hours with holiday overrides, entry points, queues (`counselors` and `dept-<id>` per department),
 * the texts of `${city:…}` placeholders, and the department list for the fake functions.
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
}

export const simulatorSettingsFromCity = (config: CitySource): CitySimulatorSettings => ({
  hours: hoursFromCityConfig(config),
  entryPoints: config.entryPoints.map((e) => ({ id: e.id, number: e.number })),
  queues: ['counselors', ...config.departments.map((d) => `dept-${d.id}`)],
  city: { en: config.name.en, ...flowCityTexts(config) },
  departments: config.departments,
});
