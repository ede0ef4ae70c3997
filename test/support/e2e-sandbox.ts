import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEFAULT_PORT, type Sandbox, SandboxStartError, startSandbox } from '#tools/sandbox/server';

/**
 * The browser tests' harness (test/e2e): a sandbox (tools/sandbox) with its own data folder and
 * Debian's Chromium driven by playwright-core, started before a file's tests and stopped after.
 * E2E_SANDBOX_URL drives an already running sandbox instead (while developing).
 */

export const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface SandboxBrowser {
  readonly url: string;
  newPage(path: string): Promise<Page>;
}

/** Registers beforeAll/afterAll starting the sandbox and Chromium; use the result inside tests. */
export function useSandboxBrowser(prefix = 'minwon365-e2e-'): SandboxBrowser {
  let sandbox: Pick<Sandbox, 'url' | 'stop'> | undefined;
  let browser: Browser | undefined;
  let dataDir = '';

  const startOnFreePort = async (): Promise<Pick<Sandbox, 'url' | 'stop'>> => {
    const external = process.env.E2E_SANDBOX_URL;
    if (external) return { url: external.replace(/\/$/, ''), stop: async () => undefined };
    try {
      return await startSandbox({ rootDir: ROOT, dataDir, port: DEFAULT_PORT });
    } catch (error) {
      if (!(error instanceof SandboxStartError) || !/already in use/.test(error.message)) throw error;
      return startSandbox({ rootDir: ROOT, dataDir, port: 0 });
    }
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: the browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it).`,
      );
    }
    dataDir = mkdtempSync(join(tmpdir(), prefix));
    sandbox = await startOnFreePort();
    // launch() gives Chromium a fresh, temporary profile (its own --user-data-dir).
    browser = await chromium.launch({
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
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get url() {
      if (!sandbox) throw new Error('the sandbox is not started');
      return sandbox.url;
    },
    async newPage(path) {
      if (!browser || !sandbox) throw new Error('the sandbox is not started');
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ko-KR' });
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      await page.goto(`${sandbox.url}${path}`);
      return page;
    },
  };
}

/** Polls until the assertion holds; generous, since the first calls warm up the handlers. */
export const eventually = <T>(read: () => Promise<T> | T, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 100 });

/** The sandbox's dev login: a role, and for department staff the department. */
export async function login(page: Page, role: 'counselor' | 'department' | 'admin', department?: string) {
  await page.getByTestId(`role-${role}`).check();
  if (department) await page.getByTestId('login-department').selectOption(department);
  await page.getByTestId('login-submit').click();
}
