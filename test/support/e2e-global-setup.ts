import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder whose `data/` is a sandbox's first-run data, once `ready` exists there (`failed`: it could not be made). */
    e2eSeed: string;
  }
}

/** The seed's markers in its folder. */
export const E2E_SEED_READY = 'ready';
export const E2E_SEED_FAILED = 'failed';

/**
 * Once for the e2e project: a sandbox's first-run data (tables, queues, the sample 상담DB's 1,008
 * entries imported), which each browser test copies into its own data folder instead of importing
 * the 상담DB again: the import is 15 of a sandbox's 24 s start on the 2-core machine, and every
 * e2e file starts a sandbox. Made in the background in a child process (test/support/e2e-seed.ts)
 * while the other projects run (the e2e files run last, one at a time); a test that finds it
 * failed starts from an empty folder as before.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'minwon365-e2e-seed-'));
  const root = resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/e2e-seed.ts', join(dir, 'data')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const done = new Promise<void>((resolveDone) => {
    child.on('error', (error) => {
      writeFileSync(join(dir, E2E_SEED_FAILED), String(error));
      resolveDone();
    });
    child.on('exit', (code) => {
      writeFileSync(join(dir, code === 0 ? E2E_SEED_READY : E2E_SEED_FAILED), code === 0 ? '' : stderr);
      resolveDone();
    });
  });
  project.provide('e2eSeed', dir);
  return async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await done;
    rmSync(dir, { recursive: true, force: true });
  };
}
