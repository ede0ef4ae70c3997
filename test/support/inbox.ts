import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/**
 * Lambda's SQS event source for one department queue, once, for integration tests: receive, invoke
 * the inbox-consumer handler with an SQS event, delete what it did not report as failed. Returns
 * how many messages were consumed.
 */
export async function pumpInboxQueue(options: {
  sqs: SQSClient;
  queueUrl: string;
  handler: (event: SQSEvent, context: Context) => Promise<unknown>;
  context: Context;
}): Promise<number> {
  const { sqs, queueUrl } = options;
  const arn = `arn:aws:sqs:ap-northeast-2:000000000000:${queueUrl.split('/').at(-1)}`;
  let consumed = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 30,
      }),
    );
    if (Messages.length === 0) return consumed;
    const event: SQSEvent = {
      Records: Messages.map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {} as SQSEvent['Records'][number]['attributes'],
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: arn,
        awsRegion: 'ap-northeast-2',
      })),
    };
    const result = (await options.handler(event, options.context)) as SQSBatchResponse | undefined;
    const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const m of Messages) {
      if (failed.has(m.MessageId ?? '')) continue;
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      consumed += 1;
    }
  }
}
