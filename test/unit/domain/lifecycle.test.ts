import { describe, expect, it } from 'vitest';
import {
  ALLOWED_TRANSITIONS,
  IllegalTransitionError,
  isTerminalStatus,
  reassign,
  transition,
} from '#domain/lifecycle';
import { createTicket, TICKET_STATUSES, type Ticket, type TicketStatus } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';

const TZ = 'Asia/Seoul';
const created = createTicket(
  { kind: 'report', category: 'living-complaints', description: '도로 파손', by: 'ivr' },
  {
    ticketNumber: formatTicketNumber(2027, 7),
    now: new Date('2027-03-05T00:00:00.000Z'),
    timeZone: TZ,
    department: { id: 'roads', slaHours: 48 },
    caller: { withheld: true },
  },
);
const later = new Date('2027-03-05T01:00:00.000Z');

const unwrap = (result: ReturnType<typeof transition>): Ticket => {
  if (!result.ok) throw result.error;
  return result.ticket;
};

/** A ticket in `status`, reached through the legal path. */
const inStatus = (status: TicketStatus): Ticket => {
  const path: Record<TicketStatus, TicketStatus[]> = {
    RECEIVED: [],
    ASSIGNED: ['ASSIGNED'],
    IN_PROGRESS: ['ASSIGNED', 'IN_PROGRESS'],
    RESOLVED: ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED'],
    REJECTED: ['REJECTED'],
    DUPLICATE: ['DUPLICATE'],
  };
  return path[status].reduce(
    (t, to) => unwrap(transition(t, { to, by: 'staff-1', at: later, timeZone: TZ })),
    created,
  );
};

describe('transition', () => {
  it('walks RECEIVED → ASSIGNED → IN_PROGRESS → RESOLVED, one version and history entry per step', () => {
    const resolved = inStatus('RESOLVED');
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.version).toBe(4);
    expect(resolved.history.map((h) => h.status)).toEqual([
      'RECEIVED',
      'ASSIGNED',
      'IN_PROGRESS',
      'RESOLVED',
    ]);
    expect(resolved.departmentStatus).toBe('roads#RESOLVED');
    expect(resolved.updatedAt).toBe('2027-03-05T10:00:00.000+09:00');
    expect(resolved.dueAt).toBe(created.dueAt);
    expect(resolved.createdAt).toBe(created.createdAt);
  });

  it('records who, when and the note, and does not mutate the input', () => {
    const before = structuredClone(created);
    const next = unwrap(
      transition(created, {
        to: 'ASSIGNED',
        by: 'staff-9',
        note: ' 김주무관 배정 ',
        at: later,
        timeZone: TZ,
      }),
    );
    expect(next.history.at(-1)).toEqual({
      at: '2027-03-05T10:00:00.000+09:00',
      by: 'staff-9',
      status: 'ASSIGNED',
      departmentId: 'roads',
      assignee: 'staff-9',
      note: '김주무관 배정',
    });
    expect(next.assignee).toBe('staff-9');
    expect(created).toEqual(before);
    expect(next.history.at(-2)?.status).toBe('RECEIVED');
  });

  // Exhaustive over the 6 × 6 status pairs: allowed exactly when the table says so.
  for (const from of TICKET_STATUSES) {
    for (const to of TICKET_STATUSES) {
      const allowed = ALLOWED_TRANSITIONS[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        const result = transition(inStatus(from), { to, by: 'staff-1', at: later, timeZone: TZ });
        expect(result.ok).toBe(allowed);
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(IllegalTransitionError);
          expect(result.error.from).toBe(from);
          expect(result.error.to).toBe(to);
          expect(result.error.message).toContain(`from ${from} to ${to}`);
          expect(result.error.reason).toBe(isTerminalStatus(from) ? 'TERMINAL' : 'NOT_ALLOWED');
        }
      });
    }
  }

  it('allows closing as REJECTED or DUPLICATE from every open status', () => {
    for (const from of ['RECEIVED', 'ASSIGNED', 'IN_PROGRESS'] as const) {
      for (const to of ['REJECTED', 'DUPLICATE'] as const) {
        expect(transition(inStatus(from), { to, by: 's', at: later, timeZone: TZ }).ok).toBe(true);
      }
    }
  });

  it('names the allowed targets in the error message', () => {
    const result = transition(created, { to: 'RESOLVED', by: 's', at: later, timeZone: TZ });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(
        `Ticket ${created.ticketNumber}: cannot go from RECEIVED to RESOLVED; allowed from RECEIVED: ASSIGNED, REJECTED, DUPLICATE`,
      );
    }
  });

  it('refuses an empty actor and a note with control characters', () => {
    const noActor = transition(created, { to: 'ASSIGNED', by: ' ', at: later, timeZone: TZ });
    const badNote = transition(created, {
      to: 'ASSIGNED',
      by: 's',
      note: 'a\u0007b',
      at: later,
      timeZone: TZ,
    });
    expect(noActor.ok === false && noActor.error.reason).toBe('INVALID_ACTOR');
    expect(badNote.ok === false && badNote.error.reason).toBe('INVALID_NOTE');
  });
});

describe('reassign', () => {
  const water = { id: 'water', slaHours: 24 };

  it.each(['RECEIVED', 'ASSIGNED', 'IN_PROGRESS'] as const)(
    'moves an open %s ticket to the new department in RECEIVED with a new due time',
    (from) => {
      const before = inStatus(from);
      const moved = reassign(before, {
        department: water,
        by: 'staff-2',
        note: '상수도 문제',
        at: later,
        timeZone: TZ,
      });
      expect(moved.ok).toBe(true);
      if (!moved.ok) return;
      expect(moved.ticket.departmentId).toBe('water');
      expect(moved.ticket.status).toBe('RECEIVED');
      expect(moved.ticket.departmentStatus).toBe('water#RECEIVED');
      expect(moved.ticket.dueAt).toBe('2027-03-06T10:00:00.000+09:00');
      expect(moved.ticket.version).toBe(before.version + 1);
      expect(moved.ticket.history.at(-1)).toEqual({
        at: '2027-03-05T10:00:00.000+09:00',
        by: 'staff-2',
        status: 'RECEIVED',
        departmentId: 'water',
        note: '상수도 문제',
      });
      expect(moved.ticket.history.at(-2)?.departmentId).toBe('roads');
    },
  );

  it.each(['RESOLVED', 'REJECTED', 'DUPLICATE'] as const)('refuses a terminal %s ticket', (from) => {
    const result = reassign(inStatus(from), { department: water, by: 's', at: later, timeZone: TZ });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.reason).toBe('TERMINAL');
      expect(result.error.message).toBe(
        `Ticket ${created.ticketNumber}: cannot go from ${from} to reassign:water; ${from} is terminal`,
      );
    }
  });

  it('refuses reassignment to the department that already owns the ticket', () => {
    const result = reassign(created, {
      department: { id: 'roads', slaHours: 48 },
      by: 's',
      at: later,
      timeZone: TZ,
    });
    expect(result.ok === false && result.error.reason).toBe('SAME_DEPARTMENT');
  });

  it('refuses an invalid target department', () => {
    const result = reassign(created, {
      department: { id: 'water', slaHours: -1 },
      by: 's',
      at: later,
      timeZone: TZ,
    });
    expect(result.ok === false && result.error.reason).toBe('INVALID_DEPARTMENT');
  });
});
