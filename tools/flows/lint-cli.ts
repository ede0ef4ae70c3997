/**
 * `npm run flows:lint [-- [--profile connect|project] [--type <Connect flow type>] <files or directories>…]`
 * — lints every *.json in contact-flows/ (or the given paths: flows as exported from any instance
 * too), prints `file: action <Identifier>: [rule] message`, exits 1 on any finding, 2 on a usage
 * error. Profiles: `connect` — only what Connect rejects or documents as required (the same action
 * catalog as the simulator); `project` (default) — also minwon365's rules (Korean prompts, our
 * Lambda functions and placeholders, explicit error branches …). `--type` sets the flow type of
 * files whose name and content do not say it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONNECT_FLOW_TYPES, isConnectFlowType } from '#infra/connect/flow-catalog';
import { formatMessage, lintFlowFile } from './lint';

const root = fileURLToPath(new URL('../..', import.meta.url));

const expand = async (path: string): Promise<string[]> => {
  if ((await stat(path)).isDirectory()) {
    const names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
    return names.map((name) => join(path, name));
  }
  return [path];
};

const USAGE =
  'usage: npm run flows:lint -- [--profile connect|project] [--type <Connect flow type>] [<files or directories>…]';

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { profile: { type: 'string', default: 'project' }, type: { type: 'string' } },
  });
  const profile = values.profile;
  if (profile !== 'connect' && profile !== 'project') {
    console.error(`--profile must be connect or project\n${USAGE}`);
    return 2;
  }
  if (values.type !== undefined && !isConnectFlowType(values.type)) {
    console.error(`--type must be one of ${CONNECT_FLOW_TYPES.join(', ')}\n${USAGE}`);
    return 2;
  }
  const flowType = values.type;
  const targets = positionals.length > 0 ? positionals : [join(root, 'contact-flows')];
  const files = (await Promise.all(targets.map(expand))).flat();
  let findings = 0;
  for (const file of files) {
    const messages = await lintFlowFile(file, {
      file: relative(process.cwd(), file),
      profile,
      ...(flowType ? { flowType } : {}),
    });
    findings += messages.length;
    for (const message of messages) console.log(formatMessage(message));
  }
  console.log(`${files.length} flow file(s) linted (${profile} profile), ${findings} problem(s)`);
  return findings > 0 ? 1 : 0;
};

process.exitCode = await main().catch((error: unknown) => {
  console.error(`flows:lint: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  return 2;
});
