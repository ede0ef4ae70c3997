import { createLambdaContext } from '#tools/local-aws/lambda-context';
import {
  type ContactEnd,
  type CtrConsumer,
  contactTraceRecord,
  kinesisEvent,
  type OpenContact,
} from '#tools/sandbox/contact-trace';
import { atSimulatedTime } from './clock';
import type { Telemetry } from './telemetry';

/**
 * The simulated day's contact records: each ended contact's record, as Connect writes it to the
 * instance's contact-record stream (tools/sandbox/contact-trace.ts builds it), delivered to the real
 * ctr-consumer in batches as the Kinesis event source does (up to {@link BATCH} records), from
 * `shards` shards at once (a contact's records always in the same shard, in order; one batch at a
 * time per shard, as the event source invokes the function per shard). A batch the consumer reports
 * failed records of (a fault) is delivered again later — the event source retries until it succeeds
 * or the record expires — here after the faults (`retryAt`).
 *
 * Record format: https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html ;
 * batches, per-shard order and retries: https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 * (the event source retries a failed batch until it succeeds or the record expires; with
 * ReportBatchItemFailures it resumes from the first failed record).
 */

const BATCH = 25;

interface Pending {
  contactId: string;
  payload: Record<string, unknown>;
  at: Date;
}

interface Shard {
  buffer: Pending[];
  chain: Promise<void>;
}

const shardOf = (contactId: string, shards: number): number => {
  let hash = 0;
  for (let i = 0; i < contactId.length; i++) hash = (hash * 31 + contactId.charCodeAt(i)) >>> 0;
  return hash % shards;
};

export class CtrSink {
  private readonly shards: Shard[];
  private sequence = 1;
  private failed: Pending[] = [];
  records = 0;
  redeliveries = 0;

  constructor(
    private readonly consumer: CtrConsumer,
    private readonly telemetry: Telemetry,
    private readonly secondsOf: (at: Date) => number,
    /** When failed records are delivered again (seconds since midnight → instant). */
    private readonly retryAt: (failedAt: Date) => Date,
    shards = 1,
  ) {
    this.shards = Array.from({ length: Math.max(1, shards) }, () => ({
      buffer: [],
      chain: Promise.resolve(),
    }));
  }

  add(contactId: string, open: OpenContact, end: ContactEnd): void {
    this.records += 1;
    const shard = this.shards[shardOf(contactId, this.shards.length)] as Shard;
    shard.buffer.push({ contactId, payload: contactTraceRecord(contactId, open, end), at: end.at });
    if (shard.buffer.length >= BATCH) this.flush(shard);
  }

  /** Sends a shard's buffered records (one batch after the other in a shard). */
  private flush(shard: Shard): Promise<void> {
    const batch = shard.buffer;
    shard.buffer = [];
    if (batch.length > 0) shard.chain = shard.chain.then(() => this.deliver(batch));
    return shard.chain;
  }

  /** Everything buffered and everything that failed, delivered until nothing fails (at most 5 rounds). */
  async drain(): Promise<void> {
    await Promise.all(this.shards.map((shard) => this.flush(shard)));
    for (let round = 0; round < 5 && this.failed.length > 0; round++) {
      const again = this.failed.map((p) => ({ ...p, at: this.retryAt(p.at) }));
      this.failed = [];
      this.redeliveries += again.length;
      for (const pending of again) {
        const shard = this.shards[shardOf(pending.contactId, this.shards.length)] as Shard;
        shard.buffer.push(pending);
      }
      await Promise.all(this.shards.map((shard) => this.flush(shard)));
    }
  }

  private async deliver(batch: Pending[]): Promise<void> {
    const last = new Date(Math.max(0, ...batch.map((pending) => pending.at.getTime())));
    const event = kinesisEvent(batch, this.sequence);
    this.sequence += batch.length;
    const result = await atSimulatedTime(
      () => last,
      () =>
        this.telemetry.time(
          'ctr-consumer',
          this.secondsOf(last),
          () => this.consumer(event, createLambdaContext('minwon365-ctr-consumer')),
          (r) => r.batchItemFailures.length > 0,
        ),
    ).catch(() => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })),
    }));
    const failedIds = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    // The event source retries from the first failed record on (bisecting aside): so do we.
    const first = event.Records.findIndex((r) => failedIds.has(r.kinesis.sequenceNumber));
    if (first >= 0) this.failed.push(...batch.slice(first));
  }
}
