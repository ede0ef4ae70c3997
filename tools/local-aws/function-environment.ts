import { BUILD_CONSTANTS_METADATA } from '#infra/constructs/project-function';
import { type CfnTemplates, cdkPath, isRecord, normalizeId, withoutCdkHash } from '#tools/local-aws/cfn';
import { type LocalResources, UnresolvedReferenceError } from '#tools/local-aws/resources';

export interface FunctionEnvironment {
  stackName: string;
  logicalId: string;
  /** Variables whose values resolved to local values (table names, queue URLs, literals …). */
  variables: Record<string, string>;
  /** Variables with no local counterpart (e.g. a Secrets Manager ARN); the caller supplies them. */
  unresolved: string[];
}

/**
 * The environment a Lambda function gets from its template, resolved to the local resources, so
 * the sandbox and the simulator run handlers with exactly the deployed wiring.
 * `match` is a logical id (with or without CDK's hash), a construct id such as `Intake`, or a
 * RegExp tested against the logical id and the `aws:cdk:path`.
 */
export function resolveFunctionEnvironment(
  templates: CfnTemplates,
  resources: LocalResources,
  match: string | RegExp,
): FunctionEnvironment {
  const candidates = Object.entries(templates).flatMap(([stackName, template]) =>
    Object.entries(template.Resources ?? {})
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .filter(([logicalId, resource]) => matches(match, logicalId, cdkPath(resource)))
      .map(([logicalId, resource]) => ({ stackName, logicalId, resource })),
  );
  const [found, ...others] = candidates;
  if (!found) throw new Error(`No AWS::Lambda::Function matches ${String(match)}`);
  if (others.length > 0) {
    throw new Error(
      `Several functions match ${String(match)}: ${candidates.map((c) => c.logicalId).join(', ')}`,
    );
  }
  // Build constants (compiled into the bundle in AWS; ProjectFunction records them in Metadata).
  const metadata = found.resource.Metadata;
  const constants = isRecord(metadata) ? metadata[BUILD_CONSTANTS_METADATA] : undefined;
  const environment = found.resource.Properties?.Environment;
  const declared = isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
  const variables: Record<string, string> = {};
  if (isRecord(constants)) {
    for (const [name, value] of Object.entries(constants))
      if (typeof value === 'string') variables[name] = value;
  }
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(declared)) {
    try {
      variables[name] = resources.resolveRef(found.stackName, value);
    } catch (error) {
      if (!(error instanceof UnresolvedReferenceError)) throw error;
      unresolved.push(name);
    }
  }
  return { stackName: found.stackName, logicalId: found.logicalId, variables, unresolved };
}

function matches(match: string | RegExp, logicalId: string, path: string | undefined): boolean {
  if (match instanceof RegExp) return match.test(logicalId) || (path !== undefined && match.test(path));
  if (logicalId === match) return true;
  const wanted = normalizeId(match);
  const base = normalizeId(withoutCdkHash(logicalId));
  return (
    base === wanted ||
    base === `${wanted}function` ||
    (path?.split('/').some((segment) => normalizeId(segment) === wanted) ?? false)
  );
}
