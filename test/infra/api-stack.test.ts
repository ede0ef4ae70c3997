import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '#functions/api/routes/table';
import { synthCached } from '#infra/build-app';

let api: Template;
let prodApi: Template;
let data: Template;

const templateOf = async (stage: string, concern: string) => {
  const { templates } = await synthCached({ stage });
  const template = templates[`Minwon365-cheongju-${stage}-${concern}`];
  if (!template) throw new Error(`no ${concern} stack for ${stage}`);
  return Template.fromJSON(template);
};

beforeAll(async () => {
  [api, prodApi, data] = await Promise.all([
    templateOf('dev', 'Api'),
    templateOf('prod', 'Api'),
    templateOf('dev', 'Data'),
  ]);
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };
const apiFunctionStatements = (template: Template): Statement[] => {
  const [roleId] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) =>
    id.startsWith('ApiFunctionServiceRole'),
  ) ?? [undefined];
  if (roleId === undefined) throw new Error('no API function role');
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

describe('desk API stack', () => {
  it('creates one API Gateway route per contract route, every one behind the JWT authorizer', () => {
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toBeDefined();
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('logs access and throttles on the stage, and allows CORS only from the web app', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const cors = Object.values(api.findResources('AWS::ApiGatewayV2::Api'))[0]?.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowOrigins)).toContain('Fn::ImportValue');
    expect(cors.AllowOrigins).not.toContain('*');
  });

  it('has a user pool with a strong password policy, required TOTP MFA and no self sign-up', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      UserPoolTier: 'PLUS',
    });
    prodApi.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('has the counselors and admins groups and one group per department of the config', async () => {
    const { config } = await synthCached({ stage: 'dev' });
    const groups = Object.values(api.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(
      ['counselors', 'admins', ...config.departments.map((d) => `dept-${d.id}`)].sort(),
    );
  });

  it('gives the SPA a public client: no secret, authorization code with PKCE, callback to the web app', () => {
    api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [Match.anyValue()],
    });
  });

  it('runs the API Lambda on Node.js 22 ARM64 with the contract’s environment', () => {
    const [fn] = Object.values(api.findResources('AWS::Lambda::Function')).filter((f) =>
      String(f.Properties.Description ?? '').startsWith('Desk HTTP API'),
    );
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    const env = fn?.Properties.Environment.Variables as Record<string, unknown>;
    for (const name of [
      'TICKETS_TABLE',
      'COUNTERS_TABLE',
      'IDEMPOTENCY_TABLE',
      'KB_TABLE',
      'CONTACTS_TABLE',
      'INBOX_TABLE',
      'CALLER_HASH_SECRET_ARN',
      'CONTACT_RETENTION_DAYS',
    ]) {
      expect(env, name).toHaveProperty(name);
    }
  });

  it('grants the API Lambda only what it uses: no scans or deletes of tickets, no SQS at all (the inbox is a table)', () => {
    const statements = apiFunctionStatements(api);
    const actions = actionsOf(statements);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'secretsmanager:GetSecretValue',
      ]),
    );
    expect(actions.some((a) => a.startsWith('sqs:'))).toBe(false);
    expect(actions.some((a) => a.endsWith('*') && a !== 'xray:*')).toBe(false);
    const ticketsStatement = statements.find((s) => JSON.stringify(s.Resource).includes('Tickets'));
    expect(ticketsStatement?.Action).not.toContain('dynamodb:DeleteItem');
    expect(ticketsStatement?.Action).not.toContain('dynamodb:Scan');
    // No statement on all resources except X-Ray's (which has no resource-level permissions).
    for (const statement of statements) {
      if (statement.Resource === '*')
        expect(actionsOf([statement]).every((a) => a.startsWith('xray:'))).toBe(true);
    }
  });

  it('lets the API Lambda describe the instance’s contacts and users (whose call is it), and nothing else of Connect', () => {
    const statements = apiFunctionStatements(api).filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('connect:Describe')),
    );
    expect(statements.map((s) => s.Action).sort()).toEqual([
      'connect:DescribeContact',
      'connect:DescribeUser',
    ]);
    const resource = (action: string) =>
      JSON.stringify(statements.find((s) => s.Action === action)?.Resource);
    expect(resource('connect:DescribeContact')).toMatch(/\/contact\/\*"/);
    expect(resource('connect:DescribeUser')).toMatch(/\/agent\/\*"/);
    for (const action of ['connect:DescribeContact', 'connect:DescribeUser'])
      expect(resource(action)).not.toBe('"*"');
  });

  it('files tickets in one transaction with only the item actions it needs: no deletes of request records', () => {
    const statements = apiFunctionStatements(api);
    const on = (table: string) =>
      statements
        .filter((s) => JSON.stringify(s.Resource).includes(table))
        .flatMap((s) => actionsOf([s]))
        .sort();
    expect(on('Counters')).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(on('Idempotency')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('publishes config.json into the web bucket by name, so the Web stack needs nothing from the API stack', async () => {
    const { templates } = await synthCached({ stage: 'dev' });
    const web = JSON.stringify(templates['Minwon365-cheongju-dev-Web']);
    expect(web).not.toContain('Minwon365-cheongju-dev-Api');
    api.hasResourceProperties('Custom::CDKBucketDeployment', { Prune: false });
  });
});

describe('contacts table (data stack)', () => {
  it('is keyed by contactId with the byDay index and the expiresAt TTL', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'contactId', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byDay',
          KeySchema: [
            { AttributeName: 'day', KeyType: 'HASH' },
            { AttributeName: 'initiatedAt', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });
});
