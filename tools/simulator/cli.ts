import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from './backend';
import { simulatorSettingsFromCity } from './city';
import { createSimulator } from './index';
import { formatResult, formatSummary, jsonReport } from './report';
import { loadScenarioFile, runScenario, type ScenarioResult } from './scenario';

/**
 * npm run simulate -- <scenario.json>… [--json] [--verbose] [--fake | --real]
 *                     [--city cheongju] [--flows contact-flows]
 *                     [--dynamodb-endpoint URL --sqs-endpoint URL]
 *
 * Runs each scenario through the real contact flows. Functions: the real handlers with DynamoDB
 * Local and local SQS (started here unless both endpoints are given) when functions/<name>/handler.ts
 * exist, otherwise in-memory fakes (see tools/simulator/README.md). Exit code 0 only when every
 * scenario's expectations hold.
 */

const USAGE =
  'usage: npm run simulate -- <scenario.json>… [--json] [--verbose] [--fake|--real] [--city <id>] [--flows <dir>] [--dynamodb-endpoint URL --sqs-endpoint URL]';

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      fake: { type: 'boolean', default: false },
      real: { type: 'boolean', default: false },
      city: { type: 'string', default: 'cheongju' },
      flows: { type: 'string', default: 'contact-flows' },
      'dynamodb-endpoint': { type: 'string' },
      'sqs-endpoint': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.fake && values.real) throw new Error('--fake and --real exclude each other');
  const dynamo = values['dynamodb-endpoint'];
  const sqs = values['sqs-endpoint'];
  if (Boolean(dynamo) !== Boolean(sqs))
    throw new Error('give both --dynamodb-endpoint and --sqs-endpoint, or neither');

  const rootDir = process.cwd();
  const { loadCityConfig } = await import('#infra/config/load');
  const config = await loadCityConfig(values.city);
  const settings = simulatorSettingsFromCity(config);
  const scenarios = positionals.map((file) => ({ file, scenario: loadScenarioFile(file) }));

  const backend = await createBackend({
    mode: values.fake ? 'fake' : values.real ? 'real' : 'auto',
    settings,
    rootDir,
    city: values.city,
    ...(dynamo && sqs ? { endpoints: { dynamo, sqs } } : {}),
  });
  const log = (line: string) => (values.json ? console.error(line) : console.log(line));
  for (const note of backend.notes) log(`[simulate] ${note}`);

  const results: ScenarioResult[] = [];
  try {
    for (const { file, scenario } of scenarios) {
      // A fresh simulator per scenario: flows re-read, no state shared between calls but the store.
      const simulator = createSimulator({
        flowsDir: resolve(rootDir, values.flows),
        functions: backend.functions,
        hours: settings.hours,
        entryPoints: settings.entryPoints,
        queues: settings.queues,
        city: settings.city,
        quickConnects: settings.quickConnects,
      });
      const result = await runScenario(simulator, scenario, {
        source: file,
        ...(backend.countTickets ? { countTickets: backend.countTickets } : {}),
      });
      results.push(result);
      if (!values.json) console.log(`${formatResult(result, { verbose: values.verbose })}\n`);
    }
  } finally {
    await backend.stop();
  }
  if (values.json) console.log(JSON.stringify(jsonReport(results), null, 2));
  else console.log(formatSummary(results));
  return results.every((r) => r.passed) ? 0 : 1;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
