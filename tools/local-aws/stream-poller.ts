import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createLambdaContext } from '#tools/local-aws/lambda-context';
import {
  type ShardIteratorType,
  type StreamApiRecord,
  StreamsApi,
  type StreamsApiConfig,
  StreamsApiError,
} from '#tools/local-aws/streams-api';

/**
 * A local event-source mapping: DynamoDB Streams (served by DynamoDB Local) → a Lambda handler.
 *
 * Like Lambda's mapping it reads each shard in order, invokes the handler with a real
 * `DynamoDBStreamEvent`, honours `batchItemFailures` (the batch is retried from the lowest failed
 * sequence number; the records before it count as done), retries a batch whose invocation
 * throws, and after `maxRetryAttempts` hands the batch to `onFailure` (the on-failure destination)
 * and moves on. Not emulated: bisect-on-error, batching windows, parallelization factor, filters.
 *
 * While the Streams API fails (DynamoDB Local stopped or restarting) the poller backs off
 * exponentially from `pollIntervalMs` up to `maxBackoffMs` (with jitter), instead of polling in a
 * tight loop, and reports errors at a bounded rate: the first one, then at most one per
 * `errorReportIntervalMs` with the number of failed polls in between, and one line when polling
 * works again. Every shard iterator is dropped on an error and taken again from the last
 * delivered position, so nothing is skipped or delivered twice when the service comes back.
 *
 * Lambda's mapping keeps its position across restarts of everything; locally that is `checkpoint`:
 * the last delivered sequence number of each shard, saved after every batch and read at start(),
 * so a restarted poller (the sandbox after `npm start` again) resumes right after what it
 * delivered — neither skipping what arrived while it was down nor repeating what it had done. A
 * position the stream no longer holds (trimmed after 24 hours) falls back to the shard's oldest
 * record.
 */

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
  // biome-ignore lint/suspicious/noConfusingVoidType: Lambda handlers may return nothing.
) => Promise<DynamoDBBatchResponse | void | undefined>;

export interface StreamFailure {
  records: DynamoDBRecord[];
  /** The thrown error, or the batch item failures the handler kept reporting. */
  reason: unknown;
  attempts: number;
}

export interface StreamPollerOptions extends StreamsApiConfig {
  streamArn: string;
  handler: StreamHandler;
  /** Used in the Lambda context. */
  functionName?: string;
  batchSize?: number;
  /** Where to begin on shards that exist at start(); default LATEST. */
  startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** Retries after the first failed invocation of a batch; default 3. */
  maxRetryAttempts?: number;
  pollIntervalMs?: number;
  onFailure?: (failure: StreamFailure) => void;
  /**
   * Streams API errors while polling (the poller keeps going); default: console.error. Called for
   * the first error of an outage and then at most once per `errorReportIntervalMs`, with the
   * number of failed polls since the last report.
   */
  onError?: (error: unknown, failedPolls: number) => void;
  /** Called once when polling works again after errors, with how long it failed. */
  onRecovered?: (outage: { failedPolls: number; ms: number }) => void;
  /** Where the per-shard positions are kept across restarts (see above); none: in memory only. */
  checkpoint?: StreamCheckpoint;
  /** Longest pause between polls while the Streams API keeps failing; default 5,000 ms. */
  maxBackoffMs?: number;
  /** Shortest time between two `onError` reports during one outage; default 30,000 ms. */
  errorReportIntervalMs?: number;
}

/** Per-shard positions (shard id → last delivered sequence number) kept across restarts. */
export interface StreamCheckpoint {
  load(): Record<string, string> | undefined;
  save(positions: Record<string, string>): void;
}

/** A checkpoint in a JSON file, written atomically (a temporary file renamed over it). */
export const fileCheckpoint = (file: string): StreamCheckpoint => ({
  load() {
    if (!existsSync(file)) return undefined;
    try {
      const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      return Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    } catch {
      return undefined;
    }
  },
  save(positions) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(positions));
    renameSync(`${file}.tmp`, file);
  },
});

interface ShardState {
  shardId: string;
  parentShardId?: string;
  iterator?: string;
  /** Where the next iterator starts when `iterator` is missing. */
  resume: { type: ShardIteratorType; sequenceNumber?: string };
  finished: boolean;
  /** Sequence number of the record being retried and how many times it failed. */
  retry?: { sequenceNumber: string; attempts: number };
}

export interface StreamPoller {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every record written before the call has been delivered (or given up on). */
  drain(timeoutMs?: number): Promise<void>;
  /** Batches handed to the on-failure destination so far. */
  readonly failures: readonly StreamFailure[];
  /** Whether start() found a checkpoint to resume from. */
  readonly resumed: boolean;
}

export function createStreamPoller(options: StreamPollerOptions): StreamPoller {
  const api = new StreamsApi(options);
  const batchSize = options.batchSize ?? 100;
  const maxRetryAttempts = options.maxRetryAttempts ?? 3;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  const onError =
    options.onError ??
    ((error: unknown, failedPolls: number) =>
      console.error('[stream-poller]', `(${failedPolls} failed polls)`, error));
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const errorReportIntervalMs = options.errorReportIntervalMs ?? 30_000;
  /** The current outage: consecutive failed polls, when it began, when it was last reported. */
  let outage: { failedPolls: number; since: number; reportedAt: number; unreported: number } | undefined;
  /** Aborts the pause between polls when the poller stops. */
  let pause = new AbortController();
  const functionName = options.functionName ?? 'local-stream-consumer';
  const shards = new Map<string, ShardState>();
  /** The checkpoint read at start(): shard id → last delivered sequence number. */
  const saved = options.checkpoint?.load() ?? {};
  const positions: Record<string, string> = { ...saved };
  const savePosition = (shardId: string, sequenceNumber: string) => {
    if (options.checkpoint === undefined) return;
    positions[shardId] = sequenceNumber;
    options.checkpoint.save(positions);
  };
  const failures: StreamFailure[] = [];
  const drainWaiters: { afterRound: number; resolve: () => void }[] = [];
  let round = 0;
  let running = false;
  let loop: Promise<void> | undefined;

  async function discoverShards(initial: boolean): Promise<void> {
    for (const shard of await api.describeStream(options.streamArn)) {
      if (shards.has(shard.ShardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const startAtLatest = initial && (options.startingPosition ?? 'LATEST') === 'LATEST';
      const after = saved[shard.ShardId];
      shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
        // Where the checkpoint says, else: shards found later are new since start(), read from
        // their beginning.
        resume:
          after !== undefined
            ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: after }
            : { type: startAtLatest ? 'LATEST' : 'TRIM_HORIZON' },
        finished: after === undefined && startAtLatest && closed,
      });
    }
  }

  function readable(shard: ShardState): boolean {
    if (shard.finished) return false;
    const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
    return !parent || parent.finished;
  }

  async function iteratorFor(shard: ShardState): Promise<string | undefined> {
    try {
      shard.iterator ??= await api.getShardIterator({
        StreamArn: options.streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: shard.resume.type,
        ...(shard.resume.sequenceNumber ? { SequenceNumber: shard.resume.sequenceNumber } : {}),
      });
    } catch (error) {
      // A saved position older than the stream's retention: from the oldest record it has.
      if (!(error instanceof StreamsApiError && /Trimmed/.test(error.code))) throw error;
      shard.resume = { type: 'TRIM_HORIZON' };
      shard.iterator = await api.getShardIterator({
        StreamArn: options.streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      });
    }
    return shard.iterator;
  }

  /** Reads one batch from the shard; true when it saw records. */
  async function pollShard(shard: ShardState): Promise<boolean> {
    const iterator = await iteratorFor(shard);
    if (!iterator) {
      shard.finished = true;
      return false;
    }
    let page: Awaited<ReturnType<StreamsApi['getRecords']>>;
    try {
      page = await api.getRecords(iterator, batchSize);
    } catch (error) {
      if (error instanceof StreamsApiError && /Expired|Trimmed/.test(error.code)) {
        shard.iterator = undefined;
        return true;
      }
      throw error;
    }
    const records = page.Records ?? [];
    shard.iterator = page.NextShardIterator ?? undefined;
    if (records.length === 0) {
      if (!page.NextShardIterator) shard.finished = true;
      return false;
    }
    await deliver(shard, records);
    return true;
  }

  async function deliver(shard: ShardState, records: StreamApiRecord[]): Promise<void> {
    const lambdaRecords = records.map((record) => toLambdaRecord(record, options));
    const retryFrom = await invoke(lambdaRecords);
    const last = records.at(-1)?.dynamodb.SequenceNumber;
    if (retryFrom === undefined) {
      shard.retry = undefined;
      if (last) {
        shard.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last };
        savePosition(shard.shardId, last);
      }
      return;
    }
    const failed = lambdaRecords.slice(retryFrom.index);
    const sequenceNumber = failed[0]?.dynamodb?.SequenceNumber ?? '';
    const attempts = shard.retry?.sequenceNumber === sequenceNumber ? shard.retry.attempts + 1 : 1;
    if (attempts > maxRetryAttempts) {
      const failure = { records: failed, reason: retryFrom.reason, attempts };
      failures.push(failure);
      options.onFailure?.(failure);
      shard.retry = undefined;
      if (last) {
        shard.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last };
        savePosition(shard.shardId, last);
      }
      return;
    }
    // Re-read from the failed record, as Lambda does, so later records keep their order.
    shard.retry = { sequenceNumber, attempts };
    shard.resume = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber };
    shard.iterator = undefined;
    await sleep(pollIntervalMs);
  }

  /** Invokes the handler; the index of the first record to retry, if any. */
  async function invoke(records: DynamoDBRecord[]): Promise<{ index: number; reason: unknown } | undefined> {
    let response: DynamoDBBatchResponse | undefined;
    try {
      response =
        (await options.handler({ Records: records }, createLambdaContext(functionName))) ?? undefined;
    } catch (error) {
      return { index: 0, reason: error };
    }
    const failedIds = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
    if (failedIds.length === 0) return undefined;
    const indexes = failedIds.map((id) =>
      records.findIndex((record) => record.dynamodb?.SequenceNumber === id),
    );
    // An identifier that names no record in the batch fails the whole batch, as in Lambda.
    const index = indexes.includes(-1) ? 0 : Math.min(...indexes);
    return { index, reason: response?.batchItemFailures };
  }

  /** Waits `ms`, or less when the poller stops. */
  async function idle(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: pause.signal });
    } catch {
      // stopped
    }
  }

  /** Records a failed poll; the pause before the next one. */
  function failed(error: unknown): number {
    const now = Date.now();
    // Iterators may not survive the outage (a restarted DynamoDB Local): take them again from the
    // last delivered position.
    for (const shard of shards.values()) shard.iterator = undefined;
    if (outage === undefined) {
      outage = { failedPolls: 1, since: now, reportedAt: now, unreported: 0 };
      onError(error, 1);
    } else {
      outage.failedPolls += 1;
      outage.unreported += 1;
      if (now - outage.reportedAt >= errorReportIntervalMs) {
        onError(error, outage.unreported);
        outage.reportedAt = now;
        outage.unreported = 0;
      }
    }
    const ceiling = Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.min(outage.failedPolls, 20));
    // Equal jitter: at least half the ceiling, so the pause grows however the dice fall.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  async function pollForever(): Promise<void> {
    while (running) {
      const thisRound = ++round;
      let busy = false;
      let backoffMs: number | undefined;
      try {
        if (thisRound % 40 === 1 || [...shards.values()].every((shard) => shard.finished)) {
          await discoverShards(false);
        }
        for (const shard of shards.values()) {
          if (running && readable(shard)) busy = (await pollShard(shard)) || busy;
        }
        if (outage !== undefined) {
          options.onRecovered?.({ failedPolls: outage.failedPolls, ms: Date.now() - outage.since });
          outage = undefined;
        }
      } catch (error) {
        backoffMs = failed(error);
      }
      if (backoffMs !== undefined) {
        await idle(backoffMs);
        continue;
      }
      if (!busy) {
        for (const waiter of drainWaiters.filter((candidate) => candidate.afterRound < thisRound)) {
          drainWaiters.splice(drainWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        await idle(pollIntervalMs);
      }
    }
  }

  return {
    failures,
    resumed: Object.keys(saved).length > 0,
    async start() {
      if (running) return;
      // Written at once, so the next start resumes even if nothing is delivered before a crash.
      options.checkpoint?.save(positions);
      await discoverShards(true);
      // Take LATEST positions now, so records written right after start() are delivered.
      await Promise.all([...shards.values()].filter((shard) => !shard.finished).map(iteratorFor));
      running = true;
      pause = new AbortController();
      loop = pollForever();
    },
    async stop() {
      running = false;
      pause.abort();
      await loop;
      for (const shard of shards.values()) shard.iterator = undefined;
    },
    drain(timeoutMs = 15_000) {
      if (!running) return Promise.reject(new Error('The stream poller is not running'));
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          afterRound: round,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          drainWaiters.splice(drainWaiters.indexOf(waiter), 1);
          reject(new Error(`Stream ${options.streamArn} not drained within ${timeoutMs} ms`));
        }, timeoutMs);
        drainWaiters.push(waiter);
      });
    },
  };
}

function toLambdaRecord(record: StreamApiRecord, options: StreamPollerOptions): DynamoDBRecord {
  return {
    ...record,
    awsRegion: options.region,
    eventSourceARN: options.streamArn,
    dynamodb: { ...record.dynamodb, StreamViewType: record.dynamodb.StreamViewType as 'NEW_AND_OLD_IMAGES' },
  };
}
