import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { type CityConfig, cityConfigSchema, type StageConfig } from '#infra/config/schema';

const CONFIG_DIR = dirname(fileURLToPath(import.meta.url));

/** A city configuration that failed validation; `issues` are `path: message` lines. */
export class CityConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`Invalid city config ${source}:\n  ${issues.join('\n  ')}`);
    this.name = 'CityConfigError';
  }
}

/** `['departments', 3, 'categories']` → `departments[3].categories`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');

const formatIssues = (error: z.ZodError): string[] =>
  error.issues.map((issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`);

/** Validates a config object; throws CityConfigError naming every bad field. */
export function parseCityConfig(input: unknown, source = 'config'): CityConfig {
  const result = cityConfigSchema.safeParse(input);
  if (!result.success) throw new CityConfigError(source, formatIssues(result.error));
  return result.data;
}

/** Loads and validates `infra/config/<city>.ts` (its default export). */
export async function loadCityConfig(city: string): Promise<CityConfig> {
  if (!/^[a-z][a-z0-9-]*$/.test(city))
    throw new Error(`Invalid city name "${city}" (use kebab-case, e.g. cheongju)`);
  const file = join(CONFIG_DIR, `${city}.ts`);
  if (!existsSync(file)) throw new Error(`No city config for "${city}": expected ${file}`);
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (module.default === undefined) throw new Error(`${file} must export the city config as default`);
  return parseCityConfig(module.default, `infra/config/${city}.ts`);
}

/** The named stage of a city, or an error listing the stages it has. */
export function stageOf(config: CityConfig, stage: string): StageConfig {
  const found = config.stages[stage];
  if (!found) {
    throw new Error(
      `Unknown stage "${stage}" for ${config.id}; known: ${Object.keys(config.stages).join(', ')}`,
    );
  }
  return found;
}
