import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLambdaContext } from '#tools/local-aws/lambda-context';

/**
 * Lambda's SQS event source for the sandbox: polls department queues on local SQS and invokes a
 * handler (the inbox-consumer) with an SQS event, deleting the messages it did not report in
 * `batchItemFailures` — what AWS's event source mapping with ReportBatchItemFailures does
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). Failed messages
 * become visible again after the visibility timeout and, after maxReceiveCount, move to the DLQ.
 */

export interface QueuePoller {
  /** Polls every queue once and waits for the handler (tests, and the e2e flow). */
  pollOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startQueuePoller(options: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** queue URL → the ARN the event carries (the consumer finds the department from it). */
  queues: { url: string; arn: string }[];
  handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): QueuePoller {
  const sqs = new SQSClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
  });
  let stopped = false;
  let running: Promise<number> | undefined;
  let failures = 0;

  const pollQueue = async ({ url, arn }: { url: string; arn: string }): Promise<number> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return 0;
    const event: SQSEvent = {
      Records: Messages.map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {} as SQSEvent['Records'][number]['attributes'],
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: arn,
        awsRegion: options.region,
      })),
    };
    const result = await options.handler(event, createLambdaContext('minwon365-inbox-consumer'));
    const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    let done = 0;
    for (const m of Messages) {
      if (failed.has(m.MessageId ?? '')) continue;
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
      done += 1;
    }
    return done;
  };

  const pollOnce = () => {
    running ??= (async () => {
      let total = 0;
      for (const queue of options.queues) total += await pollQueue(queue);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await pollOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1) options.onError?.(error);
      }
      // Back off while the local services are down (at most 30 s between tries).
      const wait = failures === 0 ? (options.intervalMs ?? 1_000) : Math.min(30_000, 1_000 * 2 ** failures);
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
  };
  void loop();

  return {
    pollOnce,
    async stop() {
      stopped = true;
      await running?.catch(() => undefined);
      sqs.destroy();
    },
  };
}
