import type { ScenarioResult } from './scenario';
import type { LambdaCallRecord, Participant } from './types';

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
  for (const entry of result.transcript) {
    switch (entry.kind) {
      case 'flow':
        lines.push(`   ── ${entry.flow} (${ROLE_LABELS[entry.role] ?? entry.role})`);
        break;
      case 'prompt':
        lines.push(`   SAYS ${hearers(entry.heardBy)}: ${entry.text}`);
        break;
      case 'input':
        lines.push(
          `   CALLER   ${entry.value === 'timeout' ? '(says nothing — timeout)' : `presses ${entry.value}`}`,
        );
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
          /hours|queued|transfer|callback|conference|hold/.test(entry.text)
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
  lines.push(`   attributes: ${formatMap(result.attributes) || '(none)'}`);
  if (result.ticketsCreated !== null) lines.push(`   tickets created by the call: ${result.ticketsCreated}`);
  for (const failure of result.failures) lines.push(`   ✗ ${failure}`);
  return lines.join('\n');
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
