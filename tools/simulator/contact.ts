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

export class Contact implements ContactRuntime {
  readonly contactId: string;
  readonly data: FlowData;
  readonly settings: Record<string, string> = {};
  readonly hooks: Record<string, string> = {};
  readonly loopCounters = new Map<string, number>();
  readonly transcript: TranscriptEntry[] = [];
  readonly agentWhisper: string[] = [];
  readonly lambdaCalls: LambdaCallRecord[] = [];
  readonly violations: string[] = [];
  readonly resources: ResourceResolver;
  elapsedSeconds = 0;
  targetQueue: string | null = null;
  segment: Segment = { outcome: null, queue: null, transferredTo: null, callback: false };

  constructor(readonly config: CallConfig) {
    this.contactId = config.contactId ?? randomUUID();
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
    this.data = {
      Attributes: { ...config.attributes },
      External: {},
      Channel: 'VOICE',
      ContactId: this.contactId,
      InitialContactId: this.contactId,
      PreviousContactId: this.contactId,
      InstanceARN: SIM_INSTANCE_ARN,
      InitiationMethod: 'INBOUND',
      LanguageCode: 'ko-KR',
      CustomerEndpoint: config.from ? { Address: config.from, Type: 'TELEPHONE_NUMBER' } : null,
      SystemEndpoint: { Address: config.dialedNumber, Type: 'TELEPHONE_NUMBER' },
      Queue: null,
    };
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
