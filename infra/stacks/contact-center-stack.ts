import { Annotations, Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnHoursOfOperation, CfnInstance, CfnQueue, CfnRoutingProfile } from 'aws-cdk-lib/aws-connect';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { GAZETTE_CONFIRMED_TILL } from '#domain/holidays';
import {
  type GeneratedOverrides,
  generateHoursOverrides,
  holidayCoverage,
  localDate,
} from '#domain/holidays-schedule';
import type { ConnectInstanceConfig, Department, Hours } from '#infra/config/schema';
import { connectOverrides, weeklyConfig } from '#infra/constructs/connect-hours';
import { ConnectStorage } from '#infra/constructs/connect-storage';
import { HolidayCheck } from '#infra/constructs/holiday-check';
import { ProjectKey } from '#infra/constructs/project-key';

/** The Connect instance the contact center runs in, created here or imported from the config. */
export interface ConnectInstanceRef {
  readonly instanceArn: string;
  readonly instanceId: string;
}

/** Connect queue name of a department (docs/contracts.md): the escalation function routes by it. */
export const departmentQueueName = (departmentId: string): string => `dept-${departmentId}`;

export interface ContactCenterStackProps extends StackProps {
  /** This stage's instance: `create` (with alias) or `existing` (ARN). */
  readonly instance: ConnectInstanceConfig;
  readonly hours: Hours;
  /** IANA time zone of the hours, e.g. Asia/Seoul. */
  readonly timeZone: string;
  /**
   * The synth date (`YYYY-MM-DD`, city time) the holiday window starts from; default today in
   * `timeZone`. Tests inject it; `npx cdk synth -c synthDate=2027-10-15` previews a later synth.
   */
  readonly today?: string;
  /**
   * The stage's alarm topic: the scheduled holiday check's alarms notify it. Without it the check
   * is not deployed.
   */
  readonly alarmTopic?: ITopic;
  readonly departments: readonly Department[];
  readonly departmentQueueMaxContacts: number;
  /** Days call recordings are kept. */
  readonly recordingRetentionDays: number;
  /** Days the recordings bucket's access logs are kept. */
  readonly logRetentionDays: number;
  readonly contactTraceRecordRetentionDays: number;
  /** From the stage: the instance, recordings and stream are retained in production. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The Amazon Connect instance and what the functions need to know of it: hours of operation (with
 * holiday overrides), a queue per department for transfers, and the instance storage (call
 * recordings, contact trace records). Deployed before the Functions stack; flows, quick connects
 * and phone numbers, which need the functions, are in the ContactFlows stack.
 */
export class ContactCenterStack extends Stack {
  readonly instance: ConnectInstanceRef;
  readonly instanceArn: string;
  readonly instanceId: string;
  /** Created instance (absent when imported). */
  readonly cfnInstance?: CfnInstance;
  readonly key: ProjectKey;
  readonly storage: ConnectStorage;
  readonly hours: CfnHoursOfOperation;
  /** The dated overrides deployed with the hours (the list the simulator reads too). */
  readonly hoursOverrides: GeneratedOverrides;
  /** The scheduled check that warns before the holiday window or the gazette runs out. */
  readonly holidayCheck?: HolidayCheck;
  /** departmentId → the department's Connect queue (`dept-<id>`). */
  readonly departmentQueues: ReadonlyMap<string, CfnQueue>;
  /** departmentId → queue ARN (what the escalation function is given). */
  readonly departmentQueueArns: ReadonlyMap<string, string>;
  /** departmentId → the routing profile of the department's staff (its queue, one call at a time). */
  readonly departmentRoutingProfiles: ReadonlyMap<string, CfnRoutingProfile>;

  constructor(scope: Construct, id: string, props: ContactCenterStackProps) {
    super(scope, id, props);
    const { removalPolicy } = props;

    if (props.instance.type === 'create') {
      const instance = new CfnInstance(this, 'Instance', {
        identityManagementType: 'CONNECT_MANAGED',
        instanceAlias: props.instance.alias,
        attributes: {
          inboundCalls: true,
          outboundCalls: true,
          contactflowLogs: true,
          contactLens: true,
          autoResolveBestVoices: true,
          earlyMedia: true,
        },
      });
      instance.applyRemovalPolicy(removalPolicy);
      this.cfnInstance = instance;
      this.instance = { instanceArn: instance.attrArn, instanceId: instance.attrId };
    } else {
      const instanceId = props.instance.arn.slice(props.instance.arn.lastIndexOf('/') + 1);
      this.instance = { instanceArn: props.instance.arn, instanceId };
    }
    this.instanceArn = this.instance.instanceArn;
    this.instanceId = this.instance.instanceId;
    const instanceArn = this.instanceArn;

    this.key = new ProjectKey(this, 'ContactCenterKey', {
      description: 'minwon365 contact center: call recordings and contact trace records',
      removalPolicy,
    });
    this.storage = new ConnectStorage(this, 'Storage', {
      instanceArn,
      encryptionKey: this.key,
      recordingRetentionDays: props.recordingRetentionDays,
      accessLogRetentionDays: props.logRetentionDays,
      contactTraceRecordRetention: Duration.days(props.contactTraceRecordRetentionDays),
      removalPolicy,
      associate: props.instance.type === 'create' || props.instance.manageStorage,
    });

    // Public holidays for the rolling window from the synth date, plus the city's own overrides.
    const today = props.today ?? localDate(new Date(), props.timeZone);
    this.hoursOverrides = generateHoursOverrides(props.hours, { today });
    this.hours = new CfnHoursOfOperation(this, 'Hours', {
      instanceArn,
      name: 'minwon365-main',
      description: `Call center opening hours; dated overrides (public holidays) ${this.hoursOverrides.window.from} to ${this.hoursOverrides.window.till}`,
      timeZone: props.timeZone,
      config: weeklyConfig(props.hours),
      hoursOfOperationOverrides: connectOverrides(this.hoursOverrides.days),
    });
    const coverage = holidayCoverage({
      today,
      overridesTill: this.hoursOverrides.window.till,
      confirmedTill: GAZETTE_CONFIRMED_TILL,
    });
    for (const warning of coverage.warnings)
      Annotations.of(this.hours).addWarningV2('minwon365:holidays', warning);
    if (props.alarmTopic) {
      this.holidayCheck = new HolidayCheck(this, 'HolidayCheck', {
        overridesTill: this.hoursOverrides.window.till,
        confirmedTill: GAZETTE_CONFIRMED_TILL,
        timeZone: props.timeZone,
        key: this.key,
        alarmTopic: props.alarmTopic,
        logRetentionDays: props.logRetentionDays,
        removalPolicy,
      });
    }

    const queues = new Map<string, CfnQueue>();
    const profiles = new Map<string, CfnRoutingProfile>();
    for (const department of props.departments) {
      const queue = new CfnQueue(this, `DepartmentQueue-${department.id}`, {
        instanceArn,
        name: departmentQueueName(department.id),
        description: `${department.nameKo}: transfers from counselors`,
        hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
        maxContacts: props.departmentQueueMaxContacts,
      });
      queue.applyRemovalPolicy(removalPolicy);
      queues.set(department.id, queue);
      profiles.set(
        department.id,
        new CfnRoutingProfile(this, `DepartmentRoutingProfile-${department.id}`, {
          instanceArn,
          name: `minwon365-dept-${department.id}`,
          description: `${department.nameKo} staff: calls transferred by counselors`,
          defaultOutboundQueueArn: queue.attrQueueArn,
          mediaConcurrencies: [{ channel: 'VOICE', concurrency: 1 }],
          queueConfigs: [
            { priority: 1, delay: 0, queueReference: { channel: 'VOICE', queueArn: queue.attrQueueArn } },
          ],
        }),
      );
    }
    this.departmentQueues = queues;
    this.departmentRoutingProfiles = profiles;
    this.departmentQueueArns = new Map([...queues].map(([id, queue]) => [id, queue.attrQueueArn]));
  }
}
