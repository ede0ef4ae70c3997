import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createLambdaContext } from '#tools/local-aws/lambda-context';

/**
 * The sandbox's stand-in for Amazon Connect's contact records (formerly contact trace records,
 * CTRs): for each simulated call it builds the record Connect would write to the instance's
 * contact-record Kinesis stream and hands it, as a Kinesis-shaped event, to the real
 * `ctr-consumer` handler (functions/ctr-consumer/handler.ts). So the Contacts table is written by
 * the same code offline as in AWS; the desk's own writes (disposition, abuse warnings) go through
 * the HTTP API as in AWS.
 *
 * Shape: the contact record data model, format `2017-03-10`
 * (https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html): every top-level
 * field the consumer reads is filled as Connect fills it for a voice call — `Channel` `VOICE`,
 * `InitiationMethod` `INBOUND`, `SystemEndpoint` (the number dialed), `CustomerEndpoint` (the
 * caller; absent when withheld), `Queue` (name `counselors` or `dept-<id>`, enqueue/dequeue
 * times, seconds in queue), `Agent` (`ConnectedToAgentTimestamp`, `Username`), the contact
 * attributes the flows set, `DisconnectTimestamp` and `DisconnectReason` (`CUSTOMER_DISCONNECT`,
 * `AGENT_DISCONNECT`, `CONTACT_FLOW_DISCONNECT`), and for a call a flow transferred to a phone
 * number `TransferCompletedTimestamp` / `TransferredToEndpoint`. Fields the sandbox has no
 * counterpart for (recordings, hold counts, after-contact work, routing profile ARNs, media
 * streams) are `null` or left out; the consumer ignores them.
 *
 * When: one record when the contact ends (the caller hangs up, or the flows disconnect), as
 * Connect produces the contact record once the contact is over (it may re-deliver updated copies
 * later, which the consumer tolerates; the sandbox sends one). A call still in progress therefore
 * has no record yet — in the sandbox as in AWS, today's figures count calls once they end.
 * Not modelled: the separate CALLBACK contact Connect creates for a queued call-back (it is never
 * dialed in the sandbox), and TRANSFER legs (the sandbox's counselors do not transfer through
 * Connect quick connects).
 *
 * The Kinesis event is the Lambda event source's record shape
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html): base64 `data`, a sequence
 * number, the stream ARN.
 */

export type CtrConsumer = (
  event: KinesisStreamEvent,
  context: Context,
) => Promise<KinesisStreamBatchResponse>;

export type DisconnectReason = 'CUSTOMER_DISCONNECT' | 'AGENT_DISCONNECT' | 'CONTACT_FLOW_DISCONNECT';

export interface ContactTrace {
  /** The call began (the contact arrived at the dialed number). */
  started(event: { contactId: string; at: Date; dialed: string; from: string | null }): void;
  /** The flows put the call in a queue. */
  queued(event: { contactId: string; at: Date; queue: string }): void;
  /** A counselor took the call. */
  answered(event: { contactId: string; at: Date; agent: string }): void;
  /** The counselor ended the conversation (the caller stays for the flows after it, e.g. the survey). */
  agentDisconnected(event: { contactId: string; at: Date }): void;
  /** The contact is over: its contact record goes to the consumer. */
  ended(event: {
    contactId: string;
    at: Date;
    reason: DisconnectReason;
    attributes: Record<string, string>;
    transferredTo?: string | null;
  }): Promise<void>;
}

/** What is known of a contact while it runs (and when it ends, its contact record is built from it). */
export interface OpenContact {
  /** `INBOUND` (default) or `CALLBACK` (the contact a queued callback creates). */
  initiationMethod?: 'INBOUND' | 'CALLBACK';
  initiatedAt: Date;
  dialed: string;
  from: string | null;
  queue: { name: string; enqueuedAt: Date; dequeuedAt: Date | null } | null;
  agent: { username: string; connectedAt: Date } | null;
  agentDisconnectedAt: Date | null;
}

const ACCOUNT = '000000000000';
const REGION = 'ap-northeast-2';
const INSTANCE_ARN = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/00000000-0000-4000-8000-00000000000a`;
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/minwon365-sandbox-contact-records`;

/** Connect's timestamps: ISO 8601 UTC without fractions (`2027-03-01T23:30:00Z`). */
const stamp = (at: Date): string => `${at.toISOString().slice(0, 19)}Z`;
const seconds = (from: Date, to: Date): number =>
  Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

const telephone = (address: string) => ({ Address: address, Type: 'TELEPHONE_NUMBER' });

/** How a contact ended. */
export interface ContactEnd {
  at: Date;
  reason: DisconnectReason;
  attributes: Record<string, string>;
  transferredTo?: string | null;
  /** The contact a transfer created (a quick connect to a department queue). */
  nextContactId?: string | null;
}

/** The contact record of a finished call, as Connect writes it to the stream. */
export const contactTraceRecord = (
  contactId: string,
  open: OpenContact,
  end: ContactEnd,
): Record<string, unknown> => ({
  AWSAccountId: ACCOUNT,
  AWSContactTraceRecordFormatVersion: '2017-03-10',
  Agent:
    open.agent === null
      ? null
      : {
          ARN: `${INSTANCE_ARN}/agent/${open.agent.username}`,
          Username: open.agent.username,
          ConnectedToAgentTimestamp: stamp(open.agent.connectedAt),
          AgentInteractionDuration: seconds(open.agent.connectedAt, open.agentDisconnectedAt ?? end.at),
        },
  AgentConnectionAttempts: open.agent === null ? 0 : 1,
  Attributes: end.attributes,
  Channel: 'VOICE',
  ConnectedToSystemTimestamp: stamp(open.initiatedAt),
  ContactId: contactId,
  CustomerEndpoint: open.from === null ? null : telephone(open.from),
  DisconnectReason: end.reason,
  DisconnectTimestamp: stamp(end.at),
  InitialContactId: null,
  InitiationMethod: open.initiationMethod ?? 'INBOUND',
  InitiationTimestamp: stamp(open.initiatedAt),
  InstanceARN: INSTANCE_ARN,
  LastUpdateTimestamp: stamp(end.at),
  NextContactId: end.nextContactId ?? null,
  PreviousContactId: null,
  Queue:
    open.queue === null
      ? null
      : {
          ARN: `${INSTANCE_ARN}/queue/${open.queue.name}`,
          Name: open.queue.name,
          EnqueueTimestamp: stamp(open.queue.enqueuedAt),
          DequeueTimestamp: stamp(open.queue.dequeuedAt ?? end.at),
          Duration: seconds(open.queue.enqueuedAt, open.queue.dequeuedAt ?? end.at),
        },
  Recording: null,
  SystemEndpoint: telephone(open.dialed),
  TransferCompletedTimestamp: end.transferredTo ? stamp(end.at) : null,
  TransferredToEndpoint: end.transferredTo ? telephone(end.transferredTo) : null,
});

/** Contact records as one Kinesis batch of the Lambda event source (sequence numbers from `firstSequence`). */
export const kinesisEvent = (
  records: { contactId: string; payload: Record<string, unknown>; at: Date }[],
  firstSequence: number,
): KinesisStreamEvent => ({
  Records: records.map(({ contactId, payload, at }, i) => {
    const sequence = String(firstSequence + i).padStart(20, '0');
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: contactId,
        sequenceNumber: sequence,
        data: Buffer.from(JSON.stringify(payload)).toString('base64'),
        approximateArrivalTimestamp: at.getTime() / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequence}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/minwon365-ctr-consumer`,
      awsRegion: REGION,
      eventSourceARN: STREAM_ARN,
    };
  }),
});

/** Sends each finished call's contact record to `consumer` (the ctr-consumer handler). */
export function createContactTrace(options: {
  consumer: CtrConsumer;
  log?: (line: string) => void;
}): ContactTrace {
  const open = new Map<string, OpenContact>();
  let sequence = 0;
  const update = (contactId: string, change: (record: OpenContact) => void) => {
    const record = open.get(contactId);
    if (record !== undefined) change(record);
  };
  return {
    started({ contactId, at, dialed, from }) {
      open.set(contactId, {
        initiatedAt: at,
        dialed,
        from,
        queue: null,
        agent: null,
        agentDisconnectedAt: null,
      });
    },
    queued: ({ contactId, at, queue }) =>
      update(contactId, (record) => {
        record.queue = { name: queue, enqueuedAt: at, dequeuedAt: null };
      }),
    answered: ({ contactId, at, agent }) =>
      update(contactId, (record) => {
        record.agent = { username: agent, connectedAt: at };
        if (record.queue !== null) record.queue.dequeuedAt = at;
      }),
    agentDisconnected: ({ contactId, at }) =>
      update(contactId, (record) => {
        record.agentDisconnectedAt = at;
      }),
    async ended({ contactId, ...end }) {
      const record = open.get(contactId);
      if (record === undefined) return;
      open.delete(contactId);
      // The party that disconnected first: a counselor's hang-up leaves the caller in the flows after it.
      const reason = record.agentDisconnectedAt !== null ? 'AGENT_DISCONNECT' : end.reason;
      const payload = contactTraceRecord(contactId, record, { ...end, reason });
      sequence += 1;
      const event = kinesisEvent([{ contactId, payload, at: end.at }], sequence);
      try {
        const result = await options.consumer(event, createLambdaContext('minwon365-ctr-consumer'));
        if (result.batchItemFailures.length > 0)
          options.log?.(`contact record ${contactId}: the ctr-consumer reported a failure`);
      } catch (error) {
        options.log?.(
          `contact record ${contactId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
