import type { TestProject } from 'vitest/node';
import { synthTemplates } from '#infra/build-app';
import type { CfnTemplates } from '#tools/local-aws/cfn';
import { provisionFromTemplates } from '#tools/local-aws/provision';
import type { LocalResourcesSnapshot } from '#tools/local-aws/resources';
import { type LocalAwsEndpoints, startLocalAws } from '#tools/local-aws/services';

export interface LocalAwsTimings {
  servicesMs: { dynamo: number; sqs: number; total: number };
  synthMs: number;
  provisionMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localAws: LocalAwsEndpoints;
    localResources: LocalResourcesSnapshot;
    /** The synthesized dev-stage templates (stack name → template) the locals were made from. */
    cfnTemplates: CfnTemplates;
    localAwsTimings: LocalAwsTimings;
  }
}

/**
 * Once per test project (integration, flows): starts DynamoDB Local and local SQS, synthesizes
 * the app (dev stage) meanwhile, creates its tables and queues, and provides all of it to tests
 * (read it with the helpers in test/support/local.ts). Returns the teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const synthStarted = performance.now();
  const synthesis = synthTemplates({ stage: 'dev' }).then((templates) => ({
    templates: templates as CfnTemplates,
    ms: Math.round(performance.now() - synthStarted),
  }));
  // Observed now, awaited after the services are up: a failed synth is reported, not "unhandled".
  synthesis.catch(() => undefined);
  const services = await startLocalAws();
  try {
    const { templates, ms: synthMs } = await synthesis;
    const { resources, ms: provisionMs } = await provisionFromTemplates(templates, services);
    const { dynamoEndpoint, sqsEndpoint, region, accountId, credentials, startupMs } = services;
    const endpoints = { dynamoEndpoint, sqsEndpoint, region, accountId, credentials };
    const timings: LocalAwsTimings = { servicesMs: startupMs, synthMs, provisionMs };
    project.provide('localAws', endpoints);
    project.provide('localResources', resources.toSnapshot());
    project.provide('cfnTemplates', templates);
    project.provide('localAwsTimings', timings);
    if (process.env.LOCAL_AWS_TIMINGS)
      console.info(`[local-aws] ${project.name}: ${JSON.stringify(timings)}`);
    return () => services.stop();
  } catch (error) {
    await services.stop();
    throw error;
  }
}
