import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { API_ROUTES } from '#functions/api/routes/table';
import { planningEnvironment } from '#infra/config/planning';
import { toRuntimeConfig } from '#infra/config/runtime';
import type { CityConfig } from '#infra/config/schema';
import { acknowledgeBucketDeployment } from '#infra/constructs/bucket-deployment-nag';
import { ProjectFunction } from '#infra/constructs/project-function';
import type { DataStack } from '#infra/stacks/data-stack';
import { type ContactCenterTargets, connectQueueIds } from '#infra/stacks/functions-stack';
import type { MessagingStack } from '#infra/stacks/messaging-stack';
import { WEB_CONFIG_FILE, type WebStack, webBucketName } from '#infra/stacks/web-stack';

export interface ApiStackProps extends StackProps {
  readonly config: CityConfig;
  readonly stageName: string;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly web: WebStack;
  /** Absent without a contact center: desk escalations to queue departments become call-back tickets. */
  readonly contactCenter?: ContactCenterTargets;
  readonly logRetention: RetentionDays;
  readonly ticketRetentionDays: number;
  readonly removalPolicy: RemovalPolicy;
  /** Steady-state requests per second for the whole API (default 50) and burst (default 100). */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** A resolved ARN as cdk-nag prints it in finding ids: an import's name, `<Id.Attr>` for a GetAtt. */
const nagRendering = (resolved: unknown): string => {
  if (typeof resolved === 'string') return resolved;
  const value = resolved as { 'Fn::ImportValue'?: unknown; 'Fn::GetAtt'?: unknown[] };
  if (typeof value['Fn::ImportValue'] === 'string') return value['Fn::ImportValue'];
  if (Array.isArray(value['Fn::GetAtt'])) return `<${value['Fn::GetAtt'].join('.')}>`;
  return JSON.stringify(resolved);
};

/** Cognito groups (docs/contracts.md): counselors, admins, and `dept-<id>` per department. */
export const COGNITO_GROUPS = { counselors: 'counselors', admins: 'admins' } as const;
export const departmentGroupName = (departmentId: string): string => `dept-${departmentId}`;

/**
 * The desk HTTP API: a Cognito user pool (groups per role and department, MFA, Plus-tier threat
 * protection), an SPA client (authorization code with PKCE, no secret), an HTTP API whose every
 * route goes through the JWT authorizer to the `api` Lambda (functions/api/handler.ts), access
 * logs and throttling on the stage, CORS for the web app's origin only, and the SPA's
 * `config.json` written into the web bucket (this stack depends on Web, never the reverse).
 */
export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly httpApi: HttpApi;
  readonly handler: IFunction;
  readonly apiUrl: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, data, web, removalPolicy } = props;
    const retained = removalPolicy === RemovalPolicy.RETAIN;

    // ---- identity -------------------------------------------------------------------------
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `minwon365-${config.id}-${props.stageName}`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff read callers' tickets (personal data): a second factor for everyone.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: retained,
      removalPolicy,
    });

    const groups: [string, string][] = [
      [COGNITO_GROUPS.counselors, '상담사 (counselor desk)'],
      [COGNITO_GROUPS.admins, '관리자 (all departments and figures)'],
      ...config.departments.map((d): [string, string] => [departmentGroupName(d.id), `${d.nameKo} 담당자`]),
    ];
    groups.forEach(([groupName, description], index) => {
      new CfnUserPoolGroup(this, `Group-${groupName}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description,
        precedence: index,
      });
    });

    const callbackUrls = [`${web.url}/`];
    this.userPoolClient = this.userPool.addClient('DeskClient', {
      userPoolClientName: 'desk-spa',
      generateSecret: false,
      // The desk signs in with the authorization code and PKCE through the hosted UI: a redirect in a
      // browser tab, a popup inside the agent workspace iframe (the hosted UI cannot be framed).
      // SRP stays enabled for scripted sign-ins of staff accounts.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls: callbackUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `minwon365-${config.id}-${props.stageName}-${this.account}` },
    });

    // ---- function -------------------------------------------------------------------------
    const connect = props.contactCenter;
    const fn = new ProjectFunction(this, 'Api', {
      name: 'api',
      description:
        'Desk HTTP API: tickets, department inboxes, escalations, contact records, today’s figures, 상담DB',
      timeout: Duration.seconds(10),
      // The day model and the planner's slice of the config (functions/commons/planning-config.ts):
      // compiled into the bundle, as Lambda's environment variables are limited to 4 KB in all.
      // The runtime slice of the city config too (its JSON alone is over half of the 4 KB).
      buildConstants: {
        CITY_CONFIG: JSON.stringify(toRuntimeConfig(config)),
        ...planningEnvironment(config),
      },
      environment: {
        TICKETS_TABLE: data.tickets.tableName,
        COUNTERS_TABLE: data.counters.tableName,
        IDEMPOTENCY_TABLE: data.idempotency.tableName,
        KB_TABLE: data.knowledgeBase.tableName,
        KB_ENTRIES_TABLE: data.kbEntries.tableName,
        KB_SEARCH_LOG_TABLE: data.kbSearchLog.tableName,
        KB_REVIEW_MONTHS: String(config.kb.reviewMonths),
        KB_SEARCH_LOG_RETENTION_DAYS: String(config.kb.searchLogRetentionDays),
        KB_FEEDBACK_RETENTION_DAYS: String(config.kb.feedbackRetentionDays),
        KB_REFRESH_SECONDS: String(config.kb.refreshSeconds),
        CONTACTS_TABLE: data.contacts.tableName,
        INBOX_TABLE: data.inbox.tableName,
        SLA_WARN_HOURS: String(config.sla.warnHours),
        CALLER_HASH_SECRET_ARN: data.callerHashSecret.secretArn,
        TICKET_RETENTION_DAYS: String(props.ticketRetentionDays),
        CONTACT_RETENTION_DAYS: String(props.ticketRetentionDays),
        CONNECT_INSTANCE_ID: connect?.instanceId ?? '',
        CONNECT_DEPARTMENT_QUEUES: connectQueueIds(connect?.departmentQueueArns),
      },
      logRetention: props.logRetention,
      removalPolicy,
    }).function;
    this.handler = fn;

    // Explicit least-privilege statements (the grant helpers add index/* and KMS wildcards, and
    // Secret.grantRead would write this role into the Data stack's key policy: a cycle).
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      fn.addToRolePolicy(new PolicyStatement({ actions, resources, ...(conditions && { conditions }) }));
    const tickets = data.tickets.tableArn;
    // Ticket changes are UpdateItems naming only what changed (functions/adapters/ticket-repository.ts).
    allow(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      [
        tickets,
        `${tickets}/index/byCaller`,
        `${tickets}/index/byDepartmentStatus`,
        `${tickets}/index/byDepartmentStatusDue`,
      ],
    );
    // Filing a ticket is one transaction: its Put/Update items need PutItem/UpdateItem on each table
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html);
    // the counter and the request record are also read (GetItem).
    allow(['dynamodb:GetItem', 'dynamodb:UpdateItem'], [data.counters.tableArn]);
    allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [data.idempotency.tableArn]);
    // The 부서 inbox reads the DepartmentInbox table and records each staff member's 확인.
    allow(['dynamodb:Query', 'dynamodb:UpdateItem'], [data.inbox.tableArn]);
    // The 상담DB: reads and incremental refreshes of the published side, and publishing into it
    // (TransactWriteItems is authorised per action on each item: PutItem, UpdateItem, DeleteItem,
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
    allow(
      [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Scan',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      [data.knowledgeBase.tableArn],
    );
    const kbEntries = data.kbEntries.tableArn;
    allow(
      [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ],
      [kbEntries, `${kbEntries}/index/byDepartment`, `${kbEntries}/index/byState`],
    );
    const kbSearchLog = data.kbSearchLog.tableArn;
    allow(['dynamodb:UpdateItem', 'dynamodb:Query'], [kbSearchLog, `${kbSearchLog}/index/byDepartmentDay`]);
    const contacts = data.contacts.tableArn;
    allow(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      [contacts, `${contacts}/index/byDay`],
    );
    allow(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], [data.key.keyArn]);
    allow(
      ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      [data.callerHashSecret.secretArn],
    );
    if (connect) {
      allow(['connect:GetCurrentMetricData'], [connect.instanceArn, ...connect.departmentQueueArns.values()]);
      // Whose call is it (functions/adapters/connect-contacts.ts): DescribeContact on the instance's
      // contacts and DescribeUser on its users — resource types `contact` and `user`
      // (instance/<id>/contact/<contactId>, instance/<id>/agent/<userId>,
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html).
      // Their own policy, so the wildcard acknowledgement below covers these two statements only.
      const contactChecks = new Policy(this, 'ContactChecks', {
        statements: [
          new PolicyStatement({
            actions: ['connect:DescribeContact'],
            resources: [`${connect.instanceArn}/contact/*`],
          }),
          new PolicyStatement({
            actions: ['connect:DescribeUser'],
            resources: [`${connect.instanceArn}/agent/*`],
          }),
        ],
      });
      fn.role?.attachInlinePolicy(contactChecks);
      // cdk-nag matches finding ids exactly and prints the instance ARN as the reference it has
      // become once the app's cross-stack references are resolved (an import from the ContactCenter
      // stack): acknowledged from a construct validation, which runs after that and before cdk-nag.
      const reason =
        'A contact id or user id is only known at request time (the desk names the call it writes to); ' +
        'the statements are limited to this instance’s contacts and users and to the two Describe actions.';
      contactChecks.node.addValidation({
        validate: () => {
          const arn = nagRendering(Stack.of(this).resolve(connect.instanceArn));
          Validations.of(contactChecks).acknowledge(
            { id: `AwsSolutions-IAM5[Resource::${arn}/contact/*]`, reason },
            { id: `AwsSolutions-IAM5[Resource::${arn}/agent/*]`, reason },
          );
          return [];
        },
      });
    }

    // ---- HTTP API -------------------------------------------------------------------------
    this.httpApi = new HttpApi(this, 'DeskApi', {
      apiName: `minwon365-${config.id}-${props.stageName}-desk`,
      description: 'minwon365 desk API (JWT: Cognito user pool)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [web.url],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            user: '$context.authorizer.claims.username',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.apiUrl = stage.url.replace(/\/$/, '');

    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.userPoolClient.userPoolClientId] },
    );
    const integration = new HttpLambdaIntegration('ApiIntegration', fn);
    for (const route of API_ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer,
      });
    }

    // ---- the SPA's runtime settings --------------------------------------------------------
    const webBucketNameHere = webBucketName(config.id, props.stageName, this.account, this.region);
    const webBucket = Bucket.fromBucketName(this, 'WebBucket', webBucketNameHere);
    new BucketDeployment(this, 'WebConfig', {
      sources: [
        Source.jsonData(WEB_CONFIG_FILE, {
          apiUrl: this.apiUrl,
          region: this.region,
          userPoolId: this.userPool.userPoolId,
          userPoolClientId: this.userPoolClient.userPoolClientId,
          cognitoDomain: domain.baseUrl(),
          city: config.id,
          stage: props.stageName,
        }),
      ],
      // By name, not by reference: the policy names the bucket without a cross-stack token.
      destinationBucket: webBucket,
      prune: false,
      distribution: web.distribution,
      distributionPaths: [`/${WEB_CONFIG_FILE}`],
    });
    acknowledgeBucketDeployment(
      this,
      `arn:<AWS::Partition>:s3:::${webBucketName(config.id, props.stageName, '<AWS::AccountId>', this.region)}/*`,
    );

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'CognitoDomain', { value: domain.baseUrl() });
    new CfnOutput(this, 'WebUrl', { value: web.url });
  }
}
