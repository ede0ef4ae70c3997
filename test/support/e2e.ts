import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { DEFAULT_PORT, type Sandbox, SandboxStartError, startSandbox } from '#tools/sandbox/server';
import { E2E_SEED_FAILED, E2E_SEED_READY } from './e2e-global-setup';

/**
 * The browser tests' harness (test/e2e/*): a sandbox with its own data folder (or an already
 * running one from E2E_SANDBOX_URL) and Debian's Chromium driven by playwright-core.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = resolve(import.meta.dirname, '../..');

export interface E2eHarness {
  sandbox: Pick<Sandbox, 'url' | 'stop'> & { runtime?: Sandbox['runtime'] };
  browser: Browser;
  newPage(path: string, options?: BrowserContextOptions): Promise<Page>;
  stop(): Promise<void>;
}

export async function startE2e(): Promise<E2eHarness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it).`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'minwon365-e2e-'));
  await copySeed(dataDir);
  const external = process.env.E2E_SANDBOX_URL;
  let sandbox: E2eHarness['sandbox'];
  if (external) sandbox = { url: external.replace(/\/$/, ''), stop: async () => undefined };
  else {
    try {
      sandbox = await startSandbox({ rootDir: ROOT, dataDir, port: DEFAULT_PORT });
    } catch (error) {
      if (!(error instanceof SandboxStartError) || !/already in use/.test(error.message)) throw error;
      sandbox = await startSandbox({ rootDir: ROOT, dataDir, port: 0 });
    }
  }
  // launch() gives Chromium a fresh, temporary profile (its own --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    sandbox,
    browser,
    async newPage(path, options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1400, height: 900 },
        locale: 'ko-KR',
        ...options,
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      await page.goto(`${sandbox.url}${path}`);
      return page;
    },
    async stop() {
      await browser.close();
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How long a test waits for the seed still being made before it starts from an empty folder. */
const SEED_WAIT_MS = 120_000;

/**
 * Copies the first-run data made by test/support/e2e-global-setup.ts into `dataDir`, so the
 * sandbox finds its tables and the sample 상담DB (as `npm start` does on a second run) instead of
 * importing it again. Without the seed (failed, or still not made) the folder stays empty and the
 * sandbox makes everything itself, as before.
 */
async function copySeed(dataDir: string): Promise<void> {
  const seed = inject('e2eSeed');
  if (!seed) return;
  const deadline = Date.now() + SEED_WAIT_MS;
  while (!existsSync(join(seed, E2E_SEED_READY))) {
    if (existsSync(join(seed, E2E_SEED_FAILED))) {
      console.warn(
        `e2e seed failed, starting from an empty folder:\n${readFileSync(join(seed, E2E_SEED_FAILED), 'utf8')}`,
      );
      return;
    }
    if (Date.now() > deadline) {
      console.warn('e2e seed not ready, starting from an empty folder');
      return;
    }
    await sleep(250);
  }
  cpSync(join(seed, 'data'), dataDir, { recursive: true });
}

/** Polls until the assertion holds; generous, since the first calls warm up the handlers. */
export const eventually = <T>(read: () => Promise<T> | T, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 100 });

export async function login(page: Page, role: 'counselor' | 'department' | 'admin', department?: string) {
  await page.getByTestId(`role-${role}`).check();
  if (department) await page.getByTestId('login-department').selectOption(department);
  await page.getByTestId('login-submit').click();
}

/** The sandbox's dev-login bearer token (docs/contracts.md). */
export const devToken = (username: string, groups: string[]): string =>
  `Bearer dev.${Buffer.from(JSON.stringify({ sub: username, username, groups })).toString('base64url')}`;
