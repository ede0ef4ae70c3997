import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ProjectFunctionProps {
  /** Folder under `functions/` holding `handler.ts`, e.g. `lookup`. */
  readonly name: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Build-time constants: each `process.env.NAME` expression in the bundle is replaced with the
   * value as a string literal (esbuild `define`, NodejsFunction `bundling.define`,
   * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.BundlingOptions.html).
   * For values too large for Lambda's 4 KB of environment variables
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html): they live in the
   * code package, not in the function's configuration. Only the literal expression
   * `process.env.NAME` is replaced (not `env.NAME` after `const env = process.env`).
   */
  readonly buildConstants?: Readonly<Record<string, string>>;
  /**
   * Default 30 s (stream consumers, the desk API say their own). Functions that contact flows
   * invoke get their flows' limit instead (FunctionsStack, from contact-flows/*.json).
   */
  readonly timeout?: Duration;
  /** Default 1024 MB (more memory is more CPU: faster cold starts for flow-facing functions). */
  readonly memorySize?: number;
  /** From the stage. */
  readonly logRetention: RetentionDays;
  /** From the stage: log groups are retained with the data in production. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Where a function's build constants are recorded in its template (resource `Metadata`), so the
 * local runners (sandbox, day simulation, integration tests: tools/local-aws/function-environment.ts)
 * give the handlers the same values the bundle has compiled in.
 */
export const BUILD_CONSTANTS_METADATA = 'minwon365:buildConstants';

/** esbuild `define` entries: `process.env.NAME` → the value as a JavaScript string literal. */
export const buildDefines = (constants: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(constants).map(([name, value]) => [`process.env.${name}`, JSON.stringify(value)]),
  );

/**
 * The one Lambda function construct of the project: Node.js 22 on ARM64, active tracing, a log
 * group with the stage's retention, a minified ESM bundle with its source map beside it, and
 * Powertools' service name. Stacks say only what differs: name, environment, timeout, memory.
 *
 * Source maps: the bundle is deployed with `index.mjs.map` (for decoding a stack trace after the
 * fact: `npx source-map-cli` or any source-map tool on the downloaded package), but
 * `--enable-source-maps` is not set: Node would then load and parse the map on every cold start
 * and remap every stack trace on the hot path (bench/first-call.bench.ts measures the cold start;
 * https://nodejs.org/api/cli.html#--enable-source-maps).
 */
export class ProjectFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'minwon365',
        POWERTOOLS_METRICS_NAMESPACE: 'Minwon365',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); give the ESM bundle one.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // The AWS SDK is bundled with the function, not taken from the runtime, so the deployed
        // code runs the versions the tests ran.
        externalModules: [],
        define: buildDefines(props.buildConstants ?? {}),
      },
    });

    if (props.buildConstants !== undefined && Object.keys(props.buildConstants).length > 0) {
      (this.function.node.defaultChild as CfnFunction).addMetadata(BUILD_CONSTANTS_METADATA, {
        ...props.buildConstants,
      });
    }

    const role = this.function.role;
    if (role) {
      Validations.of(role).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'AWSLambdaBasicExecutionRole only allows writing to CloudWatch Logs.',
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and DynamoDB ListStreams (stream ' +
            'event sources) support no resource-level permissions.',
        },
      );
    }
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `The customer fixed the runtime to nodejs22.x (${Stack.of(this).stackName}).`,
    });
  }
}
