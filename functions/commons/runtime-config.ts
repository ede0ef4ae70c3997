import * as z from 'zod';
import { CATEGORY_CODES, type CategoryCode } from '#domain/categories';
import { E164_PATTERN, toE164 } from '#domain/phone';
import { isValidTimeZone } from '#domain/time';

/**
 * The runtime slice of the city config, passed to every Lambda as JSON in `CITY_CONFIG`
 * (docs/contracts.md, "Runtime configuration") and parsed once at cold start.
 */

const ID = /^[a-z][a-z0-9-]{0,62}$/;
const e164 = z.string().regex(E164_PATTERN, 'must be an E.164 number such as +82432010001');
const nameKo = z.string().trim().min(1).max(100);

const transferSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue') }),
  z.object({ type: z.literal('phone'), number: e164 }),
]);

const departmentSchema = z.object({
  id: z.string().regex(ID, 'must be lowercase letters, digits and dashes'),
  nameKo,
  categories: z.array(z.enum(CATEGORY_CODES)),
  slaHours: z
    .number()
    .positive()
    .max(24 * 365),
  transfer: transferSchema,
});

const entryPointSchema = z.object({
  id: z.string().regex(ID, 'must be lowercase letters, digits and dashes'),
  number: e164,
  nameKo,
});

const duplicates = (values: readonly string[]): string[] => [
  ...new Set(values.filter((value, index) => values.indexOf(value) !== index)),
];

export const runtimeConfigSchema = z
  .object({
    city: z.object({ ko: nameKo, en: z.string().trim().min(1).max(100) }),
    timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Seoul'),
    entryPoints: z.array(entryPointSchema).min(1),
    categories: z.array(z.object({ code: z.enum(CATEGORY_CODES), nameKo })).min(1),
    departments: z.array(departmentSchema).min(1),
  })
  .superRefine((config, ctx) => {
    const report = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    for (const id of duplicates(config.entryPoints.map((e) => e.id)))
      report(['entryPoints'], `duplicate id ${id}`);
    for (const n of duplicates(config.entryPoints.map((e) => e.number)))
      report(['entryPoints'], `duplicate number ${n}`);
    for (const code of duplicates(config.categories.map((c) => c.code)))
      report(['categories'], `duplicate ${code}`);
    for (const id of duplicates(config.departments.map((d) => d.id)))
      report(['departments'], `duplicate id ${id}`);
    const configured = new Set(config.categories.map((c) => c.code));
    config.departments.forEach((department, index) => {
      for (const code of department.categories) {
        if (!configured.has(code)) {
          report(['departments', index, 'categories'], `category ${code} is not in categories`);
        }
      }
    });
    for (const { code } of config.categories) {
      const owners = config.departments.filter((d) => d.categories.includes(code)).map((d) => d.id);
      if (owners.length !== 1) {
        report(
          ['categories'],
          owners.length === 0
            ? `category ${code} has no owning department`
            : `category ${code} is owned by several departments: ${owners.join(', ')}`,
        );
      }
    }
  });

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;
export type Department = RuntimeConfig['departments'][number];
export type EntryPoint = RuntimeConfig['entryPoints'][number];
export type DepartmentTransfer = Department['transfer'];

/** CITY_CONFIG is missing or invalid; the message lists every problem (no secrets are in it). */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
}

/**
 * `CITY_CONFIG` as compiled into a deployed bundle: the project function construct replaces this
 * very expression with the JSON text (esbuild `define`; infra/constructs/project-function.ts),
 * because Lambda allows 4 KB of environment variables in all
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html). Unbundled (tests,
 * the sandbox, the day simulation) it is the environment variable, set from the template's record
 * of the constants (tools/local-aws/function-environment.ts).
 */
const compiledCityConfig = (): string | undefined => process.env.CITY_CONFIG;
// This module is shared with the web app's type check, which has no Node types: `process` is
// Node's (a type declaration only; no code is emitted for it).
declare const process: { env: Record<string, string | undefined> };

/**
 * Parses `CITY_CONFIG` (from `env`, else as compiled into the bundle); throws
 * {@link RuntimeConfigError} naming each invalid path.
 */
export const loadRuntimeConfig = (
  env: Readonly<Record<string, string | undefined>>,
  compiled: () => string | undefined = compiledCityConfig,
): RuntimeConfig => {
  const raw = env.CITY_CONFIG ?? compiled();
  if (raw === undefined || raw.trim() === '') throw new RuntimeConfigError('CITY_CONFIG is not set');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new RuntimeConfigError(`CITY_CONFIG is not valid JSON: ${(error as Error).message}`);
  }
  const result = runtimeConfigSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new RuntimeConfigError(`CITY_CONFIG is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
};

/** The department owning `category` (the config guarantees exactly one for configured categories). */
export const departmentForCategory = (
  config: RuntimeConfig,
  category: CategoryCode | string,
): Department | undefined =>
  config.departments.find((department) => (department.categories as readonly string[]).includes(category));

export const departmentById = (config: RuntimeConfig, id: string): Department | undefined =>
  config.departments.find((department) => department.id === id);

/** The entry point for a dialed number in any common format (`+82432010001`, `043-201-0001`). */
export const entryPointForNumber = (
  config: RuntimeConfig,
  dialed: string | undefined,
): EntryPoint | undefined => {
  if (dialed === undefined) return undefined;
  const number = toE164(dialed);
  return number === undefined ? undefined : config.entryPoints.find((entry) => entry.number === number);
};

/** Department Connect queue names are `dept-<departmentId>` (contracts.md). */
export const departmentQueueName = (departmentId: string): string => `dept-${departmentId}`;

/** The department id in a `dept-<id>` queue name, or undefined. */
export const departmentIdFromQueueName = (queueName: string): string | undefined => {
  const match = /^dept-([a-z][a-z0-9-]{0,62})$/.exec(queueName);
  return match?.[1];
};

/** A required environment variable, or a clear error naming it. */
export const requireEnv = (env: Readonly<Record<string, string | undefined>>, name: string): string => {
  const value = env[name];
  if (value === undefined || value === '')
    throw new RuntimeConfigError(`Environment variable ${name} is not set`);
  return value;
};

/** An optional positive-integer environment variable (e.g. a retention in days): unset or `""` → undefined. */
export const optionalPositiveInt = (
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new RuntimeConfigError(`${name} must be a positive integer`);
  return value;
};

/** `DEPARTMENT_QUEUES`: JSON `{"<departmentId>": "<queue URL>"}`. */
export const loadDepartmentQueues = (
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> => {
  const raw = requireEnv(env, 'DEPARTMENT_QUEUES');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new RuntimeConfigError('DEPARTMENT_QUEUES is not valid JSON');
  }
  const result = z.record(z.string().min(1), z.url()).safeParse(json);
  if (!result.success)
    throw new RuntimeConfigError('DEPARTMENT_QUEUES must map department ids to queue URLs');
  return result.data;
};
