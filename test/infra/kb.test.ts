import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCached } from '#infra/build-app';

/** The 상담DB's resources (issue 14): its tables, the indexer's schedule, the API's settings. */

let data: Template;
let functions: Template;
let api: Template;

beforeAll(async () => {
  const { templates } = await synthCached({ stage: 'dev' });
  const of = (concern: string) => {
    const template = templates[`Minwon365-cheongju-dev-${concern}`];
    if (!template) throw new Error(`no ${concern} stack`);
    return Template.fromJSON(template);
  };
  [data, functions, api] = [of('Data'), of('Functions'), of('Api')];
}, 180_000);

type Resource = { Properties: Record<string, unknown> };
const tableWith = (template: Template, logicalPrefix: string): Resource => {
  const found = Object.entries(
    template.findResources('AWS::DynamoDB::Table') as Record<string, Resource>,
  ).find(([id]) => id.startsWith(logicalPrefix));
  if (!found) throw new Error(`no table ${logicalPrefix}`);
  return found[1];
};

describe('상담DB resources', () => {
  it('keeps entries, versions and feedback in KbEntries (id + sk), listed by department or state, feedback expiring', () => {
    const table = tableWith(data, 'KbEntries').Properties;
    expect(table.KeySchema).toEqual([
      { AttributeName: 'id', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const indexes = (table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown }[]).map((i) => [
      i.IndexName,
      i.KeySchema,
    ]);
    expect(indexes).toEqual([
      [
        'byDepartment',
        [
          { AttributeName: 'departmentId', KeyType: 'HASH' },
          { AttributeName: 'stateKey', KeyType: 'RANGE' },
        ],
      ],
      [
        'byState',
        [
          { AttributeName: 'state', KeyType: 'HASH' },
          { AttributeName: 'departmentKey', KeyType: 'RANGE' },
        ],
      ],
    ]);
    expect(table.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
  });

  it('logs desk searches in KbSearchLog with a retention (TTL) and a per-department, per-day index', () => {
    const table = tableWith(data, 'KbSearchLog').Properties;
    expect(table.KeySchema).toEqual([{ AttributeName: 'searchId', KeyType: 'HASH' }]);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'byDepartmentDay',
        KeySchema: [
          { AttributeName: 'departmentDay', KeyType: 'HASH' },
          { AttributeName: 'at', KeyType: 'RANGE' },
        ],
      }),
    ]);
  });

  it('runs the indexer on a schedule from the city config (every 15 minutes by default)', () => {
    functions.hasResourceProperties('AWS::Scheduler::Schedule', {
      Description: Match.stringLikeRegexp('KB indexer'),
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
      }),
    });
    expect(functions.findResources('AWS::Events::Rule')).toEqual({});
    const indexer = Object.entries(
      functions.findResources('AWS::Lambda::Function') as Record<string, Resource>,
    ).find(([id]) => id.startsWith('KbIndexer'));
    const env = indexer?.[1].Properties.Environment as { Variables: Record<string, unknown> } | undefined;
    expect(env?.Variables).toHaveProperty('KB_TABLE');
  });

  it('gives the API its 상담DB tables and settings, and lets browsers send PUT', () => {
    const fn = Object.values(api.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(
      (r) => JSON.stringify(r.Properties.Environment ?? {}).includes('KB_ENTRIES_TABLE'),
    );
    const env = fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
    expect(env?.Variables).toMatchObject({
      KB_REVIEW_MONTHS: '12',
      KB_SEARCH_LOG_RETENTION_DAYS: '90',
      KB_FEEDBACK_RETENTION_DAYS: '365',
      KB_REFRESH_SECONDS: '15',
      KB_SEARCH_LOG_TABLE: expect.anything(),
    });
    const apiResource = Object.values(
      api.findResources('AWS::ApiGatewayV2::Api') as Record<string, Resource>,
    )[0];
    const cors = apiResource?.Properties.CorsConfiguration as { AllowMethods: string[] } | undefined;
    expect(cors?.AllowMethods).toContain('PUT');
  });
});
