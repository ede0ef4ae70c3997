import { describe, expect, it } from 'vitest';
import { createCursorCodec, type InvalidCursorError } from '#adapters/page-cursor';
import type { TicketRepository } from '#adapters/ticket-repository';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { createSlaCheck, type ManagerAlert } from '#functions/use-cases/sla-check';

const TZ = 'Asia/Seoul';
const NOW = new Date('2027-03-10T03:00:00Z');
const config = {
  timezone: TZ,
  departments: [
    { id: 'roads', nameKo: '도로과', categories: [], slaHours: 48, transfer: { type: 'queue' as const } },
  ],
};

const ticketDue = (n: number, hoursFromNow: number): Ticket =>
  createTicket(
    { kind: 'report', category: 'living-complaints', description: '파손', by: 'ivr' },
    {
      ticketNumber: formatTicketNumber(2027, n),
      now: new Date(NOW.getTime() + (hoursFromNow - 48) * 3_600_000),
      timeZone: TZ,
      department: { id: 'roads', slaHours: 48 },
      caller: { withheld: true },
    },
  );

/** The repository as the SLA check uses it: due tickets and the claim marks. */
const repositoryWith = (tickets: Ticket[]) => {
  const marks = new Set<string>();
  const repository = {
    listDueBy: async (_d: string, status: string, dueBy: string) =>
      tickets.filter((t) => t.status === status && t.dueAt <= dueBy),
    claimSlaAlert: async (number: string, mark: string) => {
      if (marks.has(`${number}|${mark}`)) return false;
      marks.add(`${number}|${mark}`);
      return true;
    },
    releaseSlaAlert: async (number: string, mark: string) => {
      marks.delete(`${number}|${mark}`);
    },
  } as unknown as TicketRepository;
  return { repository, marks };
};

describe('SLA check', () => {
  it('notifies once per ticket and threshold: overdue to the department and the managers, due-soon to the department', async () => {
    const overdue = ticketDue(1, -2);
    const soon = ticketDue(2, 5);
    const later = ticketDue(3, 60);
    const { repository } = repositoryWith([overdue, soon, later]);
    const sent: { department: string; type: string; ticketNumber: string }[] = [];
    const alerts: ManagerAlert[] = [];
    const check = createSlaCheck({
      repository,
      publisher: {
        publish: async (department, m) =>
          void sent.push({ department, type: m.type, ticketNumber: m.ticketNumber }),
      },
      managers: { publish: async (alert) => void alerts.push(alert) },
      config,
    });
    const first = await check(NOW);
    const second = await check(new Date(NOW.getTime() + 15 * 60_000));
    expect(first).toMatchObject({ openOverdue: 1, newlyOverdue: 1, newlyDueSoon: 1 });
    expect(second).toMatchObject({ openOverdue: 1, newlyOverdue: 0, newlyDueSoon: 0 });
    expect(sent).toEqual([
      { department: 'roads', type: 'ticket.overdue', ticketNumber: overdue.ticketNumber },
      { department: 'roads', type: 'ticket.due-soon', ticketNumber: soon.ticketNumber },
    ]);
    expect(alerts).toEqual([
      expect.objectContaining({
        type: 'ticket.overdue',
        ticketNumber: overdue.ticketNumber,
        departmentNameKo: '도로과',
      }),
    ]);
    expect(JSON.stringify(alerts)).not.toContain('파손');
  });

  it('takes the claim back when a notice fails, so the next run sends it', async () => {
    const overdue = ticketDue(4, -1);
    const { repository } = repositoryWith([overdue]);
    let fail = true;
    const check = createSlaCheck({
      repository,
      publisher: {
        publish: async () => {
          if (fail) throw new Error('SQS down');
        },
      },
      managers: { publish: async () => undefined },
      config,
    });
    const first = await check(NOW);
    expect(first.failed).toHaveLength(1);
    fail = false;
    expect((await check(NOW)).newlyOverdue).toBe(1);
  });
});

describe('page cursors', () => {
  const codec = createCursorCodec(async () => new TextEncoder().encode('k'.repeat(40)));

  it('round-trips a position for the same query', async () => {
    const cursor = await codec.encode('q1', { RECEIVED: 'done' });
    expect(await codec.decode('q1', cursor)).toEqual({ RECEIVED: 'done' });
  });

  it('refuses an edited cursor, another query’s cursor and garbage, saying why', async () => {
    const cursor = await codec.encode('q1', { a: 1 });
    const [payload, mac] = cursor.split('.') as [string, string];
    const edited = `${Buffer.from('{"s":"q1","p":{"a":2}}').toString('base64url')}.${mac}`;
    const reasons = await Promise.all(
      [
        ['q1', edited],
        ['q2', cursor],
        ['q1', 'nonsense'],
        ['q1', `${payload}.short`],
      ].map(([scope, value]) =>
        codec.decode(scope ?? '', value ?? '').catch((e: InvalidCursorError) => e.reason),
      ),
    );
    expect(reasons).toEqual(['signature', 'other-query', 'malformed', 'malformed']);
  });
});
