import type { CityConfig } from '#infra/config/schema';

/** The runtime slice of the city config, passed to Lambdas as `CITY_CONFIG` (docs/contracts.md). */
export interface RuntimeConfig {
  city: { ko: string; en: string };
  timezone: string;
  entryPoints: { id: string; number: string; nameKo: string }[];
  categories: { code: string; nameKo: string }[];
  departments: {
    id: string;
    nameKo: string;
    categories: string[];
    slaHours: number;
    transfer: { type: 'queue' } | { type: 'phone'; number: string };
  }[];
}

export const toRuntimeConfig = (config: CityConfig): RuntimeConfig => ({
  city: { ko: config.name.ko, en: config.name.en },
  timezone: config.timezone,
  entryPoints: config.entryPoints.map(({ id, number, nameKo }) => ({ id, number, nameKo })),
  categories: config.categories.map(({ code, nameKo }) => ({ code, nameKo })),
  departments: config.departments.map(({ id, nameKo, categories, slaHours, transfer }) => ({
    id,
    nameKo,
    categories: [...categories],
    slaHours,
    transfer: transfer.type === 'phone' ? { type: 'phone', number: transfer.number } : { type: 'queue' },
  })),
});
