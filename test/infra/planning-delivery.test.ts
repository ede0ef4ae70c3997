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
