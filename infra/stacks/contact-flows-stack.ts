import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomResource } from 'aws-cdk-lib';
import { type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnHoursOfOperation } from 'aws-cdk-lib/aws-connect';
import {
  CfnContactFlow,
  CfnIntegrationAssociation,
  CfnQueue,
  CfnQuickConnect,
  CfnRoutingProfile,
} from 'aws-cdk-lib/aws-connect';
import { CfnPermission, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Department, EntryPoint } from '#infra/config/schema';
import { entryPointGenerators } from '#infra/connect/entry-point-routing';
import { type ConnectFlowType, FLOW_TITLES, FLOW_TYPES, isFlowName } from '#infra/connect/flow-catalog';
import {
  type FlowFile,
  loadFlowFiles,
  placeholdersIn,
  resolvePlaceholders,
} from '#infra/connect/flow-content';
import {
  COUNSELOR_QUEUE_NAME,
  departmentQueueName,
  quickConnectName,
  quickConnectsFor,
} from '#infra/connect/quick-connects';
import { PhoneNumberAssociations } from '#infra/constructs/connect-phone-association';
import { QueueQuickConnects } from '#infra/constructs/connect-queue-quick-connects';
import type { ConnectInstanceRef, OutboundCallerId } from '#infra/stacks/contact-center-stack';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FLOWS_DIR = join(ROOT, 'contact-flows');

/** The flow every entry number is associated with. */
export const INBOUND_FLOW = 'inbound';
export { COUNSELOR_QUEUE_NAME };

/** A flow-to-flow reference cycle: Connect flows must be created one after another. */
export class FlowCycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`contact flows refer to each other in a cycle: ${cycle.join(' → ')}`);
    this.name = 'FlowCycleError';
  }
}

const referencesOf = (file: FlowFile, kind: string): string[] =>
  placeholdersIn(file.content)
    .filter((ref) => ref.startsWith(`${kind}:`))
    .map((ref) => ref.slice(kind.length + 1));

/**
 * Orders flows so that every flow comes after the flows it names in `${flow:…}` (a flow's content
 * holds the ARNs of those flows). References to flows that do not exist are left to placeholder
 * resolution, which fails naming file and placeholder. A cycle throws FlowCycleError.
 */
export function flowCreationOrder(files: readonly FlowFile[]): FlowFile[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  const ordered: FlowFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: FlowFile, path: string[]): void => {
    const current = state.get(file.name);
    if (current === 'done') return;
    if (current === 'visiting') {
      throw new FlowCycleError([...path.slice(path.indexOf(file.name)), file.name]);
    }
    state.set(file.name, 'visiting');
    for (const name of referencesOf(file, 'flow')) {
      const target = byName.get(name);
      if (target) visit(target, [...path, file.name]);
    }
    state.set(file.name, 'done');
    ordered.push(file);
  };
  for (const file of files) visit(file, []);
  return ordered;
}

/** What this stack needs of the ContactCenter stack. */
export interface ContactCenterParts {
  readonly instance: ConnectInstanceRef;
  readonly hours: CfnHoursOfOperation;
  readonly departmentQueues: ReadonlyMap<string, CfnQueue>;
  /** entry-point id → phone-number ARN of this stage (claimed there, or existing). */
  readonly phoneNumberArns: ReadonlyMap<string, string>;
  readonly outboundCallerId: OutboundCallerId | null;
}

export interface ContactFlowsStackProps extends StackProps {
  readonly contactCenter: ContactCenterParts;
  /** Functions flows may invoke, by their `${fn:<name>}` name (lookup, intake, escalation). */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly departments: readonly Department[];
  /** Entry points: the inbound flow's entry-point routing is generated from their numbers. */
  readonly entryPoints: readonly EntryPoint[];
  /** `${city:<name>}` texts: `ko` (city name), `hoursKo` (opening hours as one spoken phrase). */
  readonly cityTexts: Readonly<Record<string, string>>;
  readonly counselorQueueMaxContacts: number;
  /** Folder of the flow files; default `contact-flows/`. */
  readonly flowsDir?: string;
  readonly logRetention: RetentionDays;
  /** From the stage: the custom resources' logs are kept in production. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Everything of the contact center that needs the functions: Lambda integration associations and
 * invoke permissions, the counselor queue and routing profile, the contact flows (placeholders
 * resolved, created in dependency order, each depending on the associations it invokes), quick
 * connects, and the entry numbers (claimed in the ContactCenter stack) associated with the inbound
 * flow. Deployed after Functions.
 */
export class ContactFlowsStack extends Stack {
  readonly counselorQueue: CfnQueue;
  readonly counselorRoutingProfile: CfnRoutingProfile;
  /** fn name → its integration association with the instance. */
  readonly lambdaAssociations: ReadonlyMap<string, CfnIntegrationAssociation>;
  /** fn name → the permission letting the instance invoke it. */
  readonly lambdaPermissions: ReadonlyMap<string, CfnPermission>;
  /** flow file name → the flow. */
  readonly flows: ReadonlyMap<string, CfnContactFlow>;
  /** flow file name → its synthesized content (placeholders replaced; may hold CDK tokens). */
  readonly flowContents: ReadonlyMap<string, string>;
  /** quick connect id (department id, `abuse-warning`, `abuse-warning-end`) → the quick connect. */
  readonly quickConnects: ReadonlyMap<string, CfnQuickConnect>;
  /** entry-point id → the number's association with the inbound flow. */
  readonly numberAssociations: ReadonlyMap<string, CustomResource>;

  constructor(scope: Construct, id: string, props: ContactFlowsStackProps) {
    super(scope, id, props);
    const { instanceArn, instanceId } = props.contactCenter.instance;
    const { hours, departmentQueues } = props.contactCenter;

    const files = flowCreationOrder(loadFlowFiles(props.flowsDir ?? FLOWS_DIR));

    // Lambda functions: associated with the instance and invocable by it, for every function a flow names.
    const invoked = [...new Set(files.flatMap((file) => referencesOf(file, 'fn')))].filter(
      (name) => props.functions[name] !== undefined,
    );
    const associations = new Map<string, CfnIntegrationAssociation>();
    const permissions = new Map<string, CfnPermission>();
    for (const name of invoked) {
      const fn = props.functions[name] as IFunction;
      associations.set(
        name,
        new CfnIntegrationAssociation(this, `LambdaAssociation-${name}`, {
          instanceId: instanceArn,
          integrationType: 'LAMBDA_FUNCTION',
          integrationArn: fn.functionArn,
        }),
      );
      permissions.set(
        name,
        new CfnPermission(this, `ConnectInvoke-${name}`, {
          action: 'lambda:InvokeFunction',
          functionName: fn.functionArn,
          principal: 'connect.amazonaws.com',
          sourceArn: instanceArn,
          sourceAccount: this.account,
        }),
      );
    }
    this.lambdaAssociations = associations;
    this.lambdaPermissions = permissions;

    // The counselor queue places queued call-backs: its caller ID is the stage's outbound caller ID.
    const callerId = props.contactCenter.outboundCallerId;
    this.counselorQueue = new CfnQueue(this, 'CounselorQueue', {
      instanceArn,
      name: COUNSELOR_QUEUE_NAME,
      description: 'All entry numbers: calls waiting for a counselor',
      hoursOfOperationArn: hours.attrHoursOfOperationArn,
      maxContacts: props.counselorQueueMaxContacts,
      ...(callerId
        ? {
            outboundCallerConfig: {
              outboundCallerIdNumberArn: callerId.numberArn,
              outboundCallerIdName: callerId.name,
            },
          }
        : {}),
    });
    this.counselorRoutingProfile = new CfnRoutingProfile(this, 'CounselorRoutingProfile', {
      instanceArn,
      name: 'minwon365-counselors',
      description: 'Counselors: one voice call at a time from the counselor queue',
      defaultOutboundQueueArn: this.counselorQueue.attrQueueArn,
      mediaConcurrencies: [{ channel: 'VOICE', concurrency: 1 }],
      queueConfigs: [
        {
          priority: 1,
          delay: 0,
          queueReference: { channel: 'VOICE', queueArn: this.counselorQueue.attrQueueArn },
        },
      ],
    });

    // Flows, in dependency order.
    const flows = new Map<string, CfnContactFlow>();
    const contents = new Map<string, string>();
    const fnArns = Object.fromEntries(
      invoked.map((name) => [name, props.functions[name]?.functionArn ?? '']),
    );
    for (const file of files) {
      const type = flowTypeOf(file.name);
      const content = resolvePlaceholders(
        `contact-flows/${file.name}.json`,
        file.content,
        {
          fn: fnArns,
          queue: { [COUNSELOR_QUEUE_NAME]: this.counselorQueue.attrQueueArn },
          hours: { main: hours.attrHoursOfOperationArn },
          flow: Object.fromEntries([...flows].map(([name, flow]) => [name, flow.attrContactFlowArn])),
          city: props.cityTexts,
        },
        entryPointGenerators(props.entryPoints),
      );
      const flow = new CfnContactFlow(this, `Flow-${file.name}`, {
        instanceArn,
        name: `minwon365-${file.name}`,
        description: isFlowName(file.name)
          ? FLOW_TITLES[file.name].purpose
          : `contact-flows/${file.name}.json`,
        type,
        state: 'ACTIVE',
        content,
      });
      for (const name of referencesOf(file, 'fn')) {
        const association = associations.get(name);
        if (association) flow.addResourceDependency(association, `invokes ${name}`);
        const permission = permissions.get(name);
        if (permission) flow.addResourceDependency(permission, `invokes ${name}`);
      }
      flows.set(file.name, flow);
      contents.set(file.name, content);
    }
    this.flows = flows;
    this.flowContents = contents;

    // Quick connects (infra/connect/quick-connects.ts, shared with the simulator): one QUEUE quick
    // connect per department with the transfer flow, and the two abuse-warning ones.
    const queueArns = new Map<string, string>([
      [COUNSELOR_QUEUE_NAME, this.counselorQueue.attrQueueArn],
      ...props.departments.map((d): [string, string] => {
        const queue = departmentQueues.get(d.id);
        if (!queue) throw new Error(`no Connect queue for department "${d.id}"`);
        return [departmentQueueName(d.id), queue.attrQueueArn];
      }),
    ]);
    const quickConnects = new Map<string, CfnQuickConnect>();
    for (const definition of quickConnectsFor(props.departments)) {
      const queueArn = queueArns.get(definition.queue);
      if (!queueArn) throw new Error(`quick connect "${definition.id}": no queue "${definition.queue}"`);
      quickConnects.set(
        definition.id,
        new CfnQuickConnect(this, `QuickConnect-${definition.id}`, {
          instanceArn,
          name: quickConnectName(definition),
          description: definition.description,
          quickConnectConfig: {
            quickConnectType: definition.type,
            queueConfig: {
              queueArn,
              contactFlowArn: requiredFlow(flows, definition.flow).attrContactFlowArn,
            },
          },
        }),
      );
    }
    this.quickConnects = quickConnects;
    new QueueQuickConnects(this, 'CounselorQuickConnects', {
      instanceId,
      queueArn: this.counselorQueue.attrQueueArn,
      quickConnectArns: [...quickConnects.values()].map((quickConnect) => quickConnect.attrQuickConnectArn),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // Every provisioned number answers with the inbound flow.
    const numberArns = props.contactCenter.phoneNumberArns;
    const numberAssociations = new Map<string, CustomResource>();
    if (numberArns.size > 0) {
      const associator = new PhoneNumberAssociations(this, 'PhoneNumberAssociations', {
        instanceArn,
        contactFlowArn: requiredFlow(flows, INBOUND_FLOW).attrContactFlowArn,
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
      });
      for (const [entryPointId, arn] of numberArns) {
        numberAssociations.set(entryPointId, associator.associate(`Number-${entryPointId}`, arn));
      }
    }
    this.numberAssociations = numberAssociations;
  }
}

const flowTypeOf = (name: string): ConnectFlowType => {
  if (!isFlowName(name)) {
    throw new Error(
      `contact-flows/${name}.json: no Connect flow type; add the flow to infra/connect/flow-catalog.ts`,
    );
  }
  return FLOW_TYPES[name];
};

const requiredFlow = (flows: ReadonlyMap<string, CfnContactFlow>, name: string): CfnContactFlow => {
  const flow = flows.get(name);
  if (!flow) throw new Error(`contact-flows/${name}.json is missing`);
  return flow;
};
