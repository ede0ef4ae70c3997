import { isRecord } from '#tools/local-aws/cfn';

interface ResourceBase {
  stackName: string;
  logicalId: string;
  /** `aws:cdk:path` metadata when the synthesizer kept it. */
  cdkPath?: string;
  /** Whether provisioning created it (false: it already existed in a persisted DynamoDB). */
  created: boolean;
}

export interface LocalTable extends ResourceBase {
  type: 'table';
  tableName: string;
  tableArn: string;
  streamArn?: string;
}

export interface LocalQueue extends ResourceBase {
  type: 'queue';
  queueName: string;
  queueUrl: string;
  queueArn: string;
  /** Key (`stack/logicalId`) of the queue its redrive policy sends to. */
  deadLetterQueueKey?: string;
  maxReceiveCount?: number;
  /** Tags from the template (e.g. a department id), kept for lookups. */
  tags: Record<string, string>;
}

export type LocalResource = LocalTable | LocalQueue;

/** Plain data, safe to pass through vitest's `provide`/`inject` or to write as JSON. */
export interface LocalResourcesSnapshot {
  region: string;
  accountId: string;
  /** Keyed by `stackName/logicalId`. */
  resources: Record<string, LocalResource>;
  /** Cross-stack exports (`Export.Name`) that resolved to local values. */
  exports: Record<string, string>;
}

export class UnresolvedReferenceError extends Error {
  override name = 'UnresolvedReferenceError';
}

const PSEUDO_PARAMETERS = [
  'AWS::Region',
  'AWS::AccountId',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
];

/**
 * The local stand-ins for a template's tables and queues, with a resolver that turns the
 * template's intrinsic functions into their local values.
 */
export class LocalResources {
  readonly region: string;
  readonly accountId: string;
  readonly resources: Record<string, LocalResource>;
  protected readonly exports: Record<string, string>;

  constructor(snapshot: LocalResourcesSnapshot) {
    this.region = snapshot.region;
    this.accountId = snapshot.accountId;
    this.resources = snapshot.resources;
    this.exports = snapshot.exports;
  }

  toSnapshot(): LocalResourcesSnapshot {
    return {
      region: this.region,
      accountId: this.accountId,
      resources: this.resources,
      exports: this.exports,
    };
  }

  list(): LocalResource[] {
    return Object.values(this.resources);
  }

  tables(): LocalTable[] {
    return this.list().filter((resource): resource is LocalTable => resource.type === 'table');
  }

  queues(): LocalQueue[] {
    return this.list().filter((resource): resource is LocalQueue => resource.type === 'queue');
  }

  /** By `stackName/logicalId`, or by logical id alone when only one stack has it. */
  get(key: string): LocalResource {
    const exact = this.resources[key];
    if (exact) return exact;
    const matches = this.list().filter((resource) => resource.logicalId === key);
    if (matches.length === 1 && matches[0]) return matches[0];
    throw new Error(
      matches.length > 1
        ? `Logical id ${key} exists in several stacks; use stackName/logicalId`
        : `No local resource ${key}`,
    );
  }

  find(stackName: string, logicalId: string): LocalResource | undefined {
    return this.resources[`${stackName}/${logicalId}`];
  }

  /** An export's local value; undefined when unknown (yet). */
  importValue(exportName: string): string | undefined {
    return this.exports[exportName];
  }

  /**
   * Resolves a template value of `stackName` to a local string: literals, `Ref`, `Fn::GetAtt`,
   * `Fn::ImportValue`, `Fn::Join`, `Fn::Sub`, `Fn::Select` and the pseudo parameters.
   * Throws UnresolvedReferenceError for anything with no local counterpart (e.g. a KMS key).
   */
  resolveRef(stackName: string, value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (!isRecord(value)) throw new UnresolvedReferenceError(`Cannot resolve ${JSON.stringify(value)}`);
    const [fn, arg] = Object.entries(value)[0] ?? [];
    switch (fn) {
      case 'Ref':
        return this.resolveLogicalRef(stackName, String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
        return this.resolveAttribute(stackName, logicalId ?? '', attribute ?? '');
      }
      case 'Fn::ImportValue': {
        const name = this.resolveRef(stackName, arg);
        const exported = this.importValue(name);
        if (exported === undefined) throw new UnresolvedReferenceError(`No local value for export ${name}`);
        return exported;
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return this.resolveList(stackName, parts).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const item = this.resolveList(stackName, list)[Number(this.resolveRef(stackName, index))];
        if (item === undefined) throw new UnresolvedReferenceError(`Fn::Select out of range`);
        return item;
      }
      case 'Fn::Sub':
        return this.resolveSub(stackName, arg);
      default:
        throw new UnresolvedReferenceError(`No local value for ${JSON.stringify(value)}`);
    }
  }

  private resolveList(stackName: string, list: unknown): string[] {
    if (!Array.isArray(list)) throw new UnresolvedReferenceError(`Expected a list: ${JSON.stringify(list)}`);
    return list.map((item) => this.resolveRef(stackName, item));
  }

  private resolveSub(stackName: string, arg: unknown): string {
    const [text, variables] = Array.isArray(arg)
      ? (arg as [string, Record<string, unknown>])
      : [String(arg), {}];
    return text.replace(/\$\{([^!}][^}]*)\}/g, (_match, name: string) => {
      if (name in variables) return this.resolveRef(stackName, variables[name]);
      const [logicalId, attribute] = name.split(/\.(.*)/s);
      return attribute
        ? this.resolveAttribute(stackName, logicalId ?? '', attribute)
        : this.resolveLogicalRef(stackName, name);
    });
  }

  private resolveLogicalRef(stackName: string, logicalId: string): string {
    if (PSEUDO_PARAMETERS.includes(logicalId)) return this.pseudoParameter(stackName, logicalId);
    const resource = this.find(stackName, logicalId);
    if (resource?.type === 'table') return resource.tableName;
    if (resource?.type === 'queue') return resource.queueUrl;
    throw new UnresolvedReferenceError(`No local resource for Ref ${stackName}/${logicalId}`);
  }

  private resolveAttribute(stackName: string, logicalId: string, attribute: string): string {
    const resource = this.find(stackName, logicalId);
    const value =
      resource?.type === 'table'
        ? { Arn: resource.tableArn, StreamArn: resource.streamArn, LatestStreamArn: resource.streamArn }[
            attribute
          ]
        : resource?.type === 'queue'
          ? { Arn: resource.queueArn, QueueUrl: resource.queueUrl, QueueName: resource.queueName }[attribute]
          : undefined;
    if (value === undefined) {
      throw new UnresolvedReferenceError(
        `No local value for Fn::GetAtt ${stackName}/${logicalId}.${attribute}`,
      );
    }
    return value;
  }

  private pseudoParameter(stackName: string, name: string): string {
    const values: Record<string, string> = {
      'AWS::Region': this.region,
      'AWS::AccountId': this.accountId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
    };
    return values[name] ?? '';
  }
}
