/**
 * CDK entry point (cdk.json): `npx cdk synth|deploy -c city=<name> -c stage=<name>`.
 * Defaults: city `cheongju`, stage `dev`. Config and cdk-nag errors print without a stack trace.
 */
import { buildApp, synthesize } from '#infra/build-app';

try {
  const { app } = await buildApp();
  synthesize(app);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
