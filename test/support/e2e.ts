import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEFAULT_PORT, type Sandbox, SandboxStartError, startSandbox } from '#tools/sandbox/server';

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
