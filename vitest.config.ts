import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Projects by test folder. Only the project that crosses a service boundary (integration tests and
 * simulated calls) starts DynamoDB Local and local SQS, once (test/support/global-setup.ts).
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on the 2-core CI machine, where the
    // tests wait on DynamoDB Local, synthesis and the browser as much as they compute. Two workers
    // took the suite from 703 s to 592 s there (every test passing).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Silence the AWS SDK's Node-version notice when a developer runs the tests on an older Node.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        // Synthesis in beforeAll hooks takes 10–20 s on a busy 2-core machine.
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // The files share a worker's modules, so the per-process synth cache (synthCached) is
          // built once per worker instead of once per file: 97 s → 68 s for the project. They hold
          // no module state of their own (no mocks, no environment).
          isolate: false,
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
          // A sandbox's first-run data made once, copied by each file (test/support/e2e-global-setup.ts).
          globalSetup: ['test/support/e2e-global-setup.ts'],
          // Each file starts a sandbox and a browser: one at a time on a small machine.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
