/**
 * Runs every bench/*.bench.ts (alphabetical order). Each file exports a default async function
 * that prints its own figures. `npm run bench -- kb` runs only files whose name contains "kb".
 */
import { readdirSync } from 'node:fs';

// The project targets Node 22 (nodejs22.x); silence the SDK's notice if a bench runs on an older Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dir = new URL('./', import.meta.url);
const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`no bench files match ${filters.join(', ')}`);
  process.exitCode = 1;
}
for (const file of files) {
  console.log(`\n## ${file}\n`);
  const module = (await import(new URL(file, dir).href)) as { default?: () => Promise<void> | void };
  if (typeof module.default !== 'function') throw new Error(`${file} has no default export function`);
  await module.default();
}
