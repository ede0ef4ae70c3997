import { describe, expect, it, vi } from 'vitest';
import type { TicketCounter } from '#adapters/ticket-counter';
import { TicketAlreadyExistsError, type TicketRepository } from '#adapters/ticket-repository';
import { loadRuntimeConfig } from '#commons/runtime-config';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { createTicketService, UnknownDepartmentError } from '#functions/use-cases/create-ticket';
import { deliveriesForChange, ticketSummary } from '#functions/use-cases/department-message';
import { createEscalation } from '#functions/use-cases/escalate';
import { koreanMonthDay, ticketStatusMessage } from '#functions/use-cases/speech';
import { HANDLER_ENV } from '../handlers/support';

const config = loadRuntimeConfig(HANDLER_ENV);

const memoryRepository = () => {
  const items = new Map<string, Ticket>();
  const repository: TicketRepository = {
    create: vi.fn(async (ticket: Ticket) => {
      if (items.has(ticket.ticketNumber)) throw new TicketAlreadyExistsError(ticket.ticketNumber);
      items.set(ticket.ticketNumber, ticket);
    }),
    get: async (number) => items.get(number),
    listByCallerHash: async () => [],
    listOpenByCallerHash: async () => [],
    listByDepartmentStatus: async () => ({ tickets: [] }),
    listByDepartmentDue: async () => ({ tickets: [] }),
    countByDepartmentStatus: async () => 0,
    listCreatedSince: async () => [],
    listDueBy: async () => [],
    save: async () => undefined,
    claimSlaAlert: async () => true,
    releaseSlaAlert: async () => undefined,
  };
  return { repository, items };
};

const sequence = (...values: number[]): TicketCounter => ({ next: async () => values.shift() ?? 999 });
const hasher = async () => 'f'.repeat(64);

describe('ticket creation use case', () => {
  const request = {
    kind: 'report' as const,
    category: 'living-complaints' as const,
    description: '도로 파손',
    caller: { withheld: false as const, number: '+821012345678' },
    by: 'ivr',
  };

  it('skips a number that is already taken (restored counter) and stores the ticket under the next one', async () => {
    const { repository, items } = memoryRepository();
    const taken = formatTicketNumber(2027, 1);
    items.set(taken, { ticketNumber: taken } as Ticket);
    const create = createTicketService({
      repository,
      counter: sequence(1, 2),
      hasher,
      config,
      now: () => new Date('2027-03-02T01:00:00Z'),
    });
    const created = await create(request);
    expect(created.ticketNumber).toBe(formatTicketNumber(2027, 2));
  });

  it('uses the city’s year: 23:30 UTC on 31 December is next year in Seoul', async () => {
    const { repository } = memoryRepository();
    const create = createTicketService({
      repository,
      counter: sequence(1),
      hasher,
      config,
      now: () => new Date('2026-12-31T23:30:00Z'),
    });
    expect((await create(request)).ticketNumber.startsWith('2027')).toBe(true);
  });

  it('refuses a department the city does not have before allocating a number', async () => {
    const counter = { next: vi.fn(async () => 1) };
    const create = createTicketService({
      repository: memoryRepository().repository,
      counter,
      hasher,
      config,
    });
    await expect(create({ ...request, departmentId: 'nowhere' })).rejects.toBeInstanceOf(
      UnknownDepartmentError,
    );
    expect(counter.next).not.toHaveBeenCalled();
  });
});

describe('department messages', () => {
  const ticket = createTicket(
    { kind: 'report', category: 'living-complaints', description: '가'.repeat(300), by: 'ivr' },
    {
      ticketNumber: formatTicketNumber(2027, 1),
      now: new Date('2027-03-02T01:00:00Z'),
      timeZone: 'Asia/Seoul',
      department: { id: 'roads', slaHours: 48 },
      caller: { withheld: true },
    },
  );

  it('cuts the description to 200 characters in the summary and omits an absent location', () => {
    const summary = ticketSummary(ticket);
    expect([...summary]).toHaveLength(200);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).not.toContain('·');
  });

  it('sends nothing for an older or equal version (a replayed record)', () => {
    expect(deliveriesForChange({ ...ticket, version: 2 }, ticket)).toEqual([]);
  });

  it('omits callerMasked for a withheld caller', () => {
    const [delivery] = deliveriesForChange(undefined, ticket);
    expect(delivery?.message).not.toHaveProperty('callerMasked');
  });
});

describe('escalation use case', () => {
  const roads = config.departments.find((department) => department.id === 'roads');
  if (roads === undefined) throw new Error('fixture');

  it('passes an idempotency key per contact for the call-back ticket', async () => {
    const createTicketFn = vi.fn(async () => ({
      ticketNumber: formatTicketNumber(2027, 1),
      kind: 'callback' as const,
      category: 'living-complaints' as const,
      departmentId: 'roads',
      dueAt: '2027-03-04T10:00:00.000+09:00',
      callerWithheld: false,
    }));
    const escalation = createEscalation({
      availability: { agentsAvailable: async () => 0 },
      createTicket: createTicketFn,
      config,
    });
    await escalation.route(roads, { caller: { withheld: true }, contactId: 'c-1' });
    expect(createTicketFn).toHaveBeenCalledWith(
      expect.objectContaining({
        idempotencyKey: 'contact:c-1#callback',
        kind: 'callback',
        departmentId: 'roads',
      }),
    );
  });
});

describe('Korean sentences', () => {
  it('reads dates in the city’s time zone', () => {
    expect(koreanMonthDay('2027-03-04T16:00:00Z', 'Asia/Seoul')).toBe('3월 5일');
    expect(koreanMonthDay('2027-12-31T15:30:00.000Z', 'Asia/Seoul')).toBe('1월 1일');
  });

  it.each([
    ['ASSIGNED', '배정 단계에 있으며'],
    ['IN_PROGRESS', '처리중 단계에 있으며'],
    ['REJECTED', '반려 처리되었습니다'],
    ['DUPLICATE', '먼저 접수된 같은 내용의 민원과 함께'],
  ] as const)('words the status %s naturally', (status, words) => {
    const message = ticketStatusMessage({
      ticketNumber: formatTicketNumber(2027, 1),
      departmentNameKo: '도로과',
      status,
      dueAt: '2027-03-05T10:00:00.000+09:00',
      timeZone: 'Asia/Seoul',
      now: new Date('2027-03-02T01:00:00Z'),
    });
    expect(message).toContain(words);
    expect(message).toContain('도로과');
  });
});
