import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CelEngine, type Severity, TemplateFile } from '@aws/cloudformation-validate';

/** An unacknowledged finding of a policy-validation plugin (cdk-nag) in the cloud assembly's report. */
export interface PolicyFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPaths: readonly string[];
}

interface ValidationReportJson {
  pluginReports?: {
    pluginName: string;
    violations?: {
      ruleName: string;
      description: string;
      severity?: string;
      violatingConstructs?: { constructPath?: string }[];
    }[];
  }[];
}

/** Reads `validation-report.json` from an assembly directory (absent means no findings). */
export function readPolicyFindings(assemblyDir: string): PolicyFinding[] {
  const file = join(assemblyDir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as ValidationReportJson;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((v) => ({
      plugin: plugin.pluginName,
      rule: v.ruleName,
      severity: v.severity ?? 'error',
      description: v.description,
      constructPaths: (v.violatingConstructs ?? []).flatMap((c) =>
        c.constructPath ? [c.constructPath] : [],
      ),
    })),
  );
}

export const formatPolicyFinding = (f: PolicyFinding): string =>
  `${f.severity.toUpperCase()} ${f.rule}: ${f.description}\n    ${f.constructPaths.join('\n    ')}`;

export interface TemplateDiagnostic {
  readonly severity: Severity;
  readonly ruleId: string;
  readonly logicalId?: string;
  readonly message: string;
}

export interface TemplateValidation {
  readonly stackName: string;
  readonly status: string;
  readonly diagnostics: readonly TemplateDiagnostic[];
  /** FATAL and ERROR diagnostics: a deployable template has none. */
  readonly errors: readonly TemplateDiagnostic[];
}

/**
 * Validates template files offline with @aws/cloudformation-validate (schema + lint rules).
 * The engine takes a few seconds to start, so validate all stacks in one call.
 */
export function validateTemplateFiles(
  templatePaths: Record<string, string>,
  region: string,
): TemplateValidation[] {
  const engine = new CelEngine();
  try {
    return Object.entries(templatePaths).map(([stackName, path]) => {
      const report = engine.validateStandard(new TemplateFile(path), {
        severityLevel: 'WARN',
        pseudoParameterOverrides: { region },
      });
      const diagnostics = report.diagnostics.map((d) => ({
        severity: d.severity,
        ruleId: d.ruleId,
        logicalId: d.entity?.logicalId,
        message: d.message,
      }));
      const errors = diagnostics.filter((d) => d.severity === 'FATAL' || d.severity === 'ERROR');
      return { stackName, status: report.status, diagnostics, errors };
    });
  } finally {
    engine.free();
  }
}
