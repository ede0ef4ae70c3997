import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTicketFiling } from '#adapters/ticket-filing';
import { ticketRequestRecordId } from '#commons/idempotency';
import { loadRuntimeConfig } from '#commons/runtime-config';
import { formatTicketNumber } from '#domain/ticket-number';
import {
  createTicketService,
  type TicketRequest,
  TicketRequestConflictError,
  TicketStoreBusyError,
  UnknownDepartmentError,
} from '#functions/use-cases/create-ticket';
import { installTicketStoreFake } from '#test/fake-ticket-store';
import { HANDLER_ENV } from '../handlers/support';

/**
 * The ticket use case with the real filing adapter (functions/adapters/ticket-filing.ts) on an
 * in-memory emulation of its transaction: what ends up stored, per request, under retries, races
 * and lost answers.
 */

const config = loadRuntimeConfig(HANDLER_ENV);
const doc = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));
const tickets = new Map<string, Record<string, unknown>>();
const counters = new Map<string, number>();
const requests = new Map<string, Record<string, unknown>>();
const filing = createTicketFiling({
  client,
  ticketsTable: 'Tickets',
  countersTable: 'Counters',
  requestsTable: 'Idempotency',
});
const hasher = async () => 'f'.repeat(64);
let clock = new Date('2027-03-02T01:00:00Z');
let store: ReturnType<typeof installTicketStoreFake>;
const service = (extra: Partial<Parameters<typeof createTicketService>[0]> = {}) =>
  createTicketService({ filing, hasher, config, now: () => clock, sleep: async () => undefined, ...extra });

const report: TicketRequest = {
  kind: 'report',
  category: 'living-complaints',
  description: '보도블록이 깨져 있어요',
  location: '서원구 사직대로 100',
  caller: { withheld: false, number: '+821012345678' },
  by: 'counselor1',
  idempotencyKey: 'desk:11111111-2222-4333-8444-555555555555',
};

beforeEach(() => {
  tickets.clear();
  counters.clear();
  requests.clear();
  clock = new Date('2027-03-02T01:00:00Z');
  doc.reset();
  store = installTicketStoreFake(doc, { tickets, counters, requests });
  doc.on(GetCommand, { TableName: 'Tickets' }).callsFake((input) => ({
    Item: tickets.get(String(input.Key.ticketNumber)),
  }));
});

describe('filing a ticket', () => {
  it('stores the ticket, moves the counter to its number and records the request, in one transaction', async () => {
    const { ticket, replayed } = await service()(report);
    expect(replayed).toBe(false);
    expect(ticket.ticketNumber).toBe(formatTicketNumber(2027, 1));
    expect(counters.get('ticket#2027')).toBe(1);
    expect(tickets.get(ticket.ticketNumber)).toMatchObject({ departmentId: 'roads', status: 'RECEIVED' });
    const record = requests.get(ticketRequestRecordId(report.idempotencyKey ?? ''));
    expect(record).toMatchObject({
      ticketNumber: ticket.ticketNumber,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      result: ticket,
      expiration: Math.floor(clock.getTime() / 1000) + 86_400,
    });
    expect(JSON.stringify(record)).not.toContain('12345678');
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('answers a retried request with the same ticket and stores nothing more', async () => {
    const create = service();
    const first = await create(report);
    const again = await create(report);
    expect(again).toEqual({ ticket: first.ticket, replayed: true });
    expect(tickets.size).toBe(1);
    expect(counters.get('ticket#2027')).toBe(1);
  });

  it('refuses the same key with a changed payload, naming the ticket it stands for', async () => {
    const create = service();
    const { ticket } = await create(report);
    const changed = create({ ...report, description: '세금 고지서가 두 번 왔어요', category: 'tax' });
    await expect(changed).rejects.toBeInstanceOf(TicketRequestConflictError);
    await expect(changed).rejects.toMatchObject({ ticketNumber: ticket.ticketNumber });
    await expect(create({ ...report, location: '상당구' })).rejects.toBeInstanceOf(
      TicketRequestConflictError,
    );
    await expect(create({ ...report, caller: { withheld: true } })).rejects.toBeInstanceOf(
      TicketRequestConflictError,
    );
    expect(tickets.size).toBe(1);
  });

  it('treats a call-back’s system-written description as no part of the request', async () => {
    const create = service();
    const callback: TicketRequest = {
      kind: 'callback',
      category: 'living-complaints',
      departmentId: 'roads',
      description: '부서 연결 요청: 연결 가능한 담당자가 없어 회신 요청으로 접수',
      caller: { withheld: true },
      contactId: 'c-1',
      by: 'escalation',
      idempotencyKey: 'contact:c-1#callback',
    };
    const first = await create(callback);
    const second = await create({
      ...callback,
      description: '부서 연결 요청: 담당자 연결 상태를 확인하지 못해',
    });
    expect(second.ticket.ticketNumber).toBe(first.ticket.ticketNumber);
    await expect(create({ ...callback, departmentId: 'tax' })).rejects.toBeInstanceOf(
      TicketRequestConflictError,
    );
  });

  it('answers the one ticket after a timeout that came after the transaction committed', async () => {
    let lost = true;
    doc.on(TransactWriteCommand).callsFake((input) => {
      // Commit, then lose the answer once (the client sees a timeout).
      const applied = store.transact(input);
      if (lost) {
        lost = false;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      }
      return applied;
    });
    const create = service();
    await expect(create(report)).rejects.toThrow('socket hang up');
    expect(tickets.size).toBe(1);
    const retried = await create(report);
    expect(retried.replayed).toBe(true);
    expect(tickets.size).toBe(1);
    expect(counters.get('ticket#2027')).toBe(1);
  });

  it('files one ticket for two concurrent submits of one request, and both get its number', async () => {
    const create = service();
    const [a, b] = await Promise.all([create(report), create(report)]);
    expect(a.ticket.ticketNumber).toBe(b.ticket.ticketNumber);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(tickets.size).toBe(1);
  });

  it('numbers concurrent different requests without gaps', async () => {
    const create = service();
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => create({ ...report, idempotencyKey: `desk:key-${i}` })),
    );
    const numbers = created.map((c) => c.ticket.ticketNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => formatTicketNumber(2027, i + 1)));
    expect(counters.get('ticket#2027')).toBe(8);
  });

  it('steps over numbers real tickets hold when the counter was restored from an older backup', async () => {
    const create = service();
    for (let i = 0; i < 3; i++) await create({ ...report, idempotencyKey: `desk:old-${i}` });
    counters.set('ticket#2027', 1);
    const { ticket } = await create({ ...report, idempotencyKey: 'desk:after-restore' });
    expect(ticket.ticketNumber).toBe(formatTicketNumber(2027, 4));
    expect(counters.get('ticket#2027')).toBe(4);
    expect(tickets.size).toBe(4);
  });

  it('gives up with TicketStoreBusyError when every attempt is contended, leaving nothing behind', async () => {
    doc.on(TransactWriteCommand).callsFake(() => {
      throw cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }]);
    });
    await expect(service()(report)).rejects.toBeInstanceOf(TicketStoreBusyError);
    expect(tickets.size).toBe(0);
    expect(counters.size).toBe(0);
  });

  it('stops retrying when the invocation has no time left', async () => {
    doc.on(TransactWriteCommand).callsFake(() => {
      throw cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }]);
    });
    await expect(service({ remainingMs: () => 100 })(report)).rejects.toBeInstanceOf(TicketStoreBusyError);
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('numbers by the city’s year: 23:30 UTC on 31 December is next year in Seoul', async () => {
    clock = new Date('2026-12-31T23:30:00Z');
    const { ticket } = await service()(report);
    expect(ticket.ticketNumber).toBe(formatTicketNumber(2027, 1));
  });

  it('refuses a department the city does not have before touching the store', async () => {
    await expect(service()({ ...report, departmentId: 'nowhere' })).rejects.toBeInstanceOf(
      UnknownDepartmentError,
    );
    expect(doc.calls()).toHaveLength(0);
  });

  it('files anew once the request record has expired', async () => {
    const create = service();
    const first = await create(report);
    clock = new Date(clock.getTime() + 86_401_000);
    const later = await create(report);
    expect(later.replayed).toBe(false);
    expect(later.ticket.ticketNumber).not.toBe(first.ticket.ticketNumber);
  });

  it('files every keyless request (nothing to recognise a retry by)', async () => {
    const create = service();
    const { idempotencyKey: _key, ...keyless } = report;
    await create(keyless);
    await create(keyless);
    expect(tickets.size).toBe(2);
    expect(requests.size).toBe(0);
  });
});

function cancelled(reasons: { Code: string }[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons as never,
  });
}
