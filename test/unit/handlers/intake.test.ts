import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ticketSchema } from '#domain/ticket';
import { parseTicketNumber, spokenDigits } from '#domain/ticket-number';
import {
  CALLER,
  createFakeTables,
  flowEvent,
  lambdaContext,
  MALFORMED_EVENTS,
  setHandlerEnvironment,
} from './support';

setHandlerEnvironment();
const tables = createFakeTables();
const { handler } = await import('#functions/intake/handler');

const invoke = (event: unknown) => handler(event, lambdaContext('intake'));
const report = (extra: Record<string, string> = {}) => ({
  kind: 'report',
  category: 'living-complaints',
  description: '가로등이 꺼져 있어 밤길이 위험합니다',
  location: '상당구 상당로 155 앞',
  ...extra,
});

beforeEach(() => tables.reset());

describe('intake from a contact flow', () => {
  it('creates a ticket at the category’s department and answers its number in Korean', async () => {
    const response = await invoke(flowEvent(report(), { contactId: 'contact-1' }));

    expect(response.status).toBe('CREATED');
    expect(parseTicketNumber(response.ticketNumber).ok).toBe(true);
    expect(response.ticketNumberSpoken).toBe(spokenDigits(response.ticketNumber ?? ''));
    expect(response.message).toMatch(
      /^접수번호는 2 0 \d \d, \d \d \d, \d \d \d \d 입니다\. 담당 부서 도로과에서 \d+월 \d+일까지 처리할 예정입니다\.$/,
    );
    const stored = ticketSchema.parse(tables.tickets.get(response.ticketNumber ?? ''));
    expect(stored).toMatchObject({
      kind: 'report',
      category: 'living-complaints',
      departmentId: 'roads',
      location: '상당구 상당로 155 앞',
      callerNumber: CALLER,
      callerMasked: '010-****-5678',
      contactId: 'contact-1',
      status: 'RECEIVED',
      version: 1,
    });
    expect(stored.callerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.history[0]?.by).toBe('ivr');
  });

  it('gives the same ticket number when the same contact is retried three times', async () => {
    const event = flowEvent(report(), { contactId: 'contact-retried' });
    const responses = [await invoke(event), await invoke(event), await invoke(event)];

    expect(new Set(responses.map((response) => response.ticketNumber)).size).toBe(1);
    expect(responses[2]).toEqual(responses[0]);
    expect(tables.tickets.size).toBe(1);
    // Each retry is answered by the filing transaction's condition on the request record: one commit.
    expect(tables.doc.commandCalls(TransactWriteCommand)).toHaveLength(3); // one filing
    expect(tables.counters.get(`ticket#${responses[0]?.ticketNumber?.slice(0, 4)}`)).toBe(1);
  });

  it('creates separate tickets for different kinds in one contact, and for different contacts', async () => {
    const a = await invoke(flowEvent(report(), { contactId: 'contact-a' }));
    const b = await invoke(flowEvent(report({ kind: 'callback' }), { contactId: 'contact-a' }));
    const c = await invoke(flowEvent(report(), { contactId: 'contact-c' }));
    expect(new Set([a.ticketNumber, b.ticketNumber, c.ticketNumber]).size).toBe(3);
    expect(tables.tickets.size).toBe(3);
  });

  it('routes to the given departmentId over the category owner', async () => {
    const response = await invoke(flowEvent(report({ departmentId: 'tax' })));
    expect(tables.tickets.get(response.ticketNumber ?? '')).toMatchObject({ departmentId: 'tax' });
    expect(response.message).toContain('담당 부서 세정과에서');
  });

  it('stores a withheld caller without number, hash or mask', async () => {
    const response = await invoke(flowEvent(report(), { from: 'anonymous' }));
    const stored = tables.tickets.get(response.ticketNumber ?? '') ?? {};
    expect(response.status).toBe('CREATED');
    expect(stored).not.toHaveProperty('callerNumber');
    expect(stored).not.toHaveProperty('callerHash');
    expect(stored).not.toHaveProperty('callerMasked');
  });

  it('treats empty optional parameters as absent', async () => {
    const response = await invoke(flowEvent(report({ location: '', departmentId: '', note: '' })));
    expect(response.status).toBe('CREATED');
    expect(tables.tickets.get(response.ticketNumber ?? '')).not.toHaveProperty('location');
  });

  it('answers CONFLICT with the number already filed when the same contact files a different report', async () => {
    const first = await invoke(flowEvent(report(), { contactId: 'contact-twice' }));
    const second = await invoke(
      flowEvent(report({ description: '쓰레기가 무단 투기되어 있습니다' }), { contactId: 'contact-twice' }),
    );
    expect(second).toMatchObject({
      status: 'CONFLICT',
      ticketNumber: first.ticketNumber,
      ticketNumberSpoken: first.ticketNumberSpoken,
    });
    expect(tables.tickets.size).toBe(1);
  });

  it('keeps line breaks in a description and turns a tab in a note into a space', async () => {
    const response = await invoke(flowEvent(report({ description: '가로등\r\n고장', note: '메모\t내용' })));
    expect(response.status).toBe('CREATED');
    expect(tables.tickets.get(response.ticketNumber ?? '')).toMatchObject({
      description: '가로등\n고장',
      history: [expect.objectContaining({ note: '메모 내용' })],
    });
  });

  it('throws when the counter table fails (infrastructure), leaving no ticket', async () => {
    tables.doc.on(GetCommand, { TableName: 'Counters' }).rejects(new Error('InternalServerError'));
    await expect(invoke(flowEvent(report(), { contactId: 'contact-fail' }))).rejects.toThrow();
    expect(tables.tickets.size).toBe(0);
  });
});

describe('intake bad input', () => {
  const flowCases: [string, Record<string, string>][] = [
    ['no parameters', {}],
    ['no kind', { category: 'tax', description: '문의' }],
    ['an unknown kind', report({ kind: 'complaint' })],
    ['kind in the wrong case', report({ kind: 'REPORT' })],
    ['an unknown category', report({ category: 'weather' })],
    ['a category no department owns in this city', report({ category: 'agriculture' })],
    ['an unknown departmentId', report({ departmentId: 'nowhere' })],
    ['a departmentId with injection', report({ departmentId: "roads' OR '1'='1" })],
    ['an empty description', report({ description: '' })],
    ['a blank description', report({ description: '   ' })],
    ['a 10 KB description', report({ description: '가'.repeat(10_240) })],
    ['a description with a control character', report({ description: '가로등\u0000고장' })],
    ['a description with emoji', report({ description: '가로등 고장 💡' })],
    ['a description with a bidi override', report({ description: '가로등\u202E고장' })],
    ['a location with a zero-width space', report({ location: '상당로\u200B155' })],
    ['a 300-character location', report({ location: '가'.repeat(300) })],
    ['a note with a vertical tab', report({ note: '메모\u000b내용' })],
    ['a description with a lone surrogate', report({ description: 'ab\uD800cd' })],
    ['a category with DTMF keys', report({ category: '*#' })],
  ];

  it.each(flowCases)('answers %s with INVALID_INPUT and writes nothing', async (_, parameters) => {
    const response = await invoke(flowEvent(parameters));
    expect(response.status).toBe('INVALID_INPUT');
    expect(response.error).toBeTruthy();
    expect(tables.doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(tables.idempotency.size).toBe(0);
  });

  it.each(MALFORMED_EVENTS)(
    'answers %s with a flat INVALID_INPUT map and writes nothing',
    async (_, event) => {
      const response = await invoke(event);
      expect(response.status).toBe('INVALID_INPUT');
      expect(Object.values(response).every((value) => typeof value === 'string')).toBe(true);
      expect(tables.doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
    },
  );

  it('accepts injection strings as plain text (stored verbatim, not interpreted)', async () => {
    const text = "'; DROP TABLE tickets;-- <script>alert(1)</script> ${process.env}";
    const response = await invoke(flowEvent(report({ description: text })));
    expect(response.status).toBe('CREATED');
    expect(tables.tickets.get(response.ticketNumber ?? '')).toMatchObject({ description: text });
  });

  it('never echoes the caller number in an error', async () => {
    const response = await invoke(flowEvent(report({ kind: 'nope' })));
    expect(response.status).toBe('INVALID_INPUT');
    expect(JSON.stringify(response)).not.toContain('1234');
  });

  it('refuses the former desk request shape: the desk files tickets through the HTTP API', async () => {
    const response = await invoke({ source: 'desk', ...report(), callerNumber: '010-1234-5678' });
    expect(response.status).toBe('INVALID_INPUT');
    expect(tables.tickets.size).toBe(0);
  });
});
