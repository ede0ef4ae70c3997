import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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
/** The repository root: esbuild's working directory, to which the metafile's input paths are relative. */
const ROOT_DIR = dirname(WEB_DIR);

/**
 * Whether web/dist is missing or older than one of its sources: every file the last build read
 * (esbuild's metafile inputs, saved in the stamp; they include the shared modules under
 * functions/ the app imports, e.g. #domain/phone), index.html and this script.
 */
export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  let inputs: string[];
  try {
    inputs = (JSON.parse(readFileSync(STAMP, 'utf8')) as { inputs: string[] }).inputs;
  } catch {
    return true;
  }
  const built = statSync(STAMP).mtimeMs;
  const sources = [
    ...inputs.map((input) => resolve(ROOT_DIR, input)),
    join(WEB_DIR, 'index.html'),
    fileURLToPath(import.meta.url),
  ];
  return sources.some((file) => !existsSync(file) || statSync(file).mtimeMs > built);
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
  const result = await build({
    metafile: true,
    absWorkingDir: ROOT_DIR,
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
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  writeFileSync(STAMP, JSON.stringify({ builtAt: new Date().toISOString(), inputs }));
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
