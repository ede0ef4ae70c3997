import type { ExportedRunResult } from './exported';
import type { ScenarioResult } from './scenario';
import type { LambdaCallRecord, Participant, TranscriptEntry } from './types';

/**
 * Transcripts a call-center manager can follow: what the caller heard, what they pressed, what
 * each function was asked and answered, the attributes set, and how the call ended.
 */

const ROLE_LABELS: Record<string, string> = {
  main: 'call flow',
  'customer-queue': 'while waiting in queue',
  'customer-hold': 'caller on hold',
  'agent-hold': 'counselor on hold',
  'agent-whisper': 'agent whisper: to the agent only',
  'customer-whisper': 'customer whisper: to the customer only',
  'outbound-whisper': 'outbound whisper: to the customer',
  disconnect: 'after the counselor hung up',
  transfer: 'quick connect: transfer flow on the consult leg',
};

const HEARER: Record<Participant, string> = {
  caller: 'caller',
  counselor: 'counselor',
  'third-party': 'target',
};

/** `TO caller` / `TO counselor` / `TO caller+counselor`, padded for the transcript column. */
const hearers = (heardBy: readonly Participant[]): string =>
  `TO ${heardBy.map((p) => HEARER[p]).join('+') || 'nobody'}`;

const formatMap = (map: Record<string, unknown> | null): string =>
  map
    ? Object.entries(map)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ')
    : '';

const lambdaLine = (c: LambdaCallRecord): string => {
  const head = `${c.functionName}(${formatMap(c.parameters)})`;
  switch (c.status) {
    case 'ok':
      return `${head} → ${formatMap(c.result)}`;
    case 'timeout':
      return `${head} → TIMEOUT (${c.error}) → error branch`;
    case 'error':
      return `${head} → THREW "${c.error}" → error branch`;
    default:
      return `${head} → INVALID RESPONSE (${c.error}) → error branch`;
  }
};

export const formatResult = (result: ScenarioResult, options: { verbose?: boolean } = {}): string => {
  const lines: string[] = [];
  const status = result.passed ? 'PASS' : 'FAIL';
  lines.push(`━━ ${status} ${result.name}${result.source ? `  (${result.source})` : ''}`);
  lines.push(
    `   call: dialed ${result.call.dialed}, from ${result.call.from ?? 'withheld number'}, at ${result.call.at}`,
  );
  if (result.givenTickets.length > 0) lines.push(`   given tickets: ${result.givenTickets.join(', ')}`);
  lines.push(...formatTranscript(result.transcript, options));
  lines.push(`   attributes: ${formatMap(result.attributes) || '(none)'}`);
  if (result.ticketsCreated !== null) lines.push(`   tickets created by the call: ${result.ticketsCreated}`);
  for (const failure of result.failures) lines.push(`   ✗ ${failure}`);
  return lines.join('\n');
};

const inputLine = (value: string): string =>
  value === 'timeout'
    ? '(says nothing — timeout)'
    : /^[0-9*#]+$/.test(value)
      ? `presses ${value}`
      : `says "${value.replace(/^say:/, '')}"`;

/** The transcript of a call, one line per entry (flows, prompts and who heard them, inputs …). */
export const formatTranscript = (
  transcript: readonly TranscriptEntry[],
  options: { verbose?: boolean } = {},
): string[] => {
  const lines: string[] = [];
  for (const entry of transcript) {
    switch (entry.kind) {
      case 'flow':
        lines.push(`   ── ${entry.flow} (${ROLE_LABELS[entry.role] ?? entry.role})`);
        break;
      case 'prompt':
        lines.push(`   SAYS ${hearers(entry.heardBy)}: ${entry.text}`);
        break;
      case 'input':
        lines.push(`   CALLER   ${inputLine(entry.value)}`);
        break;
      case 'lambda':
        lines.push(`   LAMBDA   ${lambdaLine(entry.call)}`);
        break;
      case 'attributes':
        lines.push(`   SET      ${formatMap(entry.set)}`);
        break;
      case 'violation':
        lines.push(`   VIOLATION ${entry.flow}/${entry.action}: ${entry.text}`);
        break;
      case 'event':
        if (
          options.verbose ||
          entry.flow === 'system' ||
          /hours|queued|transfer|callback|conference|hold|UNRESOLVED|stubbed|simulated/.test(entry.text)
        ) {
          lines.push(
            `   ·        ${entry.text}${options.verbose && entry.action !== '-' ? `  [${entry.action}]` : ''}`,
          );
        }
        break;
      case 'end':
        lines.push(
          `   END      ${entry.end.outcome}${entry.end.queue ? ` in ${entry.end.queue}` : ''}${
            entry.end.transferredTo ? ` to ${entry.end.transferredTo}` : ''
          }${entry.end.callback ? ' (queued callback)' : ''} — ${entry.end.reason}`,
        );
        break;
    }
  }
  return lines;
};

export const formatSummary = (results: readonly ScenarioResult[]): string => {
  const failed = results.filter((r) => !r.passed);
  const lines = [`${results.length - failed.length} of ${results.length} scenario(s) passed`];
  for (const r of failed)
    lines.push(`  FAIL ${r.name}${r.source ? ` (${r.source})` : ''}: ${r.failures[0] ?? ''}`);
  return lines.join('\n');
};

/** Machine-readable report (`--json`). */
export const jsonReport = (results: readonly ScenarioResult[]) => ({
  passed: results.every((r) => r.passed),
  total: results.length,
  failed: results.filter((r) => !r.passed).length,
  scenarios: results.map((r) => ({
    name: r.name,
    source: r.source,
    passed: r.passed,
    failures: r.failures,
    end: r.end,
    attributes: r.attributes,
    agentWhisper: r.agentWhisper,
    heard: r.heard,
    ticketsCreated: r.ticketsCreated,
    inputsUsed: r.inputsUsed,
    call: r.call,
    transcript: r.transcript,
  })),
});

const TYPE_SOURCES: Record<ExportedRunResult['typeSource'], string> = {
  option: '--type',
  Type: 'the Type of the file',
  'Metadata.type': 'Metadata.type of the export',
  catalog: 'the minwon365 flow catalog',
  module: 'a flow module: runs in the type of the flow that invokes it',
  default: 'no type in the file: give --type',
};

/** One flow run with --flow: transcript, end, and every reference resolved to a stand-in (or not). */
export const formatExportedRun = (result: ExportedRunResult, options: { verbose?: boolean } = {}): string => {
  const lines = [
    `━━ ${result.flow}  (${result.file})`,
    `   runs as ${result.type} (${TYPE_SOURCES[result.typeSource]})`,
    ...formatTranscript(result.transcript, options),
  ];
  if (result.timeoutsAdded > 0)
    lines.push(`   (${result.timeoutsAdded} input request(s) after the given inputs answered "timeout")`);
  if (result.error) lines.push(`   ERROR    ${result.error}`);
  lines.push(`   attributes: ${formatMap(result.attributes) || '(none)'}`);
  if (result.unresolved.length > 0) {
    lines.push('   references the simulator stood in for, or could not resolve:');
    for (const u of result.unresolved)
      lines.push(
        `     ${u.resolution === 'missing' ? 'UNRESOLVED' : u.resolution.padEnd(10)} ${u.kind} ${u.ref}${
          u.flow ? ` (${u.flow}/${u.action ?? '?'})` : ''
        }: ${u.note}`,
      );
  }
  return lines.join('\n');
};
