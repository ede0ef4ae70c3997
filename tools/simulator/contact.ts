import { randomUUID } from 'node:crypto';
import type { CallConfig, ContactRuntime, ResourceResolver, Segment } from './context';
import { SimulationError } from './errors';
import { flowArn, functionArn, hoursArn, queueArn, SIM_INSTANCE_ARN } from './flows';
import type { FlowData } from './jsonpath';
import type { ConnectContactFlowEvent, LambdaCallRecord, TranscriptEntry } from './types';

/**
 * The state of one simulated contact, as flow actions read and change it: the flow run data
 * ($.Attributes, $.External, endpoints …), the simulated clock, event hooks, the working queue and
 * the outcome so far. The interpreter's `Call` owns one and runs flows over it.
 */

const reverse = (names: readonly string[], arn: (name: string) => string): Map<string, string> =>
  new Map(names.map((n) => [arn(n), n]));

/** What all contacts of one call share: the transcript, the clock, function calls, violations. */
export class CallRecord {
  readonly transcript: TranscriptEntry[] = [];
  readonly agentWhisper: string[] = [];
  readonly lambdaCalls: LambdaCallRecord[] = [];
  readonly violations: string[] = [];
  elapsedSeconds = 0;
  readonly resources: ResourceResolver;

  constructor(readonly config: CallConfig) {
    const functions = reverse(Object.keys(config.functions), functionArn);
    const queues = reverse(config.queues, queueArn);
    const hours = reverse(Object.keys(config.hours), hoursArn);
    const flows = reverse([...config.flows.keys()], flowArn);
    this.resources = {
      functionName: (arn) => functions.get(arn),
      queueId: (arn) => queues.get(arn),
      hoursId: (arn) => hours.get(arn),
      flowName: (arn) => flows.get(arn),
    };
  }
}

export class Contact implements ContactRuntime {
  readonly contactId: string;
  readonly data: FlowData;
  readonly settings: Record<string, string> = {};
  readonly hooks: Record<string, string> = {};
  readonly loopCounters = new Map<string, number>();
  targetQueue: string | null = null;
  segment: Segment = { outcome: null, queue: null, transferredTo: null, callback: false };

  /**
   * The call's contact (`previous` absent), or a transfer contact: a quick connect creates a new
   * contact (InitiationMethod TRANSFER, PreviousContactId the transferring contact) that carries
   * the contact attributes over; its event hooks start empty (the docs do not say that hooks carry
   * over to the transfer contact).
   */
  constructor(
    readonly record: CallRecord,
    previous?: Contact,
  ) {
    const config = record.config;
    this.contactId = previous ? randomUUID() : (config.contactId ?? randomUUID());
    const initial = previous ? String(previous.data.InitialContactId) : this.contactId;
    this.data = {
      Attributes: {
        ...(previous ? (previous.data.Attributes as Record<string, string>) : config.attributes),
      },
      External: {},
      Channel: 'VOICE',
      ContactId: this.contactId,
      InitialContactId: initial,
      PreviousContactId: previous ? previous.contactId : this.contactId,
      InstanceARN: SIM_INSTANCE_ARN,
      InitiationMethod: previous ? 'TRANSFER' : 'INBOUND',
      LanguageCode: 'ko-KR',
      CustomerEndpoint: config.from ? { Address: config.from, Type: 'TELEPHONE_NUMBER' } : null,
      SystemEndpoint: { Address: config.dialedNumber, Type: 'TELEPHONE_NUMBER' },
      Queue: null,
    };
    if (previous?.data.TextToSpeechVoice) this.data.TextToSpeechVoice = previous.data.TextToSpeechVoice;
  }

  get config(): CallConfig {
    return this.record.config;
  }
  get transcript(): TranscriptEntry[] {
    return this.record.transcript;
  }
  get agentWhisper(): string[] {
    return this.record.agentWhisper;
  }
  get lambdaCalls(): LambdaCallRecord[] {
    return this.record.lambdaCalls;
  }
  get violations(): string[] {
    return this.record.violations;
  }
  get resources(): ResourceResolver {
    return this.record.resources;
  }
  get elapsedSeconds(): number {
    return this.record.elapsedSeconds;
  }
  set elapsedSeconds(value: number) {
    this.record.elapsedSeconds = value;
  }

  get now(): Date {
    return new Date(this.config.start.getTime() + this.elapsedSeconds * 1000);
  }

  setTargetQueue(id: string): void {
    if (!this.config.queues.includes(id)) throw new SimulationError(`queue "${id}" is not a simulated queue`);
    this.targetQueue = id;
    this.data.Queue = { ARN: queueArn(id), Name: id };
  }

  event(flow: string, action: string, text: string): void {
    this.transcript.push({ kind: 'event', flow, action, text });
  }

  connectEvent(parameters: Record<string, string>): ConnectContactFlowEvent {
    return buildConnectEvent({
      contactId: this.contactId,
      from: this.config.from,
      dialed: this.config.dialedNumber,
      attributes: this.data.Attributes as Record<string, string>,
      queue: this.targetQueue,
      initiationMethod: this.data.InitiationMethod as 'INBOUND' | 'TRANSFER',
      parameters,
    });
  }
}

/** The Connect event for InvokeLambdaFunction (and for intake before a scenario's call). */
export const buildConnectEvent = (input: {
  contactId: string;
  from: string | null;
  dialed: string | null;
  attributes: Record<string, string>;
  queue: string | null;
  initiationMethod?: 'INBOUND' | 'TRANSFER' | 'CALLBACK';
  parameters: Record<string, string>;
}): ConnectContactFlowEvent => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      Attributes: { ...input.attributes },
      Channel: 'VOICE',
      ContactId: input.contactId,
      InitialContactId: input.contactId,
      PreviousContactId: input.contactId,
      InitiationMethod: input.initiationMethod ?? 'INBOUND',
      InstanceARN: SIM_INSTANCE_ARN,
      LanguageCode: 'ko-KR',
      CustomerEndpoint: input.from ? { Address: input.from, Type: 'TELEPHONE_NUMBER' } : null,
      SystemEndpoint: input.dialed ? { Address: input.dialed, Type: 'TELEPHONE_NUMBER' } : null,
      Queue: input.queue ? { ARN: queueArn(input.queue), Name: input.queue } : null,
      MediaStreams: { Customer: { Audio: null } },
      References: {},
      SegmentAttributes: {},
    },
    Parameters: { ...input.parameters },
  },
});
