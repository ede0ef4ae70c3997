import { type RuntimeConfig, runtimeConfigSchema } from '#commons/runtime-config';
import type { CityConfig } from '#infra/config/schema';

/**
 * The runtime slice of the city config, passed to Lambdas as `CITY_CONFIG` (docs/contracts.md).
 * Its type and rules are the Lambdas' own (functions/commons/runtime-config.ts, which parses it at
 * cold start); the CDK app only maps the city config to it, and parses the result with the same
 * schema so a config the Lambdas would refuse fails at synth instead.
 */
export type { RuntimeConfig };

export const toRuntimeConfig = (config: CityConfig): RuntimeConfig =>
  runtimeConfigSchema.parse({
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
  } satisfies RuntimeConfig);
