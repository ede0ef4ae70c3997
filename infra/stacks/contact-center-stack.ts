import { Annotations, Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CfnHoursOfOperation,
  CfnInstance,
  CfnPhoneNumber,
  CfnQueue,
  CfnRoutingProfile,
} from 'aws-cdk-lib/aws-connect';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { GAZETTE_CONFIRMED_TILL } from '#domain/holidays';
import {
  type GeneratedOverrides,
  generateHoursOverrides,
  holidayCoverage,
  localDate,
} from '#domain/holidays-schedule';
import type { ConnectInstanceConfig, Department, EntryPoint, Hours } from '#infra/config/schema';
import { departmentQueueName } from '#infra/connect/quick-connects';
import { connectOverrides, weeklyConfig } from '#infra/constructs/connect-hours';
import { ConnectStorage } from '#infra/constructs/connect-storage';
import { HolidayCheck } from '#infra/constructs/holiday-check';
import { ProjectKey } from '#infra/constructs/project-key';

/** The Connect instance the contact center runs in, created here or imported from the config. */
export interface ConnectInstanceRef {
  readonly instanceArn: string;
  readonly instanceId: string;
}

export { departmentQueueName } from '#infra/connect/quick-connects';

/** A queue's outbound caller ID (AWS::Connect::Queue OutboundCallerConfig). */
export interface OutboundCallerId {
  readonly numberArn: string;
  readonly name: string;
}

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
  /** The entry numbers: claimed here (claim provisioning) or taken as they are (existing). */
  readonly entryPoints: readonly EntryPoint[];
  /** Selects each entry point's provisioning. */
  readonly stageName: string;
  /** Entry point whose number is the queues' outbound caller ID (config connect.outboundCallerId), or null. */
  readonly outboundCallerId: string | null;
  /** Outbound caller ID name, e.g. "청주시 365 민원콜센터" (delivered only where the call path is SIP). */
  readonly outboundCallerIdName: string;
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
  /** entry-point id → claimed number (claim provisioning only). */
  readonly claimedNumbers: ReadonlyMap<string, CfnPhoneNumber>;
  /** entry-point id → phone-number ARN (claimed or existing) in this stage. */
  readonly phoneNumberArns: ReadonlyMap<string, string>;
  /** Caller ID of every queue that calls citizens (null: no number of this stage can dial Korea). */
  readonly outboundCallerId: OutboundCallerId | null;

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

    // Entry numbers: claimed here, so that every queue's outbound caller ID can name one.
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
        number.applyRemovalPolicy(removalPolicy);
        claimed.set(entryPoint.id, number);
        numberArns.set(entryPoint.id, number.attrPhoneNumberArn);
      }
    }
    this.claimedNumbers = claimed;
    this.phoneNumberArns = numberArns;

    // Queues that place calls to citizens show this number (and name): queued call-backs from the
    // counselor queue, department staff calling a call-back ticket back from their queue (their
    // routing profile's default outbound queue). https://docs.aws.amazon.com/connect/latest/adminguide/queues-callerid.html
    const callerIdArn = props.outboundCallerId ? numberArns.get(props.outboundCallerId) : undefined;
    if (props.outboundCallerId && !callerIdArn) {
      throw new Error(
        `connect.outboundCallerId.${props.stageName}: entry point "${props.outboundCallerId}" has no number in this stage`,
      );
    }
    this.outboundCallerId = callerIdArn ? { numberArn: callerIdArn, name: props.outboundCallerIdName } : null;
    if (!this.outboundCallerId) {
      Annotations.of(this).addWarningV2(
        'minwon365:no-outbound-caller-id',
        `Stage "${props.stageName}" has no outbound caller ID that can dial Korean numbers (connect.outboundCallerId is null): queued call-backs and department call-backs cannot reach Korean phones.`,
      );
    }
    const outboundCallerConfig = this.outboundCallerId
      ? {
          outboundCallerConfig: {
            outboundCallerIdNumberArn: this.outboundCallerId.numberArn,
            outboundCallerIdName: this.outboundCallerId.name,
          },
        }
      : {};

    const queues = new Map<string, CfnQueue>();
    const profiles = new Map<string, CfnRoutingProfile>();
    for (const department of props.departments) {
      const queue = new CfnQueue(this, `DepartmentQueue-${department.id}`, {
        instanceArn,
        name: departmentQueueName(department.id),
        description: `${department.nameKo}: transfers from counselors`,
        hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
        maxContacts: props.departmentQueueMaxContacts,
        ...outboundCallerConfig,
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
