import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds the web app (Preact + esbuild): web/src/main.tsx → web/dist/app.js and app.css, plus
 * web/index.html. One bundle, no CDN. The same build is served by the sandbox and, deployed, by
 * the web stack. `npm run build:web`; the sandbox calls buildWebIfStale() at start.
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

export async function buildWeb(options: { minify?: boolean } = {}): Promise<{ ms: number }> {
  const started = performance.now();
  rmSync(DIST_DIR, { recursive: true, force: true });
  mkdirSync(DIST_DIR, { recursive: true });
  await build({
    entryPoints: { app: join(WEB_DIR, 'src', 'main.tsx') },
    outdir: DIST_DIR,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'none',
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
