import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCallerHasher, staticHashKeyProvider } from '#commons/caller-hash';
import { reassign, transition } from '#domain/lifecycle';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber, spokenDigits } from '#domain/ticket-number';
import {
  CALLER,
  createFakeTables,
  flowEvent,
  HANDLER_ENV,
  lambdaContext,
  MALFORMED_EVENTS,
  setHandlerEnvironment,
} from './support';

setHandlerEnvironment();
const tables = createFakeTables();
const { handler } = await import('#functions/lookup/handler');

const hash = createCallerHasher(staticHashKeyProvider(HANDLER_ENV.CALLER_HASH_KEY ?? ''));
const invoke = (event: unknown) => handler(event, lambdaContext('lookup'));

const store = (ticket: Ticket) => tables.tickets.set(ticket.ticketNumber, structuredClone(ticket) as never);

const ticketFor = async (seq: number, options: { from?: string; at?: string; dueHours?: number } = {}) =>
  createTicket(
    {
      kind: 'report',
      category: 'living-complaints',
      description: '가로등이 꺼져 있어요',
      location: '상당구 상당로 155',
      by: 'ivr',
    },
    {
      ticketNumber: formatTicketNumber(2027, seq),
      now: new Date(options.at ?? '2027-03-02T01:00:00Z'),
      timeZone: 'Asia/Seoul',
      department: { id: 'roads', slaHours: options.dueHours ?? 48 },
      caller:
        options.from === undefined
          ? { withheld: false, number: CALLER, hash: await hash(CALLER) }
          : { withheld: false, number: options.from, hash: await hash(options.from) },
    },
  );

beforeEach(() => tables.reset());

describe('lookup callerContext', () => {
  it('names the entry point of the dialed number and counts the caller’s open tickets', async () => {
    const older = await ticketFor(1, { at: '2027-03-01T01:00:00Z' });
    let resolved = older;
    for (const to of ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED'] as const) {
      const next = transition(resolved, { to, by: 's', at: new Date(), timeZone: 'Asia/Seoul' });
      if (!next.ok) throw next.error;
      resolved = next.ticket;
    }
    store(resolved);
    store(await ticketFor(2, { at: '2027-03-02T01:00:00Z' }));
    store(await ticketFor(3, { at: '2027-03-03T01:00:00Z' }));

    const response = await invoke(flowEvent({ action: 'callerContext' }, { dialed: '+82432010120' }));

    expect(response).toEqual({
      status: 'OK',
      entryPoint: 'barocall',
      callerKnown: 'true',
      openTickets: '2',
      latestTicket: formatTicketNumber(2027, 3),
      latestStatus: 'RECEIVED',
      latestStatusKo: '접수',
    });
  });

  it('answers an unknown caller at an unknown number with empty values', async () => {
    const response = await invoke(flowEvent({ action: 'callerContext' }, { dialed: '+82200000000' }));
    expect(response).toEqual({
      status: 'OK',
      entryPoint: 'unknown',
      callerKnown: 'false',
      openTickets: '0',
      latestTicket: '',
      latestStatus: '',
      latestStatusKo: '',
    });
  });

  it.each([
    ['anonymous', { from: 'anonymous' }],
    ['no CustomerEndpoint', { from: null }],
    ['an empty address', { from: '' }],
  ] as const)('treats a withheld caller (%s) as unknown without querying the table', async (_, options) => {
    const response = await invoke(flowEvent({ action: 'callerContext' }, options));
    expect(response).toMatchObject({
      status: 'OK',
      entryPoint: 'unified',
      callerKnown: 'false',
      openTickets: '0',
    });
    expect(tables.doc.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('never sees another caller’s tickets', async () => {
    store(await ticketFor(4, { from: '+821099998888' }));
    const response = await invoke(flowEvent({ action: 'callerContext' }));
    expect(response).toMatchObject({ callerKnown: 'false', openTickets: '0' });
  });

  it('throws when DynamoDB fails, so the flow takes its error branch', async () => {
    tables.doc.on(QueryCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(invoke(flowEvent({ action: 'callerContext' }))).rejects.toThrow(/Throughput/);
  });
});

describe('lookup ticketStatus', () => {
  it('reads department, status and due date as a natural sentence with spaced digits', async () => {
    const ticket = await ticketFor(123, { at: '2027-03-03T01:00:00Z' });
    store(ticket);

    const response = await invoke(
      flowEvent({ action: 'ticketStatus', ticketNumber: `${ticket.ticketNumber}#` }),
    );

    expect(response.status).toBe('FOUND');
    expect(response.ticketNumberSpoken).toBe('2 0 2 7, 0 0 0, 1 2 3 0');
    expect(response.message).toBe(
      '문의하신 접수번호 2 0 2 7, 0 0 0, 1 2 3 0 민원은 현재 도로과에서 접수 단계에 있으며, 3월 5일까지 처리할 예정입니다.',
    );
  });

  it('tells nothing personal: no location, description or caller data, whoever asks', async () => {
    const ticket = await ticketFor(7);
    store(ticket);
    const fromOwner = await invoke(flowEvent({ action: 'ticketStatus', ticketNumber: ticket.ticketNumber }));
    const fromStranger = await invoke(
      flowEvent({ action: 'ticketStatus', ticketNumber: ticket.ticketNumber }, { from: '+821055556666' }),
    );
    const withheld = await invoke(
      flowEvent({ action: 'ticketStatus', ticketNumber: ticket.ticketNumber }, { from: null }),
    );

    expect(fromStranger).toEqual(fromOwner);
    expect(withheld).toEqual(fromOwner);
    const text = JSON.stringify(fromOwner);
    for (const secret of ['상당로', '가로등', '5678', '1234-5678', ticket.callerHash ?? 'x']) {
      expect(text).not.toContain(secret);
    }
  });

  it('says a reassigned ticket is at its new department', async () => {
    const moved = reassign(await ticketFor(8), {
      department: { id: 'tax', slaHours: 72 },
      by: 'staff-1',
      at: new Date('2027-03-02T03:00:00Z'),
      timeZone: 'Asia/Seoul',
    });
    if (!moved.ok) throw moved.error;
    store(moved.ticket);
    const response = await invoke(
      flowEvent({ action: 'ticketStatus', ticketNumber: moved.ticket.ticketNumber }),
    );
    expect(response.message).toContain('세정과에서 접수 단계');
    expect(response.message).toContain('3월 5일까지');
  });

  it('tells a resolved ticket is complete', async () => {
    let ticket = await ticketFor(9);
    for (const to of ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED'] as const) {
      const next = transition(ticket, { to, by: 's', at: new Date(), timeZone: 'Asia/Seoul' });
      if (!next.ok) throw next.error;
      ticket = next.ticket;
    }
    store(ticket);
    const response = await invoke(flowEvent({ action: 'ticketStatus', ticketNumber: ticket.ticketNumber }));
    expect(response).toMatchObject({ status: 'FOUND' });
    expect(response.message).toContain('도로과에서 처리가 완료되었습니다');
  });

  it('apologises for an overdue open ticket instead of promising a past date', async () => {
    const ticket = await ticketFor(10, { at: '2020-03-02T01:00:00Z' });
    store({ ...ticket, ticketNumber: formatTicketNumber(2027, 10) });
    const response = await invoke(
      flowEvent({ action: 'ticketStatus', ticketNumber: formatTicketNumber(2027, 10) }),
    );
    expect(response.message).toContain('처리 예정일인 3월 4일이 지났습니다');
  });

  it('refuses a mistyped number (check digit) as INVALID_NUMBER without reading the table', async () => {
    const valid = formatTicketNumber(2027, 123);
    const typo = `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}`;
    const response = await invoke(flowEvent({ action: 'ticketStatus', ticketNumber: typo }));
    expect(response).toMatchObject({
      status: 'INVALID_NUMBER',
      ticketNumberSpoken: expect.stringMatching(/^2 0 2 7/),
    });
    expect(response.message).toContain('입력하신 접수번호가 올바르지 않습니다');
    expect(tables.doc.commandCalls(GetCommand)).toHaveLength(0);
  });

  it.each(['12345', '2027*0001234#', 'abcdefghijk', '２０２７０００１２３４'])(
    'refuses a malformed number %j as INVALID_NUMBER',
    async (keyed) => {
      const response = await invoke(flowEvent({ action: 'ticketStatus', ticketNumber: keyed }));
      expect(response.status).toBe('INVALID_NUMBER');
    },
  );

  it.each(['', '#', '*#', '   '])(
    'answers nothing keyed (%j) with INVALID_INPUT and a prompt',
    async (keyed) => {
      const response = await invoke(flowEvent({ action: 'ticketStatus', ticketNumber: keyed }));
      expect(response).toMatchObject({ status: 'INVALID_INPUT', ticketNumberSpoken: '' });
      expect(response.message).toContain('접수번호가 입력되지 않았습니다');
    },
  );

  it('answers an unknown valid number with NOT_FOUND', async () => {
    const number = formatTicketNumber(2027, 999);
    const response = await invoke(flowEvent({ action: 'ticketStatus', ticketNumber: number }));
    expect(response.status).toBe('NOT_FOUND');
    expect(response.message).toBe(
      `접수번호 ${spokenDigits(number)}에 해당하는 민원을 찾지 못했습니다. 번호를 확인하신 뒤 다시 입력해 주십시오.`,
    );
  });
});

describe('lookup kbSearch', () => {
  const seedKb = () => {
    tables.kb.set('__meta__', { id: '__meta__', version: 'v1' });
    tables.kb.set('kb-1', {
      id: 'kb-1',
      category: 'living-complaints',
      title: '가로등 고장 신고',
      answer: '가로등 고장은 도로과에서 처리합니다. 전주 번호를 알려 주시면 빨리 고칠 수 있습니다.',
      keywords: ['가로등', '고장'],
    });
    tables.kb.set('kb-2', {
      id: 'kb-2',
      category: 'tax',
      title: '자동차세 연납 신청',
      answer: '자동차세는 1월에 한 번에 내면 할인됩니다.',
      keywords: ['자동차세', '연납'],
    });
  };

  it('returns the best entries as numbered flat fields', async () => {
    seedKb();
    const response = await invoke(flowEvent({ action: 'kbSearch', query: '가로등이 고장났어요', top: '2' }));
    expect(response).toMatchObject({ status: 'OK', id1: 'kb-1', title1: '가로등 고장 신고' });
    expect(Number(response.count)).toBeGreaterThanOrEqual(1);
    expect(Object.values(response).every((value) => typeof value === 'string')).toBe(true);
  });

  it('answers NO_MATCH with count 0 when nothing matches', async () => {
    seedKb();
    const response = await invoke(flowEvent({ action: 'kbSearch', query: 'zzzz qqqq', category: 'tax' }));
    expect(response).toEqual({ status: 'NO_MATCH', count: '0' });
  });

  it.each([
    ['an empty query', { query: '' }],
    ['a query with a control character', { query: '가로등\u0007' }],
    ['a query with emoji', { query: '가로등 💡' }],
    ['a 10 KB query', { query: '가'.repeat(10_000) }],
    ['an unknown category', { query: '가로등', category: 'weather' }],
    ['top 0', { query: '가로등', top: '0' }],
    ['top 50', { query: '가로등', top: '50' }],
    ['top not a number', { query: '가로등', top: 'five' }],
  ])('refuses %s with INVALID_INPUT', async (_, parameters) => {
    const response = await invoke(flowEvent({ action: 'kbSearch', ...parameters }));
    expect(response.status).toBe('INVALID_INPUT');
  });
});

describe('lookup bad input', () => {
  it.each(MALFORMED_EVENTS)(
    'answers %s with a flat INVALID_INPUT map and touches no table',
    async (_, event) => {
      const response = await invoke(event);
      expect(response.status).toBe('INVALID_INPUT');
      expect(Object.values(response).every((value) => typeof value === 'string')).toBe(true);
      expect(tables.doc.commandCalls(PutCommand)).toHaveLength(0);
      expect(tables.doc.commandCalls(QueryCommand)).toHaveLength(0);
    },
  );
});
