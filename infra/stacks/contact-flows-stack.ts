import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomResource } from 'aws-cdk-lib';
import { type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnHoursOfOperation } from 'aws-cdk-lib/aws-connect';
import {
  CfnContactFlow,
  CfnIntegrationAssociation,
  CfnPhoneNumber,
  CfnQueue,
  CfnQuickConnect,
  CfnRoutingProfile,
} from 'aws-cdk-lib/aws-connect';
import { CfnPermission, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Department, EntryPoint } from '#infra/config/schema';
import { type ConnectFlowType, FLOW_TITLES, FLOW_TYPES, isFlowName } from '#infra/connect/flow-catalog';
import {
  type FlowFile,
  loadFlowFiles,
  placeholdersIn,
  resolvePlaceholders,
} from '#infra/connect/flow-content';
import { PhoneNumberAssociations } from '#infra/constructs/connect-phone-association';
import { QueueQuickConnects } from '#infra/constructs/connect-queue-quick-connects';
import type { ConnectInstanceRef } from '#infra/stacks/contact-center-stack';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FLOWS_DIR = join(ROOT, 'contact-flows');

/** The flow counselors' quick connects run: escalation decides queue, external number or call-back. */
export const TRANSFER_FLOW = 'transfer-to-department';
/** The flow of the counselor-triggered legal warning. */
export const ABUSE_WARNING_FLOW = 'abuse-warning';
/** The flow every entry number is associated with. */
export const INBOUND_FLOW = 'inbound';
/** Name of the counselor queue (`${queue:counselors}`). */
export const COUNSELOR_QUEUE_NAME = 'counselors';

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
}

export interface ContactFlowsStackProps extends StackProps {
  readonly contactCenter: ContactCenterParts;
  /** Functions flows may invoke, by their `${fn:<name>}` name (lookup, intake, escalation). */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly departments: readonly Department[];
  readonly entryPoints: readonly EntryPoint[];
  /** Selects each entry point's provisioning. */
  readonly stageName: string;
  /** `${city:<name>}` texts: `ko` (city name), `hoursKo` (opening hours as one spoken phrase). */
  readonly cityTexts: Readonly<Record<string, string>>;
  readonly counselorQueueMaxContacts: number;
  /** Folder of the flow files; default `contact-flows/`. */
  readonly flowsDir?: string;
  readonly logRetention: RetentionDays;
  /** From the stage: claimed numbers are kept in production. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Everything of the contact center that needs the functions: Lambda integration associations and
 * invoke permissions, the counselor queue and routing profile, the contact flows (placeholders
 * resolved, created in dependency order, each depending on the associations it invokes), quick
 * connects, and the entry numbers associated with the inbound flow. Deployed after Functions.
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
  /** departmentId → the department's quick connect. */
  readonly departmentQuickConnects: ReadonlyMap<string, CfnQuickConnect>;
  readonly abuseWarningQuickConnect: CfnQuickConnect;
  /** entry-point id → claimed number (claim provisioning only). */
  readonly claimedNumbers: ReadonlyMap<string, CfnPhoneNumber>;
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

    // Numbers first: the unified number is the counselor queue's outbound caller ID (call-backs).
    const claimed = new Map<string, CfnPhoneNumber>();
    const numberArns = new Map<string, string>();
    for (const entryPoint of props.entryPoints) {
      const provisioning = entryPoint.provisioning[props.stageName];
      if (provisioning?.type === 'existing') numberArns.set(entryPoint.id, provisioning.phoneNumberArn);
      if (provisioning?.type === 'claim') {
        const number = new CfnPhoneNumber(this, `PhoneNumber-${entryPoint.id}`, {
          targetArn: instanceArn,
          countryCode: provisioning.countryCode,
          type: provisioning.numberType,
          ...(provisioning.prefix ? { prefix: provisioning.prefix } : {}),
          description: `${entryPoint.nameKo} (${entryPoint.id}, ${entryPoint.displayNumber})`,
        });
        number.applyRemovalPolicy(props.removalPolicy);
        claimed.set(entryPoint.id, number);
        numberArns.set(entryPoint.id, number.attrPhoneNumberArn);
      }
    }
    this.claimedNumbers = claimed;
    const callerId = numberArns.values().next().value;

    this.counselorQueue = new CfnQueue(this, 'CounselorQueue', {
      instanceArn,
      name: COUNSELOR_QUEUE_NAME,
      description: 'All entry numbers: calls waiting for a counselor',
      hoursOfOperationArn: hours.attrHoursOfOperationArn,
      maxContacts: props.counselorQueueMaxContacts,
      ...(callerId ? { outboundCallerConfig: { outboundCallerIdNumberArn: callerId } } : {}),
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
      const content = resolvePlaceholders(`contact-flows/${file.name}.json`, file.content, {
        fn: fnArns,
        queue: { [COUNSELOR_QUEUE_NAME]: this.counselorQueue.attrQueueArn },
        hours: { main: hours.attrHoursOfOperationArn },
        flow: Object.fromEntries([...flows].map(([name, flow]) => [name, flow.attrContactFlowArn])),
        city: props.cityTexts,
      });
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

    // Quick connects: one per department (its queue with the transfer flow) and the abuse warning.
    const transferFlow = requiredFlow(flows, TRANSFER_FLOW);
    const quickConnects = new Map<string, CfnQuickConnect>();
    for (const department of props.departments) {
      const queue = departmentQueues.get(department.id);
      if (!queue) throw new Error(`no Connect queue for department "${department.id}"`);
      quickConnects.set(
        department.id,
        new CfnQuickConnect(this, `QuickConnect-${department.id}`, {
          instanceArn,
          name: `${department.nameKo} [${department.id}]`,
          description:
            department.transfer.type === 'phone'
              ? `${department.nameKo}: the transfer flow dials the department's number`
              : `${department.nameKo}: transfer to the department queue`,
          quickConnectConfig: {
            quickConnectType: 'QUEUE',
            queueConfig: { queueArn: queue.attrQueueArn, contactFlowArn: transferFlow.attrContactFlowArn },
          },
        }),
      );
    }
    this.departmentQuickConnects = quickConnects;
    this.abuseWarningQuickConnect = new CfnQuickConnect(this, 'QuickConnect-abuse-warning', {
      instanceArn,
      name: '폭언 경고 안내 [abuse-warning]',
      description: 'Plays the legal warning to an abusive caller; the counselor stays on the call',
      quickConnectConfig: {
        quickConnectType: 'QUEUE',
        queueConfig: {
          queueArn: this.counselorQueue.attrQueueArn,
          contactFlowArn: requiredFlow(flows, ABUSE_WARNING_FLOW).attrContactFlowArn,
        },
      },
    });
    new QueueQuickConnects(this, 'CounselorQuickConnects', {
      instanceId,
      queueArn: this.counselorQueue.attrQueueArn,
      quickConnectArns: [...quickConnects.values(), this.abuseWarningQuickConnect].map(
        (quickConnect) => quickConnect.attrQuickConnectArn,
      ),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // Every provisioned number answers with the inbound flow.
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
