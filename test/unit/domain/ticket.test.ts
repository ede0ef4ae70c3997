import { describe, expect, it } from 'vitest';
import {
  type CreateTicketDeps,
  type CreateTicketInput,
  createTicket,
  InvalidTicketError,
  isOpenStatus,
  TICKET_STATUS_LABELS_KO,
  TICKET_STATUSES,
  ticketSchema,
} from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';

const HASH = 'a'.repeat(64);
const number = formatTicketNumber(2027, 123);

const input: CreateTicketInput = {
  kind: 'report',
  category: 'living-complaints',
  description: '  가로등이  꺼져 있습니다 ',
  location: '상당구 상당로 55',
  contactId: 'c-1',
  by: 'ivr',
};

const deps: CreateTicketDeps = {
  ticketNumber: number,
  now: new Date('2027-03-05T05:00:00.000Z'),
  timeZone: 'Asia/Seoul',
  department: { id: 'roads', slaHours: 48 },
  caller: { withheld: false, number: '+821012345678', hash: HASH },
};

describe('createTicket', () => {
  it('creates a RECEIVED ticket at the department, version 1, with one history entry', () => {
    const ticket = createTicket(input, deps);
    expect(ticket).toEqual({
      ticketNumber: number,
      kind: 'report',
      category: 'living-complaints',
      departmentId: 'roads',
      location: '상당구 상당로 55',
      description: '가로등이 꺼져 있습니다',
      callerNumber: '+821012345678',
      callerHash: HASH,
      callerMasked: '010-****-5678',
      contactId: 'c-1',
      createdAt: '2027-03-05T14:00:00.000+09:00',
      updatedAt: '2027-03-05T14:00:00.000+09:00',
      dueAt: '2027-03-07T14:00:00.000+09:00',
      status: 'RECEIVED',
      history: [
        { at: '2027-03-05T14:00:00.000+09:00', by: 'ivr', status: 'RECEIVED', departmentId: 'roads' },
      ],
      version: 1,
      departmentStatus: 'roads#RECEIVED',
      expiresAt: Math.floor(deps.now.getTime() / 1000) + 5 * 365 * 86_400,
    });
  });

  it('computes dueAt in calendar hours, across a weekend', () => {
    // Friday 18:00 Seoul + 72 h = Monday 18:00 Seoul.
    const friday = new Date('2027-03-05T09:00:00.000Z');
    const ticket = createTicket(input, { ...deps, now: friday, department: { id: 'tax', slaHours: 72 } });
    expect(ticket.dueAt).toBe('2027-03-08T18:00:00.000+09:00');
  });

  it('stores no caller fields for a withheld caller', () => {
    const ticket = createTicket(input, { ...deps, caller: { withheld: true } });
    expect(ticket).not.toHaveProperty('callerNumber');
    expect(ticket).not.toHaveProperty('callerHash');
    expect(ticket).not.toHaveProperty('callerMasked');
  });

  it('omits empty optional fields and records a note in the first history entry', () => {
    const ticket = createTicket({ ...input, location: '  ', contactId: '', note: '현장 확인 요청' }, deps);
    expect(ticket).not.toHaveProperty('location');
    expect(ticket).not.toHaveProperty('contactId');
    expect(ticket.history[0]?.note).toBe('현장 확인 요청');
  });

  it('uses the stage retention for expiresAt when given', () => {
    const ticket = createTicket(input, { ...deps, retentionDays: 30 });
    expect(ticket.expiresAt - Math.floor(deps.now.getTime() / 1000)).toBe(30 * 86_400);
  });

  it('produces items the stored-item schema accepts', () => {
    expect(ticketSchema.parse(createTicket(input, deps))).toEqual(createTicket(input, deps));
  });

  it.each([
    [
      'ticketNumber',
      { ...deps, ticketNumber: `${number.slice(0, 10)}${(Number(number[10]) + 1) % 10}` },
      input,
    ],
    ['ticketNumber', { ...deps, ticketNumber: `${number}#` }, input],
    ['slaHours', { ...deps, department: { id: 'roads', slaHours: 0 } }, input],
    ['departmentId', { ...deps, department: { id: ' ', slaHours: 1 } }, input],
    [
      'callerNumber',
      { ...deps, caller: { withheld: false as const, number: '01012345678', hash: HASH } },
      input,
    ],
    [
      'callerHash',
      { ...deps, caller: { withheld: false as const, number: '+821012345678', hash: 'x' } },
      input,
    ],
    ['description', deps, { ...input, description: '\u0000' }],
    ['description', deps, { ...input, description: '' }],
    ['location', deps, { ...input, location: 'x'.repeat(201) }],
    ['kind', deps, { ...input, kind: 'complaint' as never }],
    ['category', deps, { ...input, category: 'weather' as never }],
    ['by', deps, { ...input, by: '' }],
  ])('refuses an invalid %s with InvalidTicketError', (field, badDeps, badInput) => {
    expect(() => createTicket(badInput, badDeps)).toThrow(InvalidTicketError);
    expect(() => createTicket(badInput, badDeps)).toThrow(`Invalid ticket ${field}`);
  });
});

describe('ticketSchema', () => {
  const ticket = createTicket(input, deps);

  it('refuses an item whose departmentStatus disagrees with departmentId and status', () => {
    const result = ticketSchema.safeParse({ ...ticket, departmentStatus: 'roads#RESOLVED' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['departmentStatus']);
  });

  it('refuses an item without history or with an unknown status', () => {
    expect(ticketSchema.safeParse({ ...ticket, history: [] }).success).toBe(false);
    expect(ticketSchema.safeParse({ ...ticket, status: 'OPEN' }).success).toBe(false);
  });
});

describe('labels', () => {
  it('have Korean names for every status', () => {
    expect(TICKET_STATUSES.map((status) => TICKET_STATUS_LABELS_KO[status])).toEqual([
      '접수',
      '배정',
      '처리중',
      '처리완료',
      '반려',
      '중복',
    ]);
  });

  it('treat RECEIVED, ASSIGNED and IN_PROGRESS as open', () => {
    expect(TICKET_STATUSES.filter(isOpenStatus)).toEqual(['RECEIVED', 'ASSIGNED', 'IN_PROGRESS']);
  });
});
