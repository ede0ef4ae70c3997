import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1 in front of a local AWS endpoint (DynamoDB Local), for the worst
 * cases a contact flow must survive: `delay` holds each answer back by `delayMs` (a slow
 * DynamoDB), `blackhole` accepts every request and never answers (a hung connection), `down`
 * refuses connections (the service is gone). The mode can change while it runs.
 */

export type SlowProxyMode = { kind: 'pass' } | { kind: 'delay'; delayMs: number } | { kind: 'blackhole' };

export interface SlowProxy {
  /** `http://127.0.0.1:<port>`: point `AWS_ENDPOINT_URL_DYNAMODB` (or a client) here. */
  readonly endpoint: string;
  setMode(mode: SlowProxyMode): void;
  /** Requests received so far (answered or not). */
  readonly requests: number;
  stop(): Promise<void>;
}

export async function startSlowProxy(
  target: string,
  mode: SlowProxyMode = { kind: 'pass' },
): Promise<SlowProxy> {
  const upstream = new URL(target);
  let current = mode;
  let requests = 0;
  const held = new Set<() => void>();
  const server: Server = createServer((incoming, outgoing) => {
    requests++;
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const active = current;
      if (active.kind === 'blackhole') {
        // Never answered; released (destroyed) only when the proxy stops.
        held.add(() => outgoing.destroy());
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const reply = () => {
              if (outgoing.destroyed) return;
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              outgoing.end(Buffer.concat(body));
            };
            if (active.kind === 'delay') {
              const timer = setTimeout(() => {
                held.delete(cancel);
                reply();
              }, active.delayMs);
              const cancel = () => {
                clearTimeout(timer);
                outgoing.destroy();
              };
              held.add(cancel);
            } else reply();
          });
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setMode(next) {
      current = next;
    },
    get requests() {
      return requests;
    },
    async stop() {
      for (const release of held) release();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An endpoint where nothing listens (connection refused): a port that was free a moment ago. */
export async function downEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
