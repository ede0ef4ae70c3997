import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { maskPhone } from '#domain/phone';
import { ssmlToText } from '#tools/flows/ssml';
import { buildWebIfStale, DIST_DIR } from '../../web/build';
import { createApiAdapter, readDevToken } from './api-adapter';
import { createContactTrace } from './contact-trace';
import { SandboxMessaging } from './outbox';
import { PhoneError, PhoneExchange } from './phone';
import { type SandboxRuntime, startRuntime } from './runtime';

/**
 * The local sandbox: the whole call center on this machine (`npm start`). One HTTP server serves
 * the built web app, the deployed HTTP API's handler under /api (tools/sandbox/api-adapter.ts),
 * and the sandbox-only endpoints under /sandbox (the simulated phone and the counselors' queue,
 * which Amazon Connect provides in AWS).
 */

export const DEFAULT_PORT = 3650;

export interface SandboxOptions {
  rootDir: string;
  /** Persistent data (DynamoDB Local files); default <rootDir>/.local. */
  dataDir?: string;
  port?: number;
  host?: string;
  reset?: boolean;
  city?: string;
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  port: number;
  runtime: SandboxRuntime;
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError';
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function checkJava(): void {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new SandboxStartError(
      `Java was not found ("${java}"): DynamoDB Local needs Java 17 or later.\n` +
        'Install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME.',
    );
  }
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new SandboxStartError(
            `Port ${port} is already in use (another sandbox?). Stop that program or choose another port: npm start -- --port ${port + 1}`,
          ),
        );
      } else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolvePromise(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_000_000) {
        reject(new PhoneError(413, 'TOO_LARGE', '요청이 너무 큽니다.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const sendJson = (response: ServerResponse, status: number, payload: unknown) => {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(payload));
};

/** `YYYY-MM-DDT10:15` today in the city's time zone: a time the call center is open. */
const openTimeToday = (timezone: string): string => {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return `${day}T10:15`;
};

/** The texts a flow speaks (Text, or SSML without its tags), in file order: the abuse warning. */
function flowPrompts(file: string): string[] {
  if (!existsSync(file)) return [];
  const flow = JSON.parse(readFileSync(file, 'utf8')) as {
    Actions?: { Parameters?: Record<string, unknown> }[];
  };
  return (flow.Actions ?? []).flatMap(({ Parameters: parameters }) => {
    if (typeof parameters?.Text === 'string') return [parameters.Text.replace(/\s+/g, ' ').trim()];
    if (typeof parameters?.SSML === 'string') return [ssmlToText(parameters.SSML)];
    return [];
  });
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const rootDir = resolve(options.rootDir);
  const dataDir = resolve(options.dataDir ?? join(rootDir, '.local'));
  const host = options.host ?? '127.0.0.1';
  const wantedPort = options.port ?? DEFAULT_PORT;

  // Fail fast, before anything slow starts: the port, then Java.
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('샌드박스를 시작하는 중입니다…');
  };
  const server = createServer((request, response) => handler(request, response));
  const port = await listen(server, wantedPort, host);
  const closeServer = () =>
    new Promise<void>((resolvePromise) => {
      server.closeAllConnections();
      server.close(() => resolvePromise());
    });
  let runtime: SandboxRuntime | undefined;
  try {
    checkJava();
    if (options.reset && existsSync(dataDir)) {
      rmSync(dataDir, { recursive: true, force: true });
      log(`reset: removed ${dataDir}`);
    }
    const web = buildWebIfStale().then((result) => {
      if (result.built) log(`web app built (${result.ms} ms)`);
      return result;
    });
    web.catch(() => undefined);
    runtime = await startRuntime({
      rootDir,
      dataDir,
      ...(options.city ? { city: options.city } : {}),
      log,
      selfUrl: `http://127.0.0.1:${port}`,
    });
    await web;
  } catch (error) {
    await runtime?.stop();
    await closeServer();
    throw error;
  }
  const rt = runtime;
  const timezone = rt.runtimeConfig.timezone;
  const contactTrace = createContactTrace({ consumer: rt.ctrConsumer, log });
  const phone = new PhoneExchange({
    rootDir,
    settings: rt.settings,
    functions: rt.functions,
    contactTrace,
    log,
  });
  const api = createApiAdapter({ handler: rt.api });
  const abuseWarning = flowPrompts(join(rootDir, 'contact-flows', 'abuse-warning.json'));
  const messaging = new SandboxMessaging();

  /** Counselors and admins (dev token) see callers' full numbers; anyone else gets them masked. */
  const seesNumbers = (request: IncomingMessage): boolean =>
    readDevToken(request.headers.authorization)?.groups.some((g) => g === 'counselors' || g === 'admins') ??
    false;
  const guard = <T extends { from: string | null }>(request: IncomingMessage, view: T): T =>
    seesNumbers(request) || view.from === null ? view : { ...view, from: maskPhone(view.from) };

  const sandboxRoute = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const method = request.method ?? 'GET';
    const body = method === 'POST' ? await readBody(request) : '';
    const json = (): Record<string, unknown> => {
      if (!body) return {};
      try {
        const value = JSON.parse(body) as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value))
          return value as Record<string, unknown>;
      } catch {
        // fall through
      }
      throw new PhoneError(400, 'INVALID_JSON', '요청 본문이 올바른 JSON이 아닙니다.');
    };
    const parts = path.split('/').filter(Boolean).slice(1); // drop "sandbox"
    const [resource, id, action] = parts;
    if (method === 'GET' && resource === 'info') {
      return sendJson(response, 200, {
        city: rt.runtimeConfig.city,
        timezone,
        entryPoints: rt.entryPoints,
        categories: rt.runtimeConfig.categories,
        departments: rt.runtimeConfig.departments.map((d) => ({
          id: d.id,
          nameKo: d.nameKo,
          categories: d.categories,
        })),
      });
    }
    if (resource === 'aws' && method === 'POST' && id === 'sms')
      return messaging.sms(request, response, body);
    if (resource === 'aws' && method === 'POST' && id === 'sns') return messaging.sns(response, body);
    if (resource === 'outbox') {
      if (method === 'GET' && !id) return sendJson(response, 200, { messages: messaging.outbox });
      if (method === 'POST' && id === 'opt-out') {
        const number = json().number;
        if (typeof number !== 'string' || !/^\+[1-9]\d{6,14}$/.test(number))
          throw new PhoneError(400, 'INVALID_NUMBER', '번호는 E.164 형식(+8210…)이어야 합니다.');
        messaging.optOut(number);
        return sendJson(response, 200, { optedOut: maskPhone(number) });
      }
    }
    if (resource === 'manager-alerts' && method === 'GET' && !id)
      return sendJson(response, 200, { alerts: messaging.managerAlerts });
    if (resource === 'sla-check' && method === 'POST' && !id) {
      return sendJson(response, 200, await rt.slaCheck());
    }
    if (resource === 'calls') {
      if (method === 'POST' && !id) {
        const input = json();
        const dialed = typeof input.dialed === 'string' ? input.dialed : '';
        const from = typeof input.from === 'string' && input.from ? input.from : null;
        const at = input.inHours === false ? undefined : openTimeToday(timezone);
        return sendJson(
          response,
          201,
          guard(request, await phone.start({ dialed, from, ...(at ? { at } : {}) })),
        );
      }
      if (id && method === 'GET' && !action) return sendJson(response, 200, guard(request, phone.get(id)));
      if (id && method === 'POST' && action === 'input') {
        const keys = json().keys;
        return sendJson(
          response,
          200,
          guard(request, await phone.input(id, typeof keys === 'string' ? keys : '')),
        );
      }
      if (id && method === 'POST' && action === 'hangup')
        return sendJson(response, 200, guard(request, await phone.hangUp(id)));
    }
    if (resource === 'queue') {
      if (method === 'GET' && !id)
        return sendJson(response, 200, { calls: phone.queued().map((call) => guard(request, call)) });
      const claims = readDevToken(request.headers.authorization);
      if (!claims) throw new PhoneError(401, 'UNAUTHORIZED', '로그인이 필요합니다.');
      if (!claims.groups.some((g) => g === 'counselors' || g === 'admins')) {
        throw new PhoneError(403, 'FORBIDDEN', '상담사만 전화를 받을 수 있습니다.');
      }
      if (id && method === 'POST' && action === 'accept') {
        return sendJson(response, 200, await phone.accept(id, claims.username));
      }
      if (id && method === 'POST' && action === 'end')
        return sendJson(response, 200, await phone.agentEnd(id));
      if (id && method === 'POST' && action === 'abuse-warning') {
        phone.playToCaller(id, abuseWarning);
        return sendJson(response, 200, { texts: abuseWarning });
      }
    }
    throw new PhoneError(404, 'NOT_FOUND', '없는 샌드박스 경로입니다.');
  };

  const serveStatic = (response: ServerResponse, path: string) => {
    const relative = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
    let file = join(DIST_DIR, relative);
    if (!file.startsWith(DIST_DIR) || !existsSync(file) || relative === '/' || !extname(file)) {
      file = join(DIST_DIR, 'index.html');
    }
    response.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    response.end(readFileSync(file));
  };

  handler = (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const work = async () => {
      if (path.startsWith('/api/')) {
        const body = await readBody(request);
        return api.handle(request, response, body);
      }
      if (path.startsWith('/sandbox/')) return sandboxRoute(request, response, path);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return sendJson(response, 405, { error: 'METHOD_NOT_ALLOWED', message: '허용되지 않는 요청입니다.' });
      }
      return serveStatic(response, path);
    };
    work().catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof PhoneError) {
        sendJson(response, error.status, { error: error.code, message: error.message });
        return;
      }
      log(
        `${request.method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      sendJson(response, 500, { error: 'INTERNAL', message: '샌드박스 내부 오류입니다.' });
    });
  };

  const timings = { ...rt.timings, ready: Math.round(performance.now() - started) };
  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    runtime: rt,
    timings,
    stop() {
      stopping ??= (async () => {
        await closeServer();
        await rt.stop();
      })();
      return stopping;
    },
  };
}
