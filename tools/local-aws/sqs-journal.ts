import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createRequestHandler } from 'local-aws-sqs';

/**
 * local-aws-sqs keeps its queues in memory; this makes it durable like SQS, for the sandbox
 * (`npm start` must not lose a department's unread messages when it restarts or crashes).
 *
 * A journal in front of local-aws-sqs's own request handler (JSON protocol, what SDK v3 speaks):
 * every message sent (SendMessage, SendMessageBatch) and every message deleted (DeleteMessage,
 * DeleteMessageBatch, PurgeQueue) is appended to `<dir>/messages.jsonl` — synchronously, before
 * the answer leaves, so a message the sender was told is stored is on disk. When a queue is created
 * again after a restart (the sandbox provisions its queues on every start), the messages journalled
 * for it and not deleted are put back with their ids, bodies and attributes, visible at once; on
 * start the journal is compacted to those messages.
 *
 * Why persist SQS instead of re-driving department messages from the Tickets stream: the stream
 * knows what was sent, not what a department has read and acknowledged (a re-drive would show read
 * messages again) and keeps records for 24 hours only in AWS; the journal keeps exactly the unread
 * messages, as SQS does.
 *
 * Not kept across a restart: receive counts and in-flight visibility (a received, unacknowledged
 * message is visible again, as after its visibility timeout), message timers and delays, and a
 * move to a dead-letter queue that happened inside local-aws-sqs after the last receive we saw.
 */

interface JournalledMessage {
  id: string;
  body: string;
  attributes?: unknown;
}

type Entry =
  | ({ op: 'send'; queue: string } & JournalledMessage)
  | { op: 'delete'; queue: string; id: string }
  | { op: 'purge'; queue: string };

export interface DurableSqs {
  server: Server;
  endpoint: string;
  /** Messages put back into re-created queues since start. */
  restored(): number;
  close(): Promise<void>;
}

/** `http://host:port/000000000000/dept-roads` → `dept-roads`. */
const queueName = (url: unknown): string => {
  const text = typeof url === 'string' ? url : '';
  try {
    return new URL(text).pathname.split('/').filter(Boolean).at(-1) ?? '';
  } catch {
    return text.split('/').filter(Boolean).at(-1) ?? '';
  }
};

/** The journal folded: queue → message id → message. */
const fold = (entries: Entry[]): Map<string, Map<string, JournalledMessage>> => {
  const queues = new Map<string, Map<string, JournalledMessage>>();
  const of = (queue: string) => {
    let messages = queues.get(queue);
    if (messages === undefined) {
      messages = new Map();
      queues.set(queue, messages);
    }
    return messages;
  };
  for (const entry of entries) {
    if (entry.op === 'send') {
      const { op: _op, queue, ...message } = entry;
      of(queue).set(message.id, message);
    } else if (entry.op === 'delete') of(entry.queue).delete(entry.id);
    else of(entry.queue).clear();
  }
  return queues;
};

const readJournal = (file: string): Entry[] => {
  if (!existsSync(file)) return [];
  const entries: Entry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as Entry);
    } catch {
      // A line cut short by a crash mid-write: the message it described was never acknowledged.
    }
  }
  return entries;
};

export async function startDurableSqs(options: {
  dir: string;
  region: string;
  accountId: string;
  hostname?: string;
}): Promise<DurableSqs> {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, 'messages.jsonl');
  const pending = fold(readJournal(file));
  // Compact: the journal becomes the unread messages, written atomically.
  const compacted = [...pending].flatMap(([queue, messages]) =>
    [...messages.values()].map((message) => JSON.stringify({ op: 'send', queue, ...message })),
  );
  writeFileSync(`${file}.tmp`, compacted.length > 0 ? `${compacted.join('\n')}\n` : '');
  renameSync(`${file}.tmp`, file);

  const hostname = options.hostname ?? '127.0.0.1';
  const { requestHandler, service } = createRequestHandler({
    port: 0,
    hostname,
    region: options.region,
    accountId: options.accountId,
    emulateQueueCreationLifecycle: false,
  });
  /** receipt handle → where the received message is (deletes name messages by receipt handle). */
  const receipts = new Map<string, { queue: string; id: string }>();
  /** message id → queue, for every message journalled as present. */
  const located = new Map<string, string>();
  for (const [queue, messages] of pending) for (const id of messages.keys()) located.set(id, queue);
  let restoredCount = 0;

  const journal = (entry: Entry) => {
    appendFileSync(file, `${JSON.stringify(entry)}\n`);
    if (entry.op === 'send') located.set(entry.id, entry.queue);
    else if (entry.op === 'delete') located.delete(entry.id);
  };

  const restore = (queue: string) => {
    const messages = pending.get(queue);
    const target = service.Queues.find((q) => q.QueueName === queue);
    if (messages === undefined || target === undefined) return;
    for (const message of messages.values()) {
      target.setRecord({ MessageBody: message.body, MessageAttributes: message.attributes }, message.id);
      restoredCount += 1;
    }
    pending.delete(queue);
  };

  /** Journals what a successful call changed (called with its parsed request and answer). */
  const record = (action: string, input: Record<string, unknown>, output: Record<string, unknown>) => {
    const queue = queueName(input.QueueUrl);
    switch (action) {
      case 'CreateQueue':
        restore(queueName(output.QueueUrl) || String(input.QueueName ?? ''));
        return;
      case 'SendMessage':
        journal({
          op: 'send',
          queue,
          id: String(output.MessageId),
          body: String(input.MessageBody ?? ''),
          ...(input.MessageAttributes !== undefined && { attributes: input.MessageAttributes }),
        });
        return;
      case 'SendMessageBatch': {
        const entries = new Map(
          ((input.Entries ?? []) as Record<string, unknown>[]).map((entry) => [String(entry.Id), entry]),
        );
        for (const ok of (output.Successful ?? []) as Record<string, unknown>[]) {
          const entry = entries.get(String(ok.Id));
          journal({
            op: 'send',
            queue,
            id: String(ok.MessageId),
            body: String(entry?.MessageBody ?? ''),
            ...(entry?.MessageAttributes !== undefined && { attributes: entry.MessageAttributes }),
          });
        }
        return;
      }
      case 'ReceiveMessage':
        for (const message of (output.Messages ?? []) as Record<string, unknown>[]) {
          const id = String(message.MessageId);
          const before = located.get(id);
          // Moved by local-aws-sqs's redrive policy into this (dead-letter) queue since we last saw it.
          if (before !== undefined && before !== queue) {
            journal({ op: 'delete', queue: before, id });
            journal({
              op: 'send',
              queue,
              id,
              body: String(message.Body ?? ''),
              ...(message.MessageAttributes !== undefined && { attributes: message.MessageAttributes }),
            });
          }
          receipts.set(String(message.ReceiptHandle), { queue, id });
        }
        return;
      case 'DeleteMessage': {
        const where = receipts.get(String(input.ReceiptHandle));
        if (where !== undefined) journal({ op: 'delete', ...where });
        return;
      }
      case 'DeleteMessageBatch': {
        const handles = new Map(
          ((input.Entries ?? []) as Record<string, unknown>[]).map((entry) => [
            String(entry.Id),
            String(entry.ReceiptHandle),
          ]),
        );
        for (const ok of (output.Successful ?? []) as Record<string, unknown>[]) {
          const where = receipts.get(handles.get(String(ok.Id)) ?? '');
          if (where !== undefined) journal({ op: 'delete', ...where });
        }
        return;
      }
      case 'PurgeQueue':
        journal({ op: 'purge', queue });
        for (const [id, at] of located) if (at === queue) located.delete(id);
        return;
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
    const requestChunks: Buffer[] = [];
    // Registered before local-aws-sqs's own listener: both see every chunk.
    request.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    const responseChunks: Buffer[] = [];
    const write = response.write.bind(response);
    const end = response.end.bind(response);
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && chunk !== null) responseChunks.push(Buffer.from(chunk as string));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
        responseChunks.push(Buffer.from(chunk as string));
      if (action !== '' && response.statusCode < 300) {
        try {
          const input = JSON.parse(Buffer.concat(requestChunks).toString('utf8') || '{}') as Record<
            string,
            unknown
          >;
          const output = JSON.parse(Buffer.concat(responseChunks).toString('utf8') || '{}') as Record<
            string,
            unknown
          >;
          record(action, input, output);
        } catch (error) {
          // Never answer a call whose change could not be journalled as if it were durable.
          response.statusCode = 500;
          return (end as (...args: unknown[]) => ServerResponse)(
            JSON.stringify({ __type: 'InternalError', message: `journal: ${String(error)}` }),
          );
        }
      }
      return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof response.end;
    void requestHandler(request, response);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, hostname, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error('The durable SQS server did not report its port');
  service.PORT = address.port;
  return {
    server,
    endpoint: `http://${hostname}:${address.port}`,
    restored: () => restoredCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
