import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONNECT_FLOW_TYPES, type ConnectFlowType, isConnectFlowType } from '#infra/connect/flow-catalog';
import { createBackend } from './backend';
import { simulatorSettingsFromCity } from './city';
import { SimulationError } from './errors';
import {
  type ExportedRunResult,
  lambdaFromResponses,
  type RunExportedOptions,
  runExportedFlow,
} from './exported';
import { createSimulator } from './index';
import { formatExportedRun, formatResult, formatSummary, jsonReport } from './report';
import { loadScenarioFile, runScenario, type ScenarioResult } from './scenario';
import type { FlowFunction } from './types';

/**
 * npm run simulate -- <scenario.json>… [--json] [--verbose] [--fake | --real]
 *                     [--city cheongju] [--flows contact-flows]
 *                     [--dynamodb-endpoint URL --sqs-endpoint URL]
 *
 * Runs each scenario through the real contact flows. Functions: the real handlers with DynamoDB
 * Local and local SQS (started here unless both endpoints are given) when functions/<name>/handler.ts
 * exist, otherwise in-memory fakes (see tools/simulator/README.md). Exit code 0 only when every
 * scenario's expectations hold.
 *
 * npm run simulate -- --flow <exported.json> [--flow <other.json>…] [--type <Connect flow type>]
 *                     [--inputs "1,0,timeout"] [--lambda <arn-or-name>=<responses.json>]… [--closed]
 *                     [--from +E164|withheld] [--dialed +E164] [--at ISO] [--answer-after <s>|never]
 *                     [--json] [--verbose]
 *
 * Runs one flow as exported from any instance (tools/simulator/exported.ts): the first --flow runs,
 * the others are there to be transferred to, invoked as modules or set as hooks. Exit 0 when the
 * call reaches an end (disconnect, transfer, queue, end of flow, module return), 1 on a simulator
 * error (an unimplemented action names itself), input still requested or a transfer / module
 * reference that names no given flow, 2 on usage errors.
 */

const USAGE = [
  'usage: npm run simulate -- <scenario.json>… [--json] [--verbose] [--fake|--real] [--city <id>] [--flows <dir>] [--dynamodb-endpoint URL --sqs-endpoint URL]',
  '       npm run simulate -- --flow <exported.json> [--flow <other.json>…] [--type <Connect flow type>] [--inputs "1,0,timeout"]',
  '                           [--lambda <arn-or-name>=<responses.json>]… [--closed] [--from +E164|withheld] [--dialed +E164] [--at ISO]',
  '                           [--answer-after <seconds>|never] [--json] [--verbose]',
].join('\n');

/** A usage error: exit code 2. */
class UsageError extends Error {}

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
      flow: { type: 'string', multiple: true },
      type: { type: 'string' },
      inputs: { type: 'string' },
      lambda: { type: 'string', multiple: true },
      closed: { type: 'boolean', default: false },
      from: { type: 'string' },
      dialed: { type: 'string' },
      at: { type: 'string' },
      'answer-after': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.flow && !values.help) {
    if (positionals.length > 0) throw new UsageError('--flow runs a flow; scenario files go without it');
    return await simulateExported(values as ExportedCliValues);
  }
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

interface ExportedCliValues {
  flow: string[];
  type?: string;
  inputs?: string;
  lambda?: string[];
  closed: boolean;
  from?: string;
  dialed?: string;
  at?: string;
  'answer-after'?: string;
  json: boolean;
  verbose: boolean;
  city: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

const exportedOptions = async (values: ExportedCliValues): Promise<RunExportedOptions> => {
  if (values.type !== undefined && !isConnectFlowType(values.type))
    throw new UsageError(`--type must be one of ${CONNECT_FLOW_TYPES.join(', ')}`);
  const lambdas = new Map<string, FlowFunction>();
  for (const spec of values.lambda ?? []) {
    const at = spec.lastIndexOf('=');
    if (at <= 0 || at === spec.length - 1)
      throw new UsageError(`--lambda ${spec}: write <arn-or-name>=<file of responses>`);
    const file = spec.slice(at + 1);
    if (!existsSync(file)) throw new UsageError(`--lambda ${spec}: no file ${file}`);
    lambdas.set(spec.slice(0, at), lambdaFromResponses(file));
  }
  for (const file of values.flow) if (!existsSync(file)) throw new UsageError(`--flow ${file}: no such file`);
  const inputs = (values.inputs ?? '')
    .split(',')
    .map((i) => i.trim())
    .filter((i) => i !== '');
  for (const input of inputs) {
    if (!/^(?:timeout|say:.+|[0-9*#]+)$/.test(input))
      throw new UsageError(`--inputs: "${input}" must be DTMF keys (0-9 * #), "timeout" or "say:<words>"`);
  }
  const from = values.from === 'withheld' ? null : values.from;
  for (const [name, number] of [
    ['--from', from],
    ['--dialed', values.dialed],
  ] as const) {
    if (typeof number === 'string' && !E164.test(number))
      throw new UsageError(`${name} must be an E.164 number`);
  }
  const at = values.at === undefined ? undefined : new Date(values.at);
  if (at && Number.isNaN(at.getTime())) throw new UsageError('--at must be an ISO 8601 date and time');
  const answer = values['answer-after'];
  if (answer !== undefined && answer !== 'never' && !/^\d+$/.test(answer))
    throw new UsageError('--answer-after must be a number of seconds or "never"');
  const { loadCityConfig } = await import('#infra/config/load');
  const settings = simulatorSettingsFromCity(await loadCityConfig(values.city));
  return {
    files: values.flow,
    inputs,
    lambdas,
    closed: values.closed,
    city: settings.city,
    entryPoints: settings.entryPoints,
    ...(values.type ? { type: values.type as ConnectFlowType } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(values.dialed ? { dialed: values.dialed } : {}),
    ...(at ? { at } : {}),
    ...(answer !== undefined ? { agentAnswersAfterSeconds: answer === 'never' ? null : Number(answer) } : {}),
  };
};

const simulateExported = async (values: ExportedCliValues): Promise<number> => {
  const options = await exportedOptions(values);
  let result: ExportedRunResult;
  try {
    result = await runExportedFlow(options);
  } catch (error) {
    // The files could not be read as flows: a usage error.
    if (error instanceof SimulationError) throw new UsageError(error.message);
    throw error;
  }
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatExportedRun(result, { verbose: values.verbose }));
  return result.end && !result.error ? 0 : 1;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    )
      console.error(USAGE);
    process.exitCode = error instanceof UsageError || !(error instanceof SimulationError) ? 2 : 1;
  },
);
