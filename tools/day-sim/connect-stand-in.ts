import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectApi } from '#tools/sandbox/connect-api';

/** What Amazon Connect knows of a simulated call: who answered it, the number dialed, when. */
export interface KnownCall {
  answeredBy: string | null;
  dialed: string;
  startedAt: Date;
}

/**
 * The day simulation's stand-in for the two Amazon Connect calls the desk API makes before it
 * writes to a call (DescribeContact, DescribeUser; functions/adapters/connect-contacts.ts), served
 * by the sandbox's own handler (tools/sandbox/connect-api.ts) from the calls the simulation has
 * answered, so every disposition passes the same ownership check as in AWS. The API's Connect
 * client reaches it through `AWS_ENDPOINT_URL_CONNECT`.
 */
export class ConnectStandIn {
  private constructor(
    readonly calls: Map<string, KnownCall>,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ConnectStandIn> {
    const calls = new Map<string, KnownCall>();
    const server = createServer((request, response) => {
      const parts = (request.url ?? '/').split('?')[0]?.split('/').filter(Boolean) ?? [];
      connectApi({ describe: (id) => calls.get(id) }, response, parts);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ConnectStandIn(calls, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
