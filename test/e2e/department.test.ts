import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicketRepository } from '#adapters/ticket-repository';
import { createTicket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { devToken, type E2eHarness, eventually, login, startE2e } from '#test/e2e';
import { findTable } from '#tools/local-aws/lookup';
import { formatCityTime } from '../../web/src/city-time';

/**
 * The 부서 screen as staff use it all day, in a browser whose zone is not the city's: the work list
 * earliest due first with overdue badges and paging, the inbox with the SLA notice, claiming and
 * handing over a ticket, a reassignment that asks for the target and a reason and confirms, and
 * the citizen's SMS in the phone's outbox after a resolution. Also: the sandbox's call routes do
 * not hand out full caller numbers without a counselor's token.
 */

let harness: E2eHarness;
const COUNSELOR = devToken('counselor1', ['counselors']);
const api = async (method: string, path: string, body?: unknown, token = COUNSELOR) => {
  const response = await fetch(`${harness.sandbox.url}${path}`, {
    method,
    headers: { authorization: token, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
  };
};

let overdueNumber = '';

beforeAll(async () => {
  harness = await startE2e();
  const runtime = harness.sandbox.runtime;
  if (!runtime) throw new Error('this test seeds the sandbox’s tables: run it without E2E_SANDBOX_URL');
  // 25 reports for 도로과(생활불편) through the desk API: more than one page of the list.
  for (let i = 0; i < 25; i += 1) {
    const created = await api('POST', '/api/tickets', {
      requestId: crypto.randomUUID(),
      kind: 'report',
      category: 'living-complaints',
      description: `보도블록 파손 ${i + 1}`,
      location: `상당로 ${100 + i}`,
      callerNumber: '010-3456-7890',
    });
    expect(created.status).toBe(201);
  }
  // One filed four days ago: past its 48-hour due time.
  const ticket = createTicket(
    {
      kind: 'report',
      category: 'living-complaints',
      description: '가로등 고장 방치',
      location: '청주역 앞',
      by: 'ivr',
    },
    {
      ticketNumber: formatTicketNumber(new Date().getFullYear(), 900_001),
      now: new Date(Date.now() - 4 * 86_400_000),
      timeZone: 'Asia/Seoul',
      department: { id: 'living', slaHours: 48 },
      caller: { withheld: true },
    },
  );
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: runtime.aws.region,
      endpoint: runtime.aws.dynamoEndpoint,
      credentials: runtime.aws.credentials,
    }),
  );
  await createTicketRepository({
    client: doc,
    tableName: findTable(runtime.resources, 'Tickets').tableName,
  }).create(ticket);
  overdueNumber = ticket.ticketNumber;
  const sla = await api('POST', '/sandbox/sla-check');
  expect(sla.body).toMatchObject({ newlyOverdue: 1 });
});

afterAll(async () => {
  await harness?.stop();
});

describe('the 부서 screen in a browser', () => {
  it('shows the work earliest-due first with overdue badges, pages, assigns and reassigns with confirmation', async () => {
    const staff = await harness.newPage('/#/department', { timezoneId: 'America/New_York' });
    await login(staff, 'department', 'living');

    // Overdue first, with its badge; due times in the city's zone, not the browser's.
    const first = staff.getByTestId('dept-tickets').locator('tbody tr').first();
    await eventually(() => first.getAttribute('data-testid')).toBe(`ticket-row-${overdueNumber}`);
    await expect.poll(() => first.getByTestId('sla-overdue').textContent()).toBe('기한 초과');
    const due = await api('GET', `/api/tickets/${overdueNumber}`);
    expect(await first.getByTestId('ticket-due').textContent()).toContain(
      formatCityTime(String(due.body.dueAt), 'Asia/Seoul'),
    );

    // Paging: 20 on the first page, the rest behind 더 보기.
    await eventually(() => staff.getByTestId('ticket-count').textContent()).toContain('20건');
    await staff.getByTestId('ticket-more').click();
    await eventually(() => staff.getByTestId('ticket-count').textContent()).toContain('26건');
    await expect.poll(() => staff.getByTestId('ticket-more').count()).toBe(0);

    // The SLA notice reached the inbox, which every colleague sees; 확인 is per person.
    const inbox = staff.getByTestId('dept-inbox');
    await eventually(() => inbox.getByText('기한 초과').count()).toBeGreaterThan(0);
    const unreadBefore = Number(await staff.getByTestId('inbox-unread').textContent());
    await inbox.getByTestId('inbox-ack').first().click();
    await eventually(async () => Number(await staff.getByTestId('inbox-unread').textContent())).toBe(
      unreadBefore - 1,
    );

    // 담당 접수 claims it; 담당자 변경 hands it over with a note.
    await first.click();
    await staff.getByTestId('ticket-to-ASSIGNED').click();
    await eventually(() => staff.getByTestId('ticket-assignee').textContent()).toBe('staff-living');
    await staff.getByTestId('handover-assignee').fill('staff-living-2');
    await staff.getByTestId('handover-note').fill('현장 점검 담당에게 인계');
    await staff.getByTestId('handover-submit').click();
    await eventually(() => staff.getByTestId('ticket-assignee').textContent()).toBe('staff-living-2');
    await eventually(() => staff.getByTestId('ticket-history').textContent()).toContain(
      '현장 점검 담당에게 인계',
    );

    // 재배정: no department preselected; a reason is required; then an explicit confirmation.
    expect(await staff.getByTestId('reassign-target').inputValue()).toBe('');
    expect(await staff.getByTestId('reassign-start').isDisabled()).toBe(true);
    await staff.getByTestId('reassign-target').selectOption('water');
    expect(await staff.getByTestId('reassign-start').isDisabled()).toBe(true);
    await staff.getByTestId('reassign-note').fill('상수도 누수로 확인되어 이관');
    await staff.getByTestId('reassign-start').click();
    await eventually(() => staff.getByTestId('reassign-confirm-box').textContent()).toContain(
      '상수도사업본부',
    );
    await staff.getByTestId('reassign-confirm').click();
    await eventually(() => staff.getByTestId('ticket-status').getAttribute('data-status')).toBe('RECEIVED');
    const moved = await api('GET', `/api/tickets/${overdueNumber}`);
    expect(moved.body).toMatchObject({ departmentId: 'water' });
    expect(moved.body.assignee).toBeUndefined();
  });

  it('texts the caller once when a report is resolved, shown in the phone’s outbox', async () => {
    const staff = await harness.newPage('/#/department');
    await login(staff, 'department', 'living');
    const row = staff.getByTestId('dept-tickets').locator('tbody tr').first();
    await row.waitFor();
    const ticketNumber = String(await row.getAttribute('data-testid')).replace('ticket-row-', '');
    await row.click();
    await staff.getByTestId('ticket-to-ASSIGNED').click();
    await eventually(() => staff.getByTestId('ticket-status').getAttribute('data-status')).toBe('ASSIGNED');
    await staff.getByTestId('ticket-to-IN_PROGRESS').click();
    await eventually(() => staff.getByTestId('ticket-status').getAttribute('data-status')).toBe(
      'IN_PROGRESS',
    );
    await staff.getByTestId('ticket-note').fill('보도블록 교체 완료');
    await staff.getByTestId('ticket-to-RESOLVED').click();
    await eventually(() => staff.getByTestId('ticket-status').getAttribute('data-status')).toBe('RESOLVED');

    const phone = await harness.newPage('/#/phone');
    const display = `${ticketNumber.slice(0, 4)}-${ticketNumber.slice(4, 7)}-${ticketNumber.slice(7)}`;
    const texts = phone.getByTestId('outbox-message').filter({ hasText: display });
    await eventually(() => texts.count()).toBe(1);
    const text = await texts.first().textContent();
    expect(text).toContain('010-****-7890');
    expect(text).toContain('처리가 완료되었습니다');
    expect(text).not.toContain('보도블록 교체 완료');
  });

  it('masks caller numbers on the sandbox’s call routes without a counselor token', async () => {
    const call = await fetch(`${harness.sandbox.url}/sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // 바로콜 skips the menu: the call waits in the counselors' queue.
      body: JSON.stringify({ dialed: 'barocall', from: '+821055556666' }),
    });
    const view = (await call.json()) as { callId: string; from: string };
    expect(view.from).toBe('010-****-6666');
    const again = (await (await fetch(`${harness.sandbox.url}/sandbox/calls/${view.callId}`)).json()) as {
      from: string;
    };
    expect(again.from).toBe('010-****-6666');
    const anonymous = (await (await fetch(`${harness.sandbox.url}/sandbox/queue`)).json()) as {
      calls: { from: string | null }[];
    };
    expect(JSON.stringify(anonymous)).not.toContain('+821055556666');
    const counselor = await api('GET', '/sandbox/queue');
    expect(JSON.stringify(counselor.body)).toContain('+821055556666');
  });
});
