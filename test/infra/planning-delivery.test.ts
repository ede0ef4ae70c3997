import { Template } from 'aws-cdk-lib/assertions';
import { transform } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePlanningConfig } from '#commons/planning-config';
import { synthCached } from '#infra/build-app';
import { loadCityConfig } from '#infra/config/load';
import { planningEnvironment } from '#infra/config/planning';
import { buildDefines } from '#infra/constructs/project-function';

/**
 * The day model reaches the API function compiled into its bundle, not as an environment variable:
 * Lambda allows 4 KB of environment variables per function in all
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html).
 */

const LAMBDA_ENVIRONMENT_LIMIT = 4 * 1024;

let apiEnvironment: Record<string, unknown>;

beforeAll(async () => {
  const { templates } = await synthCached({ stage: 'dev' });
  const template = templates['Minwon365-cheongju-dev-Api'];
  if (!template) throw new Error('no Api stack');
  const [fn] = Object.values(Template.fromJSON(template).findResources('AWS::Lambda::Function')).filter((f) =>
    String(f.Properties.Description ?? '').startsWith('Desk HTTP API'),
  );
  apiEnvironment = fn?.Properties.Environment.Variables as Record<string, unknown>;
});

describe('the planning slice of the city config', () => {
  it('is not in the API function’s environment, where it could not fit', async () => {
    expect(apiEnvironment).not.toHaveProperty('PLANNING_MODEL');
    const { PLANNING_MODEL: json = '' } = planningEnvironment(await loadCityConfig('cheongju'));
    expect(parsePlanningConfig(json)?.dayModel.dayTypes.weekday.calls).toBe(1100);
    // Its JSON and the environment's literal text alone (names, CITY_CONFIG, settings) pass 4 KB.
    const literal = Object.entries(apiEnvironment).reduce(
      (total, [name, value]) =>
        total + Buffer.byteLength(name) + (typeof value === 'string' ? Buffer.byteLength(value) : 0),
      0,
    );
    expect(literal + Buffer.byteLength(`PLANNING_MODEL${json}`)).toBeGreaterThan(LAMBDA_ENVIRONMENT_LIMIT);
  });

  it('replaces process.env.PLANNING_MODEL in the bundle with the JSON text (esbuild define)', async () => {
    const constants = planningEnvironment(await loadCityConfig('cheongju'));
    const { code } = await transform('export const planning = process.env.PLANNING_MODEL;', {
      define: buildDefines(constants),
      format: 'esm',
    });
    expect(code).not.toContain('process.env');
    const bundled = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
      planning: string;
    };
    expect(bundled.planning).toBe(constants.PLANNING_MODEL);
  });

  it('gives the API function Connect queue ids, not ARNs (a third of the bytes)', () => {
    const queues = apiEnvironment.CONNECT_DEPARTMENT_QUEUES as { 'Fn::Join': [string, unknown[]] };
    const parts = queues['Fn::Join'][1].filter((part) => typeof part !== 'string');
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts)
      expect(part).toMatchObject({ 'Fn::Select': [3, { 'Fn::Split': ['/', expect.anything()] }] });
  });
});

/**
 * What a value of the template takes in the deployed environment: literal text as it is; a Connect
 * queue or instance id cut from an ARN (`Fn::Select` 3 of `Fn::Split` on "/") a UUID, 36 bytes;
 * any other reference (a table name, a secret ARN, a queue URL) an allowance of 128 bytes — more
 * than the names CloudFormation generates here (stack name, logical id and a 12-character suffix,
 * about 60) and than their ARNs (about 100).
 */
const deployedBytes = (value: unknown): number => {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (value === null || typeof value !== 'object') return 0;
  const record = value as Record<string, unknown>;
  const join = record['Fn::Join'] as [string, unknown[]] | undefined;
  if (join !== undefined)
    return (
      join[1].reduce<number>((total, part) => total + deployedBytes(part), 0) +
      join[0].length * (join[1].length - 1)
    );
  const select = record['Fn::Select'] as [number, unknown] | undefined;
  if (select !== undefined && JSON.stringify(select[1]).includes('"Fn::Split":["/"')) return 36;
  return 128;
};

describe('every function’s environment', () => {
  it('fits Lambda’s 4 KB in production, with room for the references to resolve', async () => {
    const { templates } = await synthCached({ stage: 'prod' });
    const sizes: Record<string, number> = {};
    for (const [stack, template] of Object.entries(templates))
      for (const [id, fn] of Object.entries(
        Template.fromJSON(template).findResources('AWS::Lambda::Function'),
      )) {
        const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
        sizes[`${stack}/${id}`] = Object.entries(variables).reduce(
          (total, [name, value]) => total + Buffer.byteLength(name) + deployedBytes(value),
          0,
        );
      }
    expect(Object.keys(sizes).length).toBeGreaterThan(8);
    const over = Object.entries(sizes).filter(([, bytes]) => bytes > LAMBDA_ENVIRONMENT_LIMIT);
    expect(over).toEqual([]);
    // The desk API, the largest: was about 4.2 KB with the city config in it.
    const api = Object.entries(sizes).find(([id]) => id.includes('-Api/ApiFunction'))?.[1] ?? 0;
    expect(api).toBeGreaterThan(0);
    expect(api).toBeLessThan(3 * 1024);
  });
});
