import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flowCityTexts } from '#infra/config/flow-texts';
import { loadCityConfig, stageOf } from '#infra/config/load';
import { assertNoSampleNumbers } from '#infra/config/sample-numbers';
import type { CityConfig, StageConfig } from '#infra/config/schema';
import { ApiStack } from '#infra/stacks/api-stack';
import { ContactCenterStack } from '#infra/stacks/contact-center-stack';
import { ContactFlowsStack } from '#infra/stacks/contact-flows-stack';
import { DataStack } from '#infra/stacks/data-stack';
import { FunctionsStack } from '#infra/stacks/functions-stack';
import { MessagingStack } from '#infra/stacks/messaging-stack';
import { WebStack } from '#infra/stacks/web-stack';
import { formatPolicyFinding, type PolicyFinding, readPolicyFindings } from '#infra/validation';

export const DEFAULT_CITY = 'cheongju';
export const DEFAULT_STAGE = 'dev';

export interface BuildAppOptions {
  /** City config name (`infra/config/<city>.ts`); default: context `city`, then `cheongju`. */
  readonly city?: string;
  /** Stage name; default: context `stage`, then `dev`. */
  readonly stage?: string;
  /** Cloud assembly directory; default: the CDK CLI's, or cdk.out. */
  readonly outdir?: string;
  /**
   * Bundle the Lambda code (esbuild). Default true; templates for tests and the local sandbox skip
   * it (the code is run from source there), which keeps a synth under two seconds.
   */
  readonly bundle?: boolean;
  /**
   * Synthesize a stage that retains its resources even though the config has sample numbers (a dry
   * run). Default: context `allowSampleNumbers` (`-c allowSampleNumbers=true`), else false: synth
   * refuses (infra/config/sample-numbers.ts).
   */
  readonly allowSampleNumbers?: boolean;
  /**
   * The synth date (`YYYY-MM-DD`, city time) the holiday window starts from; default: context
   * `synthDate`, then today. Tests inject it.
   */
  readonly today?: string;
}

export interface AppStacks {
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly functions: FunctionsStack;
  readonly contactCenter: ContactCenterStack;
  readonly contactFlows: ContactFlowsStack;
  readonly web: WebStack;
  readonly api: ApiStack;
}

export interface BuiltApp {
  readonly app: App;
  readonly config: CityConfig;
  readonly stageName: string;
  readonly stage: StageConfig;
  readonly stacks: AppStacks;
}

/** `Minwon365-cheongju-dev-Data` */
export const stackName = (city: string, stage: string, concern: string): string =>
  `Minwon365-${city}-${stage}-${concern}`;

/**
 * Builds the whole CDK app for one city and stage: validates the city config, creates the stacks
 * wired by construct references, and registers cdk-nag's AwsSolutions checks on the app.
 */
export async function buildApp(options: BuildAppOptions = {}): Promise<BuiltApp> {
  // Templates are validated with @aws/cloudformation-validate explicitly (infra/validation.ts), which
  // keeps synth under a second; the built-in copy would only downgrade errors to warnings.
  const app = new App({
    builtinCloudFormationValidation: false,
    // Cross-stack references stay strong exports: a consumer stack keeps its producer's resources.
    context: {
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const city = options.city ?? contextString(app, 'city') ?? DEFAULT_CITY;
  const stageName = options.stage ?? contextString(app, 'stage') ?? DEFAULT_STAGE;
  const config = await loadCityConfig(city);
  const stage = stageOf(config, stageName);
  assertNoSampleNumbers(
    config,
    stageName,
    options.allowSampleNumbers ?? String(app.node.tryGetContext('allowSampleNumbers')) === 'true',
  );
  const synthDate = options.today ?? contextString(app, 'synthDate');
  if (synthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(synthDate)) {
    throw new Error(`synthDate must be YYYY-MM-DD, got "${synthDate}"`);
  }

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  Tags.of(app).add('project', 'minwon365');
  Tags.of(app).add('city', config.id);
  Tags.of(app).add('stage', stageName);

  // Environment-agnostic unless the stage names an account: synth needs no credentials or lookups.
  const env = stage.account ? { account: stage.account, region: stage.region } : { region: stage.region };
  const removalPolicy = stage.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const name = (concern: string) => stackName(config.id, stageName, concern);
  const describe = (what: string) => `minwon365 ${config.name.en} (${stageName}): ${what}`;
  // Every stack: named for city and stage, in the stage's environment, protected from deletion when
  // the stage retains its data.
  const stackProps = (concern: string, what: string) => ({
    stackName: name(concern),
    env,
    description: describe(what),
    terminationProtection: stage.removalPolicy === 'retain',
  });

  const data = new DataStack(app, name('Data'), {
    ...stackProps('Data', 'tables, KMS key and caller-hash secret'),
    removalPolicy,
  });
  const messaging = new MessagingStack(app, name('Messaging'), {
    ...stackProps('Messaging', 'department queues and alarms'),
    departments: config.departments,
    alarmEmail: stage.alarmEmail,
    ...(stage.managersEmail !== undefined && { managersEmail: stage.managersEmail }),
    removalPolicy,
  });

  const contactCenter = new ContactCenterStack(app, name('ContactCenter'), {
    ...stackProps(
      'ContactCenter',
      'Amazon Connect instance, hours, department queues, recordings and CTR stream',
    ),
    instance: connectInstanceOf(config, stageName),
    hours: config.hours,
    timeZone: config.timezone,
    ...(synthDate !== undefined && { today: synthDate }),
    alarmTopic: messaging.alarmTopic,
    departments: config.departments,
    departmentQueueMaxContacts: config.connect.departmentQueueMaxContacts,
    recordingRetentionDays: stage.ticketRetentionDays,
    logRetentionDays: stage.logRetentionDays,
    contactTraceRecordRetentionDays: config.connect.contactTraceRecordRetentionDays,
    removalPolicy,
    entryPoints: config.entryPoints,
    stageName,
    outboundCallerId: config.connect.outboundCallerId[stageName] ?? null,
    outboundCallerIdName: `${config.name.ko} 365 민원콜센터`,
  });

  const functions = new FunctionsStack(app, name('Functions'), {
    ...stackProps('Functions', 'call-handling Lambdas and the ticket dispatcher'),
    config,
    data,
    messaging,
    contactCenter,
    stageName,
    logRetention: stage.logRetentionDays as RetentionDays,
    ticketRetentionDays: stage.ticketRetentionDays,
    removalPolicy,
  });

  const contactFlows = new ContactFlowsStack(app, name('ContactFlows'), {
    ...stackProps(
      'ContactFlows',
      'Lambda associations, counselor queue, contact flows, quick connects, numbers',
    ),
    contactCenter,
    functions: { lookup: functions.lookup, intake: functions.intake, escalation: functions.escalation },
    departments: config.departments,
    entryPoints: config.entryPoints,
    cityTexts: flowCityTexts(config),
    counselorQueueMaxContacts: config.connect.counselorQueueMaxContacts,
    logRetention: stage.logRetentionDays as RetentionDays,
    removalPolicy,
  });

  // The desk: Web first (bucket, distribution); Api then allows the web origin (CORS, Cognito
  // callback) and writes the SPA's config.json into the web bucket — one-way, no cycle.
  const web = new WebStack(app, name('Web'), {
    ...stackProps('Web', 'desk web app: private S3 bucket behind CloudFront (origin access control)'),
    cityId: config.id,
    stageName,
    removalPolicy,
  });
  const api = new ApiStack(app, name('Api'), {
    ...stackProps('Api', 'desk HTTP API, Cognito user pool and JWT authorizer'),
    config,
    stageName,
    data,
    messaging,
    web,
    contactCenter,
    logRetention: stage.logRetentionDays as RetentionDays,
    ticketRetentionDays: stage.ticketRetentionDays,
    removalPolicy,
  });

  return {
    app,
    config,
    stageName,
    stage,
    stacks: { data, messaging, functions, contactCenter, contactFlows, web, api },
  };
}

export type CfnTemplate = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  [key: string]: unknown;
};

export interface SynthResult {
  readonly config: CityConfig;
  readonly stageName: string;
  readonly assembly: CloudAssembly;
  /** stack name → template file (absolute path). */
  readonly templatePaths: Record<string, string>;
  /** stack name → CloudFormation template. */
  readonly templates: Record<string, CfnTemplate>;
  /** Unacknowledged cdk-nag findings below error level (errors make synth throw). */
  readonly policyFindings: readonly PolicyFinding[];
}

/** Synth failed because validation plugins (cdk-nag) reported unacknowledged errors. */
export class PolicyValidationError extends Error {
  constructor(readonly findings: readonly PolicyFinding[]) {
    super(
      `cdk-nag found ${findings.length} unacknowledged finding(s):\n${findings.map(formatPolicyFinding).join('\n')}`,
    );
    this.name = 'PolicyValidationError';
  }
}

/** Synthesizes a built app; a cdk-nag error becomes a PolicyValidationError listing the findings. */
export function synthesize(app: App): CloudAssembly {
  try {
    return app.synth();
  } catch (error) {
    const findings = readPolicyFindings(app.outdir);
    if (findings.length > 0) throw new PolicyValidationError(findings);
    throw error;
  }
}

/**
 * Synthesizes the app into `outdir` (a fresh temp dir by default). Throws when the config is
 * invalid or when a validation plugin (cdk-nag) reports an unacknowledged error.
 */
export async function synthApp(options: BuildAppOptions = {}): Promise<SynthResult> {
  const outdir = options.outdir ?? temporaryOutdir();
  const built = await buildApp({ ...options, outdir });
  const assembly = synthesize(built.app);
  const templatePaths: Record<string, string> = {};
  const templates: Record<string, CfnTemplate> = {};
  for (const stack of assembly.stacks) {
    templatePaths[stack.stackName] = stack.templateFullPath;
    templates[stack.stackName] = JSON.parse(readFileSync(stack.templateFullPath, 'utf8')) as CfnTemplate;
  }
  const policyFindings = readPolicyFindings(assembly.directory);
  return {
    config: built.config,
    stageName: built.stageName,
    assembly,
    templatePaths,
    templates,
    policyFindings,
  };
}

const cache = new Map<string, Promise<SynthResult>>();

/** Cached per process and per city/stage: stack name → CloudFormation template. */
export async function synthTemplates(
  options: Pick<BuildAppOptions, 'city' | 'stage'> = {},
): Promise<Record<string, CfnTemplate>> {
  return (await synthCached(options)).templates;
}

/**
 * Cached per process and per city/stage: the full synth result, without bundling Lambda code. For
 * tests and local tools (never deployed), so sample numbers are allowed.
 */
export function synthCached(options: Pick<BuildAppOptions, 'city' | 'stage'> = {}): Promise<SynthResult> {
  const city = options.city ?? DEFAULT_CITY;
  const stage = options.stage ?? DEFAULT_STAGE;
  const key = `${city}/${stage}`;
  let result = cache.get(key);
  if (!result) {
    result = synthApp({ city, stage, bundle: false, allowSampleNumbers: true });
    result.catch(() => cache.delete(key));
    cache.set(key, result);
  }
  return result;
}

/** A temp assembly directory removed when the process exits. */
function temporaryOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minwon365-synth-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The stage's Connect instance (the config validates that every stage has one). */
function connectInstanceOf(config: CityConfig, stageName: string) {
  const instance = config.connect.instance[stageName];
  if (!instance) throw new Error(`No Connect instance for stage "${stageName}" in ${config.id}`);
  return instance;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
