/**
 * Run as its own process by test/support/e2e-global-setup.ts: starts a sandbox on the data folder
 * given as the argument (tables, queues and the sample 상담DB imported, as `npm start` does on its
 * first run) and stops it cleanly, so the folder holds a sandbox's first-run data. Its own process
 * because the sandbox sets the handlers' environment on `process.env`, which the test runner's
 * workers would inherit.
 */
import { resolve } from 'node:path';
import { startSandbox } from '#tools/sandbox/server';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: e2e-seed.ts <data folder>');
const sandbox = await startSandbox({ rootDir: resolve(import.meta.dirname, '../..'), dataDir, port: 0 });
await sandbox.stop();
