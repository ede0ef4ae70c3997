import { GAZETTE_CONFIRMED_TILL } from '#domain/holidays';
import { generateHoursOverrides, localDate } from '#domain/holidays-schedule';
import type { SynthResult } from '#infra/build-app';
import type { CityConfig, Provisioning } from '#infra/config/schema';
import type { TemplateValidation } from '#infra/validation';
import { formatPolicyFinding } from '#infra/validation';

/** A readable, plain-text summary of a synthesized and validated app (used by `npm start`). */
export function formatSummary(result: SynthResult, validations: readonly TemplateValidation[]): string {
  const { config, stageName } = result;
  const stage = config.stages[stageName];
  const lines: string[] = [];
  lines.push(
    `minwon365 — ${config.name.ko} (${config.name.en}), stage ${stageName}, region ${stage?.region}`,
  );
  lines.push('', 'Stacks');
  for (const [name, template] of Object.entries(result.templates)) {
    const counts = new Map<string, number>();
    for (const resource of Object.values(template.Resources ?? {})) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    lines.push(`  ${name}  (${total} resources)`);
    for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`      ${String(count).padStart(3)}  ${type}`);
    }
  }
  lines.push('', 'Entry points');
  for (const e of config.entryPoints) {
    const provisioning = e.provisioning[stageName];
    const sample = e.sample ? '  (sample number)' : '';
    lines.push(
      `  ${e.id.padEnd(10)} ${e.displayNumber.padEnd(13)} ${e.number.padEnd(14)} ${describeProvisioning(provisioning)}  ${e.nameKo}${sample}`,
    );
  }
  lines.push('', 'Departments');
  for (const d of config.departments) {
    const transfer = d.transfer.type === 'queue' ? `queue dept-${d.id}` : `phone ${d.transfer.number}`;
    lines.push(
      `  ${d.id.padEnd(15)} ${transfer.padEnd(26)} SLA ${String(d.slaHours).padStart(3)}h  ${d.nameKo}: ${d.categories.join(', ')}`,
    );
  }
  lines.push('', describeHours(config));
  lines.push('', 'Validation');
  lines.push(
    result.policyFindings.length === 0
      ? '  cdk-nag AwsSolutions: no unacknowledged findings'
      : `  cdk-nag AwsSolutions: ${result.policyFindings.length} finding(s)\n  ${result.policyFindings.map(formatPolicyFinding).join('\n  ')}`,
  );
  for (const v of validations) {
    const warnings = v.diagnostics.length - v.errors.length;
    const verdict = v.errors.length === 0 && v.status === 'OK' ? 'OK' : `FAILED (status ${v.status})`;
    lines.push(
      `  cloudformation-validate ${v.stackName}: ${verdict}, ${v.errors.length} error(s), ${warnings} warning(s)`,
    );
    for (const d of v.errors)
      lines.push(`      ${d.severity} ${d.ruleId} ${d.logicalId ?? ''}: ${d.message}`);
  }
  return lines.join('\n');
}

function describeProvisioning(p: Provisioning | undefined): string {
  if (!p) return 'not provisioned';
  if (p.type === 'existing') return p.sample ? 'existing (sample ARN)' : 'existing';
  if (p.type === 'claim') return `claim ${p.countryCode} ${p.numberType}${p.prefix ? ` ${p.prefix}` : ''}`;
  return 'simulator only';
}

function describeHours(config: CityConfig): string {
  const weekly = Object.entries(config.hours.weekly)
    .map(([day, range]) => `${day.slice(0, 3)} ${range.start}–${range.end}`)
    .join(', ');
  const { window, days, firstProvisionalDate } = generateHoursOverrides(config.hours, {
    today: localDate(new Date(), config.timezone),
  });
  const manual = days.filter((d) => d.source === 'manual').length;
  const provisional = firstProvisionalDate ? `, computed (provisional) from ${firstProvisionalDate}` : '';
  return (
    `Hours (${config.timezone}): ${weekly}\n  ${days.length - manual} public-holiday and ${manual} city overrides, ` +
    `${window.from} to ${window.till} (gazette until ${GAZETTE_CONFIRMED_TILL}${provisional})`
  );
}
