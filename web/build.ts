import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * Builds the web app (Preact + esbuild): web/src/main.tsx → web/dist/app.js and app.css, plus
 * web/index.html. No CDN. ESM with code splitting: the Amazon Connect SDK (contact source of the
 * agent workspace) is a lazily imported chunk under dist/chunks/, fetched only inside an iframe.
 * The same build is served by the sandbox and, deployed, by the web stack. `npm run build:web`;
 * the sandbox calls buildWebIfStale() at start.
 */

export const WEB_DIR = dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = join(WEB_DIR, 'dist');
const STAMP = join(DIST_DIR, '.build-stamp');

const newestSource = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
};

/** Whether web/dist is missing or older than a source file (web/src, index.html, this script). */
export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const sources = Math.max(
    newestSource(join(WEB_DIR, 'src')),
    statSync(join(WEB_DIR, 'index.html')).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  return sources > built;
}

/**
 * `@amazon-connect/app` and `@amazon-connect/contact` pin different patch versions of
 * `@amazon-connect/core`, so npm installs two copies. Bundle one — the copy the contact package
 * resolves (the newer) — for both: half the SDK chunk's core code, and one module-level provider.
 */
const singleConnectCore: Plugin = {
  name: 'single-amazon-connect-core',
  setup(pluginBuild) {
    let corePath: string | null | undefined;
    pluginBuild.onResolve({ filter: /^@amazon-connect\/core$/ }, () => {
      if (corePath === undefined) {
        try {
          const contact = createRequire(import.meta.url).resolve('@amazon-connect/contact/package.json');
          const fromContact = createRequire(contact);
          corePath = join(
            dirname(fromContact.resolve('@amazon-connect/core/package.json')),
            'lib-esm',
            'index.js',
          );
          if (!existsSync(corePath)) corePath = null;
        } catch {
          corePath = null;
        }
      }
      return corePath ? { path: corePath } : undefined;
    });
  },
};

export async function buildWeb(options: { minify?: boolean } = {}): Promise<{ ms: number }> {
  const started = performance.now();
  rmSync(DIST_DIR, { recursive: true, force: true });
  mkdirSync(DIST_DIR, { recursive: true });
  await build({
    entryPoints: { app: join(WEB_DIR, 'src', 'main.tsx') },
    outdir: DIST_DIR,
    bundle: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [singleConnectCore],
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'none',
    // Korean strings as UTF-8 (3 bytes) rather than \uXXXX escapes (6); module scripts are always UTF-8.
    charset: 'utf8',
    logLevel: 'warning',
    tsconfig: join(WEB_DIR, 'tsconfig.json'),
  });
  copyFileSync(join(WEB_DIR, 'index.html'), join(DIST_DIR, 'index.html'));
  writeFileSync(STAMP, new Date().toISOString());
  return { ms: Math.round(performance.now() - started) };
}

export async function buildWebIfStale(): Promise<{ built: boolean; ms: number }> {
  if (!webBuildIsStale()) return { built: false, ms: 0 };
  return { built: true, ...(await buildWeb()) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWeb().then(
    ({ ms }) => console.log(`web app built to ${DIST_DIR} in ${ms} ms`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
