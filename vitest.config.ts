import { defineConfig } from 'vitest/config';

/**
 * Projects by test folder. Only the project that crosses a service boundary (integration tests and
 * simulated calls) starts DynamoDB Local and local SQS, once (test/support/global-setup.ts).
 */
export default defineConfig({
  test: {
    // Silence the AWS SDK's Node-version notice when a developer runs the tests on an older Node.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        // Synthesizing the app in beforeAll takes longer than the default 10 s hook limit on a busy machine.
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Integration tests and simulated calls share one DynamoDB Local and one local SQS.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/flows/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Fails a file whose log output holds a raw phone number (test/support/log-guard.ts).
          setupFiles: ['test/support/log-guard-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The browser test: starts its own sandbox (DynamoDB Local, local SQS) and drives Chromium.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Each file starts a sandbox and a browser: one at a time on a small machine.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
