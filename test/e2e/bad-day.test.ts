import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterKey } from '#adapters/ticket-counter';
import { parseTicketNumber } from '#domain/ticket-number';
import { ROOT } from '#test/e2e';
import { findTable } from '#tools/local-aws/lookup';
import { type Sandbox, startSandbox } from '#tools/sandbox/server';

/**
 * A bad day, as the city would have it (issue #11, item 5): a burst of reports (REPORTS) filed through the
 * sandbox's desk API while DynamoDB Local is cut off and killed (SIGKILL) mid-burst and restarted on
 * the same data; then every report is sent again with its own `requestId`, as the desk form retries.
 * The kill follows the cut by a second (`stopDynamo`, tools/local-aws/tcp-gate.ts): DynamoDB Local
 * answers a transaction before it is on disk, DynamoDB does not, and a report answered 201 whose
 * ticket the emulator then forgot made this test fail at random on a fault DynamoDB does not have.
 * Each report must exist exactly once, the year's numbers must run without gaps up to the
 * counter, every ticket's department message must reach its department's inbox, and the stream
 * poller must back off (a bounded number of log lines) while DynamoDB is down.
 *
 * The figures are printed (`[outage]` lines) for the record; the assertions are on the outcomes.
 */

/**
 * 400 in `npm test` (the suite stays inside its time budget); `BAD_DAY_REPORTS=1000` runs the
 * issue's full burst (about 4 minutes on an idle 2-core machine, 13 under load).
 */
const REPORTS = Math.max(100, Number(process.env.BAD_DAY_REPORTS ?? 400));
const CONCURRENCY = 16;
/** Responses before DynamoDB Local is killed (30% into the burst), and how long it stays down. */
const KILL_AFTER = Math.round(REPORTS * 0.3);
const DOWN_MS = 4_000;

const devToken = (username: string) =>
  `dev.${Buffer.from(JSON.stringify({ username, groups: ['counselors'] })).toString('base64url')}`;
const token = devToken('outage-counselor');

interface Report {
  requestId: string;
  kind: 'report';
  category: 'living-complaints';
  description: string;
  location: string;
}

interface Outcome {
  status: number;
  ticketNumber?: string;
}

let sandbox: Sandbox;
let dataDir: string;
const logLines: { at: number; line: string }[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'minwon365-outage-'));
  sandbox = await startSandbox({
    rootDir: ROOT,
    dataDir,
    port: 0,
    log: (line) => logLines.push({ at: Date.now(), line }),
  });
}, 600_000);

afterAll(async () => {
  await sandbox?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const file = async (report: Report): Promise<Outcome> => {
  try {
    const response = await fetch(`${sandbox.url}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
    const body = (await response.json().catch(() => ({}))) as { ticketNumber?: string };
    return {
      status: response.status,
      ...(body.ticketNumber !== undefined && { ticketNumber: body.ticketNumber }),
    };
  } catch {
    return { status: 0 }; // no answer at all
  }
};

/** Runs `work` over `items` with at most CONCURRENCY at a time; `onDone` after each. */
const pool = async <T, R>(items: T[], work: (item: T) => Promise<R>, onDone?: (done: number) => void) => {
  const results: R[] = new Array(items.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
        done += 1;
        onDone?.(done);
      }
    }),
  );
  return results;
};

const scanAll = async (doc: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: doc }, { TableName: table, ConsistentRead: true }))
    items.push(...(page.Items ?? []));
  return items;
};

describe('an outage of DynamoDB in the middle of a burst of reports', () => {
  it('keeps every report exactly once, numbers without gaps, and every department message', async () => {
    const runtime = sandbox.runtime;
    const aws = runtime.aws;
    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: aws.region, endpoint: aws.dynamoEndpoint, credentials: aws.credentials }),
    );
    const tables = {
      tickets: findTable(runtime.resources, 'Tickets').tableName,
      counters: findTable(runtime.resources, 'Counters').tableName,
      inbox: findTable(runtime.resources, 'DepartmentInbox').tableName,
    };
    const reports: Report[] = Array.from({ length: REPORTS }, (_, i) => ({
      requestId: randomUUID(),
      kind: 'report',
      category: 'living-complaints',
      description: `정전 시험 신고 ${i + 1}번: 가로등이 꺼져 있습니다`,
      location: `상당구 상당로 ${i + 1}`,
    }));

    // ---- the burst, with DynamoDB Local killed after KILL_AFTER answers -------------------------
    let outage: Promise<void> | undefined;
    let downFrom = 0;
    let downTo = 0;
    const started = Date.now();
    const first = await pool(reports, file, (done) => {
      if (done === KILL_AFTER && outage === undefined) {
        outage = (async () => {
          downFrom = Date.now();
          await aws.stopDynamo('SIGKILL');
          await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
          await aws.restartDynamo();
          downTo = Date.now();
        })();
      }
    });
    await outage;
    const burstMs = Date.now() - started;
    const failedFirst = reports.filter((_, i) => first[i]?.status !== 201);
    const statuses = new Map<number, number>();
    for (const outcome of first) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);

    // Tickets written although their request got no success (the answer lost in the outage).
    const descriptionsBefore = new Set(
      (await scanAll(doc, tables.tickets)).map((t) => String(t.description)),
    );
    const writtenDespiteFailure = failedFirst.filter((r) => descriptionsBefore.has(r.description)).length;

    // ---- every report sent again with its own requestId, until each is answered -----------------
    const final = new Map<string, string>();
    reports.forEach((r, i) => {
      const number = first[i]?.ticketNumber;
      if (first[i]?.status === 201 && number !== undefined) final.set(r.requestId, number);
    });
    let rounds = 0;
    let mismatches = 0;
    for (; rounds < 10; rounds++) {
      const again = await pool(reports, file);
      let pending = 0;
      reports.forEach((r, i) => {
        const outcome = again[i];
        if (outcome?.status !== 201 || outcome.ticketNumber === undefined) {
          pending += 1;
          return;
        }
        const known = final.get(r.requestId);
        if (known !== undefined && known !== outcome.ticketNumber) mismatches += 1;
        final.set(r.requestId, outcome.ticketNumber);
      });
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }

    // ---- the store: each report once, numbers without gaps --------------------------------------
    const tickets = (await scanAll(doc, tables.tickets)).filter((t) =>
      String(t.description).startsWith('정전 시험 신고 '),
    );
    const perDescription = new Map<string, number>();
    for (const t of tickets)
      perDescription.set(String(t.description), (perDescription.get(String(t.description)) ?? 0) + 1);
    const duplicates = [...perDescription.values()].filter((n) => n > 1).length;
    const missing = reports.filter((r) => !perDescription.has(r.description)).length;

    const all = await scanAll(doc, tables.tickets);
    const years = new Set(all.map((t) => Number(String(t.ticketNumber).slice(0, 4))));
    let gaps = 0;
    let counterMismatch = 0;
    for (const year of years) {
      const sequences = all
        .map((t) => parseTicketNumber(String(t.ticketNumber)))
        .filter((p) => p.ok && p.year === year)
        .map((p) => (p.ok ? p.seq : 0))
        .sort((a, b) => a - b);
      const { Item } = await doc.send(
        new GetCommand({
          TableName: tables.counters,
          Key: { counter: counterKey(year) },
          ConsistentRead: true,
        }),
      );
      const counter = Number(Item?.value ?? 0);
      gaps += counter - sequences.length;
      if (sequences.at(-1) !== counter) counterMismatch += 1;
    }

    // ---- every department message in its department's inbox ------------------------------------
    const numbers = new Set(tickets.map((t) => String(t.ticketNumber)));
    const inboxed = async () => {
      await runtime.dispatcher.drain(60_000);
      await runtime.inbox.pollOnce();
      const entries = await scanAll(doc, tables.inbox);
      return new Set(
        entries
          .map((e) => (e.message as { ticketNumber?: string } | undefined)?.ticketNumber)
          .filter((n): n is string => n !== undefined && numbers.has(n)),
      );
    };
    let arrived = await inboxed();
    for (let i = 0; i < 60 && arrived.size < numbers.size; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      arrived = await inboxed();
    }

    // ---- the stream poller's log while DynamoDB was down -----------------------------------------
    const streamLinesDuringOutage = logLines.filter(
      ({ at, line }) => at >= downFrom && at <= downTo + 1_000 && /stream/.test(line),
    ).length;

    console.info(
      [
        `[outage] ${REPORTS} reports, ${CONCURRENCY} at a time, DynamoDB Local killed after ${KILL_AFTER} answers for ${downTo - downFrom} ms; burst ${burstMs} ms`,
        `[outage] first answers by status: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`,
        `[outage] failed first attempts: ${failedFirst.length}; of those already written: ${writtenDespiteFailure}`,
        `[outage] retry rounds (all ${REPORTS} sent again each round): ${rounds + 1}; answers that changed ticket: ${mismatches}`,
        `[outage] tickets: ${tickets.length}; duplicates: ${duplicates}; missing: ${missing}; counter gaps: ${gaps}`,
        `[outage] department messages in the inbox: ${arrived.size}/${numbers.size}`,
        `[outage] stream-poller log lines while DynamoDB was down: ${streamLinesDuringOutage}`,
      ].join('\n'),
    );

    expect(failedFirst.length).toBeGreaterThan(0); // the outage did hit the burst
    expect(final.size).toBe(REPORTS);
    expect(mismatches).toBe(0);
    expect(tickets).toHaveLength(REPORTS);
    expect(duplicates).toBe(0);
    expect(missing).toBe(0);
    expect(gaps).toBe(0);
    expect(counterMismatch).toBe(0);
    expect(new Set(final.values()).size).toBe(REPORTS);
    expect(arrived.size).toBe(numbers.size);
    // Backing off: the first error, a reconnect line or two — not thousands a second.
    expect(streamLinesDuringOutage).toBeLessThanOrEqual(10);
  }, 600_000);

  it('answers 400 for malformed percent-encoding in a path, on the API and on the web app', async () => {
    const api = await fetch(`${sandbox.url}/api/tickets/%E0%A4%A`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: 'malformed-path', fields: ['path.number'] });
    const web = await fetch(`${sandbox.url}/%E0%A4%A`);
    expect(web.status).toBe(400);
    expect(await web.json()).toMatchObject({ error: 'MALFORMED_PATH' });
  });

  it('answers a 1 MiB body with 413 and a Korean message instead of resetting the connection', async () => {
    const response = await fetch(`${sandbox.url}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'ㄱ'.repeat(350_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: 'payload-too-large',
      message: expect.stringMatching(/너무 큽니다/),
    });
  });
});

describe('the desk API trusts nothing about a call (sandbox: checked against its simulated calls)', () => {
  const as = (username: string, method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${devToken(username)}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json().catch(() => ({}))) as Record<string, unknown>,
    }));

  it('refuses another counselor’s call (403) and a made-up one (404), and today’s figures do not move', async () => {
    const started = await fetch(`${sandbox.url}/sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // 바로콜 skips the menu: the call waits in the counselors' queue.
      body: JSON.stringify({ dialed: 'barocall', from: '+821077778888' }),
    });
    const { contactId } = (await started.json()) as { contactId: string };
    expect((await as('kim', 'POST', `/sandbox/queue/${contactId}/accept`)).status).toBe(200);
    const before = await as('kim', 'GET', '/api/stats/today');

    const other = await as('lee', 'POST', `/api/contacts/${contactId}/disposition`, {
      disposition: 'answered',
    });
    expect(other).toMatchObject({
      status: 403,
      body: { error: 'contact-not-yours', fields: ['path.contactId'] },
    });
    expect((await as('lee', 'POST', `/api/contacts/${contactId}/abuse-warning`, { count: 1 })).status).toBe(
      403,
    );
    expect((await as('lee', 'POST', `/sandbox/queue/${contactId}/abuse-warning`)).status).toBe(403);
    expect((await as('lee', 'POST', `/sandbox/queue/${contactId}/end`)).status).toBe(403);
    const madeUp = await as('kim', 'POST', `/api/contacts/${randomUUID()}/disposition`, {
      disposition: 'answered',
      entryPoint: 'unified',
    });
    expect(madeUp).toMatchObject({ status: 404, body: { error: 'contact-not-found' } });
    expect(await as('kim', 'GET', '/api/stats/today')).toEqual(before);

    // The counselor who took it ends it and records it.
    expect((await as('kim', 'POST', `/sandbox/queue/${contactId}/end`)).status).toBe(200);
    const own = await fetch(`${sandbox.url}/api/contacts/${contactId}/disposition`, {
      method: 'POST',
      headers: { authorization: `Bearer ${devToken('kim')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disposition: 'answered', category: 'living-complaints' }),
    });
    expect(own.status).toBe(204);
  });
});
