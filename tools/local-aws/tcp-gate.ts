import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A loopback TCP relay in front of DynamoDB Local, so a test can cut DynamoDB off the network the
 * way an outage looks from a client (connections reset, new ones refused) without touching the
 * process behind it, and put a restarted process behind the same endpoint.
 *
 * Why not just SIGKILL the emulator: DynamoDB acknowledges a write only once it is durable ("When
 * your application writes data to a DynamoDB table and receives an HTTP 200 response (OK), that
 * means the write completed successfully and has been durably persisted",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html).
 * DynamoDB Local (release 2026-01-16) does not keep that promise for TransactWriteItems when its
 * process is killed: measured here (16 clients, SIGKILL right after the 300th acknowledged
 * transaction, 3 runs of each delay), the last acknowledged transaction was gone after the restart
 * when the kill came within 100 ms of its answer, and none was lost with 150 ms or more; PutItem
 * lost nothing. Its usage notes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html)
 * say nothing about durability. A crash test that SIGKILLs it mid-burst therefore tests a fault
 * DynamoDB does not have (a citizen told a ticket number the store then forgets) — the bad-day
 * test (test/e2e/bad-day.test.ts) failed at random on exactly that ("answers that changed
 * ticket: 1").
 *
 * So a crash here is what a client of DynamoDB can meet: the endpoint is cut first (the requests
 * in flight get no answer and cannot know whether their write happened), and the process is
 * killed once it has had time to persist what it answered (`stopDynamo` in services.ts).
 * test/integration/local-aws-services.test.ts checks that no acknowledged transaction is lost;
 * with the old direct SIGKILL the same test lost one in 2 of 3 runs.
 */
export interface TcpGate {
  /** The port clients connect to (127.0.0.1). */
  readonly port: number;
  /** Relays new connections to `targetPort` on 127.0.0.1. */
  open(targetPort: number): void;
  /** Resets every relayed connection and every new one until the next {@link TcpGate.open}. */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpGate(): Promise<TcpGate> {
  let target: number | undefined;
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const reset = (socket: Socket) => {
    if (!socket.destroyed) socket.resetAndDestroy();
  };

  const server = createServer({ noDelay: true }, (client) => {
    if (target === undefined) {
      reset(client);
      return;
    }
    const upstream = tcpConnect({ port: target, host: '127.0.0.1', noDelay: true });
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      reset(client);
      reset(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the TCP gate has no port');

  const cut = () => {
    target = undefined;
    for (const { client, upstream } of [...pairs]) {
      reset(client);
      reset(upstream);
    }
    pairs.clear();
  };
  return {
    port: address.port,
    open(targetPort) {
      target = targetPort;
    },
    cut,
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
