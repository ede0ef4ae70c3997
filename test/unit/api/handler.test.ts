import { beforeEach, describe, expect, it } from 'vitest';
import { spokenDigits } from '#domain/ticket-number';
import { formatInstant } from '#domain/time';
import { lambdaContext } from '../handlers/support';
import {
  ADMIN,
  apiEvent,
  bodyOf,
  COUNSELOR,
  createApiFakes,
  ROADS_STAFF,
  setApiEnvironment,
  statusOf,
  TAX_STAFF,
  type Who,
} from './support';

setApiEnvironment();
const fakes = createApiFakes();
const { handler } = await import('#functions/api/handler');

const call = async (
  method: string,
  path: string,
  options: { who?: Who | null; body?: unknown; rawBody?: string; query?: Record<string, string> } = {},
) => {
  const result = await handler(apiEvent(method, path, options), lambdaContext('api'));
  return { status: statusOf(result), body: bodyOf(result), raw: result };
};

let requestCounter = 0;
const requestId = () => `00000000-0000-4000-8000-${String(++requestCounter).padStart(12, '0')}`;

const report = (overrides: Record<string, unknown> = {}) => ({
  requestId: requestId(),
  kind: 'report',
  category: 'living-complaints',
  description: '가로등이 꺼져 있어요',
  location: '상당구 상당로 82',
  callerNumber: '010-1234-5678',
  ...overrides,
});

/** A roads ticket filed by a counselor; returns its number. */
const fileRoadsTicket = async (): Promise<string> => {
  const created = await call('POST', '/api/tickets', { body: report() });
  expect(created.status).toBe(201);
  return String(created.body.ticketNumber);
};

beforeEach(() => fakes.reset());

describe('desk API authentication', () => {
  it('answers 401 with a Korean message when the request carries no JWT claims', async () => {
    const response = await call('GET', '/api/me', { who: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: 'unauthorized',
      message: '로그인이 필요합니다. 다시 로그인해 주세요.',
    });
  });

  it('reads roles from API Gateway’s flattened "[a b]" groups claim', async () => {
    const response = await call('GET', '/api/me', {
      who: { username: 'kim', groups: '[counselors dept-tax]' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      username: 'kim',
      roles: ['counselors', 'dept-tax'],
      departmentId: 'tax',
      departmentIds: ['tax'],
    });
  });

  it('reads roles from an array groups claim', async () => {
    const response = await call('GET', '/api/me', { who: { username: 'lee', groups: ['admins'] } });
    expect(response.body).toMatchObject({ username: 'lee', roles: ['admins'], departmentIds: [] });
  });

  it('answers 404 route-not-found to an event whose route key has no handler ($default)', async () => {
    const response = await call('GET', '/api/nothing');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'route-not-found', message: '요청한 기능을 찾을 수 없습니다.' });
  });

  it('dispatches on the route key and takes path variables from pathParameters, not from the raw path', async () => {
    const number = await fileRoadsTicket();
    const event = apiEvent('GET', `/api/tickets/${number}`);
    const response = await handler({ ...event, rawPath: '/elsewhere' }, lambdaContext('api'));
    expect(statusOf(response)).toBe(200);
    expect(bodyOf(response).ticketNumber).toBe(number);
  });
});

describe('GET /api/config', () => {
  it('gives any signed-in user the city, entry points, categories and departments with their transfer type', async () => {
    const response = await call('GET', '/api/config', { who: ROADS_STAFF });
    expect(response.status).toBe(200);
    expect(response.body.city).toEqual({ ko: '청주시', en: 'Cheongju' });
    expect(response.body.departments).toContainEqual(
      expect.objectContaining({ id: 'waterworks', nameKo: '상수도사업본부', transferType: 'phone' }),
    );
  });
});

describe('POST /api/tickets', () => {
  it('files a ticket for the category’s department and answers 201 with the number to read out', async () => {
    const response = await call('POST', '/api/tickets', { body: report() });
    expect(response.status).toBe(201);
    const ticketNumber = String(response.body.ticketNumber);
    expect(response.body).toMatchObject({
      ticketNumberSpoken: spokenDigits(ticketNumber),
      departmentId: 'roads',
      departmentNameKo: '도로과',
    });
    expect(String(response.body.message)).toContain('담당 부서 도로과에서');
    const stored = fakes.tickets.get(ticketNumber);
    expect(stored).toMatchObject({ callerNumber: '+821012345678', callerMasked: '010-****-5678' });
    expect(stored?.history).toEqual([expect.objectContaining({ by: 'counselor1' })]);
  });

  it('creates one ticket for a retried request with the same requestId', async () => {
    const body = report();
    const first = await call('POST', '/api/tickets', { body });
    const second = await call('POST', '/api/tickets', { body });
    expect(second.status).toBe(201);
    expect(second.body.ticketNumber).toBe(first.body.ticketNumber);
    expect(fakes.tickets.size).toBe(1);
  });

  it('answers 400 naming the invalid fields, without creating anything', async () => {
    const response = await call('POST', '/api/tickets', {
      body: report({ description: '', requestId: 'not-a-uuid' }),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'invalid-request',
      message: '요청 번호: 형식이 올바르지 않습니다. (그 밖에 1개 항목도 확인해 주세요.)',
    });
    expect(response.body.fields).toEqual(expect.arrayContaining(['body.description', 'body.requestId']));
    expect(fakes.tickets.size).toBe(0);
  });

  it('answers 400 to a body that is not JSON and to an unknown department', async () => {
    expect((await call('POST', '/api/tickets', { rawBody: '{"kind":' })).body.error).toBe('invalid-json');
    const unknown = await call('POST', '/api/tickets', { body: report({ departmentId: 'nowhere' }) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown-department');
  });

  it('answers 400 to a caller number that is not a phone number', async () => {
    const response = await call('POST', '/api/tickets', { body: report({ callerNumber: 'abc' }) });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid-caller-number');
  });

  it('refuses department staff (403): filing is the counselors’ job', async () => {
    const response = await call('POST', '/api/tickets', { who: ROADS_STAFF, body: report() });
    expect(response.status).toBe(403);
    expect(fakes.tickets.size).toBe(0);
  });
});

describe('GET /api/tickets/{number}', () => {
  it('shows the ticket to counselors and to its department’s staff, never with the clear caller number', async () => {
    const number = await fileRoadsTicket();
    for (const who of [COUNSELOR, ROADS_STAFF, ADMIN]) {
      const response = await call('GET', `/api/tickets/${number}`, { who });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        ticketNumber: number,
        departmentNameKo: '도로과',
        status: 'RECEIVED',
        statusKo: '접수',
        callerMasked: '010-****-5678',
        version: 1,
      });
      expect(JSON.stringify(response.body)).not.toContain('+821012345678');
      expect(response.body).not.toHaveProperty('callerHash');
    }
  });

  it('answers 403 to staff of another department', async () => {
    const number = await fileRoadsTicket();
    const response = await call('GET', `/api/tickets/${number}`, { who: TAX_STAFF });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('forbidden');
  });

  it('answers 404 for a valid number that does not exist and 400 for an invalid number', async () => {
    const number = await fileRoadsTicket();
    const other = `${number.slice(0, 4)}999999`;
    const valid = await import('#domain/ticket-number').then((m) => m.formatTicketNumber(2030, 1));
    expect((await call('GET', `/api/tickets/${valid}`)).status).toBe(404);
    const invalid = await call('GET', `/api/tickets/${other}x`);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('invalid-ticket-number');
  });
});

describe('POST /api/tickets/{number}/transitions', () => {
  it('lets staff of the ticket’s department move it one step, recording who and the note', async () => {
    const number = await fileRoadsTicket();
    const response = await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'ASSIGNED', note: '현장 확인 배정', expectedVersion: 1 },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ASSIGNED', statusKo: '배정', version: 2 });
    expect((response.body.history as unknown[]).at(-1)).toMatchObject({
      by: 'roads1',
      status: 'ASSIGNED',
      statusKo: '배정',
      note: '현장 확인 배정',
    });
    expect(fakes.tickets.get(number)).toMatchObject({
      status: 'ASSIGNED',
      departmentStatus: 'roads#ASSIGNED',
    });
  });

  it('answers 403 to staff of another department and to counselors, leaving the ticket unchanged', async () => {
    const number = await fileRoadsTicket();
    for (const who of [TAX_STAFF, COUNSELOR]) {
      const response = await call('POST', `/api/tickets/${number}/transitions`, {
        who,
        body: { to: 'ASSIGNED', expectedVersion: 1 },
      });
      expect(response.status).toBe(403);
    }
    expect(fakes.tickets.get(number)).toMatchObject({ status: 'RECEIVED', version: 1 });
  });

  it('answers 409 when the expected version is stale', async () => {
    const number = await fileRoadsTicket();
    await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'ASSIGNED', expectedVersion: 1 },
    });
    const stale = await call('POST', `/api/tickets/${number}/transitions`, {
      who: ADMIN,
      body: { to: 'REJECTED', expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'version-conflict', currentVersion: 2 });
    expect(String(stale.body.message)).toContain('다른 사용자가 먼저');
  });

  it('answers 409 when someone else saves between the read and the write', async () => {
    const number = await fileRoadsTicket();
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb');
    fakes.doc.on(UpdateCommand, { TableName: 'Tickets' }).rejects(
      new ConditionalCheckFailedException({
        message: 'changed',
        $metadata: {},
        Item: { version: { N: '2' } },
      }),
    );
    const response = await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'ASSIGNED', expectedVersion: 1 },
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('version-conflict');
  });

  it('answers 409 with a Korean explanation to a transition the lifecycle forbids', async () => {
    const number = await fileRoadsTicket();
    const response = await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'RESOLVED', expectedVersion: 1 },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      error: 'illegal-transition',
      reason: 'NOT_ALLOWED',
      message: '현재 상태(접수)에서 처리완료(으)로 변경할 수 없습니다.',
    });
  });

  it('answers 400 to an unknown status or a missing expectedVersion', async () => {
    const number = await fileRoadsTicket();
    const response = await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'DONE' },
    });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual(expect.arrayContaining(['body.to', 'body.expectedVersion']));
  });
});

describe('POST /api/tickets/{number}/reassign', () => {
  it('moves the ticket to another department, back to RECEIVED there', async () => {
    const number = await fileRoadsTicket();
    const response = await call('POST', `/api/tickets/${number}/reassign`, {
      who: ROADS_STAFF,
      body: { departmentId: 'tax', note: '세무 관련', expectedVersion: 1 },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      departmentId: 'tax',
      departmentNameKo: '세정과',
      status: 'RECEIVED',
      version: 2,
    });
    // The former department no longer sees it; the new one does.
    expect((await call('GET', `/api/tickets/${number}`, { who: ROADS_STAFF })).status).toBe(403);
    expect((await call('GET', `/api/tickets/${number}`, { who: TAX_STAFF })).status).toBe(200);
  });

  it('answers 403 to staff of another department and 400 to an unknown target department', async () => {
    const number = await fileRoadsTicket();
    const other = await call('POST', `/api/tickets/${number}/reassign`, {
      who: TAX_STAFF,
      body: { departmentId: 'tax', expectedVersion: 1 },
    });
    expect(other.status).toBe(403);
    const unknown = await call('POST', `/api/tickets/${number}/reassign`, {
      who: ROADS_STAFF,
      body: { departmentId: 'nowhere', expectedVersion: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown-department');
  });
});

describe('GET /api/departments/{id}/tickets', () => {
  it('lists the department’s open tickets for its staff and admins, 403 for other staff', async () => {
    const number = await fileRoadsTicket();
    const own = await call('GET', '/api/departments/roads/tickets', { who: ROADS_STAFF });
    expect(own.status).toBe(200);
    expect((own.body.tickets as { ticketNumber: string }[]).map((t) => t.ticketNumber)).toEqual([number]);
    expect((await call('GET', '/api/departments/roads/tickets', { who: ADMIN })).status).toBe(200);
    expect((await call('GET', '/api/departments/roads/tickets', { who: TAX_STAFF })).status).toBe(403);
    expect((await call('GET', '/api/departments/roads/tickets', { who: COUNSELOR })).status).toBe(403);
  });

  it('filters by the given statuses and answers 404 to an admin for an unknown department', async () => {
    await fileRoadsTicket();
    const resolved = await call('GET', '/api/departments/roads/tickets', {
      who: ROADS_STAFF,
      query: { status: 'RESOLVED' },
    });
    expect(resolved.body.tickets).toEqual([]);
    expect((await call('GET', '/api/departments/nowhere/tickets', { who: ADMIN })).status).toBe(404);
  });
});

describe('department list: earliest due first, paged, by assignee', () => {
  it('pages the department’s open tickets by due time with a signed cursor', async () => {
    const numbers = [];
    for (let i = 0; i < 5; i += 1) numbers.push(await fileRoadsTicket());
    const first = await call('GET', '/api/departments/roads/tickets', {
      who: ROADS_STAFF,
      query: { limit: '2' },
    });
    expect(first.status).toBe(200);
    const seen = (first.body.tickets as { ticketNumber: string }[]).map((t) => t.ticketNumber);
    let cursor = first.body.nextCursor as string | undefined;
    while (cursor !== undefined) {
      const page = await call('GET', '/api/departments/roads/tickets', {
        who: ROADS_STAFF,
        query: { limit: '2', cursor },
      });
      seen.push(...(page.body.tickets as { ticketNumber: string }[]).map((t) => t.ticketNumber));
      cursor = page.body.nextCursor as string | undefined;
    }
    expect(seen).toEqual(numbers);
  });

  it('answers 400 invalid-cursor with the reason for an edited, foreign or garbled cursor', async () => {
    for (let i = 0; i < 3; i += 1) await fileRoadsTicket();
    const first = await call('GET', '/api/departments/roads/tickets', { who: ADMIN, query: { limit: '1' } });
    const cursor = String(first.body.nextCursor);
    const [payload, mac] = cursor.split('.') as [string, string];
    const edited = `${Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('roads', 'roadz')).toString('base64url')}.${mac}`;
    const cases: [Record<string, string>, string][] = [
      [{ cursor: edited }, 'signature'],
      [{ cursor: 'not-a-cursor' }, 'malformed'],
      [{ cursor, status: 'RESOLVED' }, 'other-query'],
    ];
    for (const [query, reason] of cases) {
      const response = await call('GET', '/api/departments/roads/tickets', {
        who: ADMIN,
        query: { limit: '1', ...query },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid-cursor', reason, fields: ['query.cursor'] });
      expect(String(response.body.message)).toContain('cursor');
    }
  });

  it('claims a ticket with 담당 접수, hands it over with a note, and filters by assignee', async () => {
    const number = await fileRoadsTicket();
    const claimed = await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'ASSIGNED', expectedVersion: 1 },
    });
    expect(claimed.body).toMatchObject({ status: 'ASSIGNED', statusKo: '배정', assignee: 'roads1' });
    const handed = await call('POST', `/api/tickets/${number}/assignee`, {
      who: ROADS_STAFF,
      body: { assignee: 'roads2', note: '현장 담당에게 넘깁니다', expectedVersion: 2 },
    });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ assignee: 'roads2', version: 3 });
    expect((handed.body.history as Record<string, unknown>[]).at(-1)).toMatchObject({
      by: 'roads1',
      assignee: 'roads2',
      note: '현장 담당에게 넘깁니다',
    });
    const mine = await call('GET', '/api/departments/roads/tickets', {
      who: { username: 'roads2', groups: ['dept-roads'] },
      query: { assignee: 'me' },
    });
    expect((mine.body.tickets as { ticketNumber: string }[]).map((t) => t.ticketNumber)).toEqual([number]);
    const others = await call('GET', '/api/departments/roads/tickets', {
      who: ROADS_STAFF,
      query: { assignee: 'me' },
    });
    expect(others.body.tickets).toEqual([]);
    const again = await call('POST', `/api/tickets/${number}/assignee`, {
      who: ROADS_STAFF,
      body: { assignee: 'roads2', expectedVersion: 3 },
    });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('SAME_ASSIGNEE');
  });

  it('keeps attributes the ticket schema does not know when a status changes', async () => {
    const number = await fileRoadsTicket();
    const stored = fakes.tickets.get(number);
    if (stored) stored.slaAlerts = new Set(['due-soon@x']);
    await call('POST', `/api/tickets/${number}/transitions`, {
      who: ROADS_STAFF,
      body: { to: 'ASSIGNED', expectedVersion: 1 },
    });
    expect(fakes.tickets.get(number)?.slaAlerts).toEqual(new Set(['due-soon@x']));
    expect(fakes.tickets.get(number)?.status).toBe('ASSIGNED');
  });
});

describe('department inbox', () => {
  const message = (n: number, overrides: Record<string, unknown> = {}) => ({
    messageId: `2027000000${n}-v1`,
    type: 'ticket.created',
    ticketNumber: `2027000000${n}`,
    version: 1,
    kind: 'report',
    category: 'living-complaints',
    departmentId: 'roads',
    status: 'RECEIVED',
    dueAt: '2027-03-07T10:00:00.000+09:00',
    createdAt: `2027-03-05T10:0${n}:00.000+09:00`,
    changedAt: `2027-03-05T10:0${n}:00.000+09:00`,
    changedBy: 'ivr',
    summary: '가로등',
    ...overrides,
  });
  const store = async (...messages: Record<string, unknown>[]) => {
    const { createInboxStore } = await import('#adapters/inbox-store');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const inboxStore = createInboxStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' })),
      tableName: 'Inbox',
    });
    for (const m of messages) await inboxStore.record('roads', m as never, new Date('2027-03-05T01:10:00Z'));
  };

  it('shows every message to every staff member, newest first, each with their own read mark', async () => {
    await store(message(1), message(2));
    const kim = { username: 'kim', groups: ['dept-roads'] };
    const lee = { username: 'lee', groups: ['dept-roads'] };
    const first = await call('GET', '/api/departments/roads/inbox', { who: kim });
    expect(first.status).toBe(200);
    const messages = first.body.messages as {
      receiptHandle: string;
      read: boolean;
      body: { messageId: string };
    }[];
    expect(messages.map((m) => m.body.messageId)).toEqual(['20270000002-v1', '20270000001-v1']);
    expect(first.body.unread).toBe(2);
    const ack = await call('POST', '/api/departments/roads/inbox/ack', {
      who: kim,
      body: { receiptHandle: messages[0]?.receiptHandle },
    });
    expect(ack.status).toBe(204);
    const kimAgain = await call('GET', '/api/departments/roads/inbox', { who: kim });
    expect((kimAgain.body.messages as { read: boolean }[]).map((m) => m.read)).toEqual([true, false]);
    expect(kimAgain.body.unread).toBe(1);
    const leeView = await call('GET', '/api/departments/roads/inbox', { who: lee });
    expect((leeView.body.messages as { read: boolean }[]).map((m) => m.read)).toEqual([false, false]);
    expect(leeView.body.unread).toBe(2);
    expect(fakes.sqs.calls()).toHaveLength(0);
  });

  it('shows a staff member’s own change as already read', async () => {
    await store(message(3, { type: 'ticket.status-changed', changedBy: 'kim' }));
    const kim = await call('GET', '/api/departments/roads/inbox', {
      who: { username: 'kim', groups: ['dept-roads'] },
    });
    expect(kim.body.unread).toBe(0);
    const lee = await call('GET', '/api/departments/roads/inbox', {
      who: { username: 'lee', groups: ['dept-roads'] },
    });
    expect(lee.body.unread).toBe(1);
  });

  it('answers 403 to staff of another department, for reading and for acknowledging', async () => {
    expect((await call('GET', '/api/departments/roads/inbox', { who: TAX_STAFF })).status).toBe(403);
    const ack = await call('POST', '/api/departments/roads/inbox/ack', {
      who: TAX_STAFF,
      body: { receiptHandle: '2027-03-05T10:01:00.000+09:00#20270000001-v1' },
    });
    expect(ack.status).toBe(403);
  });

  it('answers 400 invalid-receipt to an id that is not in the inbox', async () => {
    for (const receiptHandle of ['stale', '2027-03-05T10:01:00.000+09:00#nothing-v9']) {
      const response = await call('POST', '/api/departments/roads/inbox/ack', {
        who: ADMIN,
        body: { receiptHandle },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid-receipt');
    }
  });
});

describe('GET /api/callers/tickets', () => {
  it('lists the caller’s tickets, open ones first, with the number masked', async () => {
    const first = await fileRoadsTicket();
    const second = await fileRoadsTicket();
    await call('POST', `/api/tickets/${first}/transitions`, {
      who: ADMIN,
      body: { to: 'REJECTED', expectedVersion: 1 },
    });
    const response = await call('GET', '/api/callers/tickets', { query: { number: '+821012345678' } });
    expect(response.status).toBe(200);
    expect(response.body.callerMasked).toBe('010-****-5678');
    expect((response.body.tickets as { ticketNumber: string }[]).map((t) => t.ticketNumber)).toEqual([
      second,
      first,
    ]);
    expect(JSON.stringify(response.body)).not.toContain('+821012345678');
  });

  it('is for counselors: staff get 403', async () => {
    const response = await call('GET', '/api/callers/tickets', {
      who: ROADS_STAFF,
      query: { number: '+821012345678' },
    });
    expect(response.status).toBe(403);
  });
});

describe('POST /api/escalations', () => {
  it('offers a transfer to the external number of a phone-type department', async () => {
    const response = await call('POST', '/api/escalations', {
      body: { requestId: requestId(), category: 'water' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      outcome: 'transfer',
      transferType: 'phone',
      phoneNumber: '+82432013300',
      departmentId: 'waterworks',
    });
  });

  it('files one call-back ticket per requestId when nobody in the department queue is free', async () => {
    const body = { requestId: requestId(), departmentId: 'roads', callerNumber: '01012345678' };
    const first = await call('POST', '/api/escalations', { body });
    const second = await call('POST', '/api/escalations', { body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'callback', reason: 'no-agent', departmentId: 'roads' });
    expect(second.body.ticketNumber).toBe(first.body.ticketNumber);
    expect(fakes.tickets.size).toBe(1);
  });

  it('answers 400 when neither a department nor a category is given', async () => {
    const response = await call('POST', '/api/escalations', { body: { requestId: requestId() } });
    expect(response.status).toBe(400);
  });
});

describe('contact records from the desk', () => {
  it('records the disposition on the contact, creating the record when absent', async () => {
    fakes.callTakenBy('contact-1', 'counselor1', '+82432010120');
    const response = await call('POST', '/api/contacts/contact-1/disposition', {
      body: {
        disposition: 'ticket',
        category: 'living-complaints',
        entryPoint: 'barocall',
        ticketNumber: await fileRoadsTicket(),
      },
    });
    expect(response.status).toBe(204);
    const record = fakes.contacts.get('contact-1');
    expect(record).toMatchObject({
      contactId: 'contact-1',
      disposition: 'ticket',
      category: 'living-complaints',
      entryPoint: 'barocall',
      dialedUnified: false,
      outcome: 'answered',
    });
    expect(record?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('records the number of abuse warnings given on the contact', async () => {
    fakes.callTakenBy('contact-2', 'counselor1');
    const response = await call('POST', '/api/contacts/contact-2/abuse-warning', { body: { count: 2 } });
    expect(response.status).toBe(204);
    expect(fakes.contacts.get('contact-2')).toMatchObject({ abuseWarnings: 2 });
  });

  it('answers 400 to an unknown disposition', async () => {
    const response = await call('POST', '/api/contacts/contact-3/disposition', {
      body: { disposition: 'maybe' },
    });
    expect(response.status).toBe(400);
  });
});

describe('GET /api/stats/today', () => {
  const today = () => formatInstant(new Date(), 'Asia/Seoul').slice(0, 10);
  const disposition = (contactId: string, body: Record<string, unknown>) =>
    call('POST', `/api/contacts/${contactId}/disposition`, { body });

  it('answers today’s figures from the day’s counters, which the desk’s own writes move', async () => {
    const day = today();
    // What the ctr-consumer counted for two calls without a counselor: one hung up, one self-service.
    fakes.stats.set(`stats#${day}`, { counter: `stats#${day}`, calls: 2, abandoned: 1 });
    // Calls Connect knows, taken by this counselor (the desk API checks ownership first).
    fakes.callTakenBy('a', 'counselor1', '+82432010001');
    fakes.callTakenBy('b', 'counselor1', '+82432010120');
    await disposition('a', { disposition: 'answered', category: 'tax', entryPoint: 'unified' });
    await disposition('b', { disposition: 'ticket', category: 'living-complaints', entryPoint: 'barocall' });
    const number = await fileRoadsTicket();
    for (const [to, version] of [
      ['ASSIGNED', 1],
      ['IN_PROGRESS', 2],
      ['RESOLVED', 3],
    ] as const) {
      await call('POST', `/api/tickets/${number}/transitions`, {
        who: ROADS_STAFF,
        body: { to, expectedVersion: version },
      });
    }
    await fileRoadsTicket();

    const response = await call('GET', '/api/stats/today');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      day,
      calls: 4,
      answered: 2,
      abandoned: 1,
      answerRate: 0.6667,
      firstContactResolution: 0.5,
      byCategory: { tax: 1, 'living-complaints': 1 },
      unifiedShare: 0.25,
      reportsOpened: 2,
      reportsResolved: 1,
    });
  });

  it('counts a repeated disposition once, and moves the figures when the counselor changes it', async () => {
    fakes.callTakenBy('a', 'counselor1', '+82432010001');
    await disposition('a', { disposition: 'answered', category: 'tax', entryPoint: 'unified' });
    await disposition('a', { disposition: 'answered', category: 'tax', entryPoint: 'unified' });
    expect((await call('GET', '/api/stats/today')).body).toMatchObject({
      calls: 1,
      answered: 1,
      firstContactResolution: 1,
      byCategory: { tax: 1 },
    });
    await disposition('a', { disposition: 'ticket', category: 'water' });
    expect((await call('GET', '/api/stats/today')).body).toMatchObject({
      calls: 1,
      answered: 1,
      firstContactResolution: 0,
      byCategory: { water: 1 },
    });
  });

  it('counts a report resolved once, even when the resolution is sent again', async () => {
    const number = await fileRoadsTicket();
    const steps = ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'RESOLVED'] as const;
    const figures: unknown[] = [];
    for (const [i, to] of steps.entries()) {
      const response = await call('POST', `/api/tickets/${number}/transitions`, {
        who: ROADS_STAFF,
        body: { to, expectedVersion: Math.min(i + 1, 3) },
      });
      const today = (await call('GET', '/api/stats/today')).body;
      figures.push([response.status, today.reportsOpened, today.reportsResolved]);
    }
    expect(figures).toEqual([
      [200, 1, 0],
      [200, 1, 0],
      [200, 1, 1],
      [409, 1, 1],
    ]);
  });

  it('is for counselors and admins: staff get 403', async () => {
    expect((await call('GET', '/api/stats/today', { who: TAX_STAFF })).status).toBe(403);
  });
});

describe('GET /api/kb/search', () => {
  it('answers the best entries with title, answer, category, department and score', async () => {
    fakes.kb.set('__meta__', { id: '__meta__', version: 'v1' });
    fakes.kb.set('kb-1', {
      id: 'kb-1',
      category: 'tax',
      title: '자동차세 연납 신청',
      answer: '자동차세는 1월에 연납 신청하면 할인됩니다.',
      keywords: ['자동차세', '연납'],
    });
    const response = await call('GET', '/api/kb/search', { query: { q: '자동차세 연납' } });
    expect(response.status).toBe(200);
    const [first] = response.body.results as Record<string, unknown>[];
    expect(first).toMatchObject({
      id: 'kb-1',
      title: '자동차세 연납 신청',
      category: 'tax',
      department: 'tax',
    });
    expect(typeof first?.score).toBe('number');
  });

  it('answers 400 without a query', async () => {
    expect((await call('GET', '/api/kb/search', { query: {} })).status).toBe(400);
  });
});
