/**
 * `npm run flows:lint [-- <files or directories>…]` — lints every *.json in contact-flows/ (or the
 * given paths), prints `file: action <Identifier>: [rule] message`, exits 1 on any finding.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMessage, lintFlowFile } from './lint';

const root = fileURLToPath(new URL('../..', import.meta.url));

const expand = async (path: string): Promise<string[]> => {
  if ((await stat(path)).isDirectory()) {
    const names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
    return names.map((name) => join(path, name));
  }
  return [path];
};

const main = async () => {
  const args = process.argv.slice(2);
  const targets = args.length > 0 ? args : [join(root, 'contact-flows')];
  const files = (await Promise.all(targets.map(expand))).flat();
  let findings = 0;
  for (const file of files) {
    const messages = await lintFlowFile(file, { file: relative(process.cwd(), file) });
    findings += messages.length;
    for (const message of messages) console.log(formatMessage(message));
  }
  console.log(`${files.length} flow file(s) linted, ${findings} problem(s)`);
  process.exitCode = findings > 0 ? 1 : 0;
};

await main();
