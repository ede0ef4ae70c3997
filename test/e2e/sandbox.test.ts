import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eHarness, eventually, login, ROOT, startE2e } from '#test/e2e';

/**
 * The whole call center in a browser: the sandbox (tools/sandbox) with its own data folder, and
 * Debian's Chromium driven by playwright-core (harness: test/support/e2e.ts). A citizen calls 바로콜,
 * the counselor takes the call and files a report, the department resolves it, and a second call
 * to the unified number hears the new status. Screenshots of the four screens are taken on every
 * run; with UPDATE_SCREENSHOTS=1 they replace the README's pictures in docs/screenshots/.
 */

const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : mkdtempSync(join(tmpdir(), 'minwon365-screenshots-'));

let harness: E2eHarness;
const newPage = (path: string): Promise<Page> => harness.newPage(path);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  harness = await startE2e();
});

afterAll(async () => {
  await harness?.stop();
});

describe('the sandbox in a browser', () => {
  it('takes a 바로콜 report from call to resolution and reads the new status by phone', async () => {
    // A citizen calls the 바로콜 number: the flows put the call in the counselors' queue.
    const phone = await newPage('/#/phone');
    await phone.getByTestId('phone-dialed').selectOption('barocall');
    await phone.getByTestId('phone-from').fill('010-2345-6789');
    await phone.getByTestId('phone-call').click();
    await eventually(() => phone.getByTestId('phone-state').textContent()).toBe('상담사 연결 대기');
    await eventually(() => phone.getByTestId('phone-transcript').textContent()).toContain('생활불편 신고');

    // The counselor takes it: the screen pop shows the entry point and the chosen category.
    const desk = await newPage('/#/desk');
    await login(desk, 'counselor');
    await desk.getByTestId('queue-accept').first().click();
    await eventually(() => desk.getByTestId('pop-entry').textContent()).toContain('바로콜');
    await eventually(() => desk.getByTestId('pop-category').textContent()).toBe('생활민원');
    await eventually(() => phone.getByTestId('phone-state').textContent()).toBe('상담 중');

    // 상담DB as you type, then the report.
    await desk.getByTestId('kb-query').fill('가로등');
    await eventually(() => desk.getByTestId('kb-results').locator('li').count()).toBeGreaterThan(0);
    await desk.getByTestId('intake-location').fill('상당구 상당로 155 앞');
    await desk.getByTestId('intake-description').fill('가로등이 꺼져 있어 밤길이 위험합니다.');
    await desk.getByTestId('intake-submit').click();
    const ticketNumber = (await desk.getByTestId('intake-ticket-number').textContent())?.trim() ?? '';
    expect(ticketNumber).toMatch(/^\d{11}$/);
    // The screen pop counts the report just filed (the flow's attribute said 0 at the start of the call).
    await eventually(() => desk.getByTestId('pop-open-tickets').textContent()).toBe('1건');
    await desk.screenshot({ path: join(SHOTS, 'desk.png'), fullPage: true });
    await desk.getByTestId('wrapup').click();
    await eventually(() => desk.getByTestId('desk-wrapped').textContent()).toContain('신고·민원 접수');
    await phone.getByTestId('phone-hangup').click();

    // The department: the report arrives in its inbox; accept → start → resolve with a note.
    const staff = await newPage('/#/department');
    await login(staff, 'department', 'living');
    const row = staff.getByTestId(`ticket-row-${ticketNumber}`);
    await row.waitFor();
    await eventually(() => staff.getByTestId('inbox-message').count()).toBeGreaterThan(0);
    await row.click();
    await staff.getByTestId('ticket-to-ASSIGNED').click();
    await eventually(() => staff.getByTestId('ticket-status').getAttribute('data-status')).toBe('ASSIGNED');
    await staff.getByTestId('ticket-to-IN_PROGRESS').click();
    await eventually(() => staff.getByTestId('ticket-status').getAttribute('data-status')).toBe(
      'IN_PROGRESS',
    );
    await staff.getByTestId('ticket-note').fill('가로등 전구를 교체했습니다.');
    await staff.getByTestId('ticket-to-RESOLVED').click();
    await eventually(() => staff.getByTestId('ticket-status').textContent()).toBe('처리완료');
    await eventually(() => staff.getByTestId('ticket-history').locator('li').count()).toBe(4);
    await staff.screenshot({ path: join(SHOTS, 'department.png'), fullPage: true });

    // A new call to the unified number: 1, the ticket number and #, and the caller hears 처리완료.
    await phone.getByTestId('phone-dialed').selectOption('unified');
    await phone.getByTestId('phone-call').click();
    await eventually(() => phone.getByTestId('phone-input-hint').textContent()).toContain('번호 하나');
    await phone.getByTestId('key-1').click();
    await eventually(() => phone.getByTestId('phone-input-hint').textContent()).toContain('#');
    for (const digit of ticketNumber) await phone.getByTestId(`key-${digit}`).click();
    await phone.getByTestId('key-hash').click();
    // The lookup's message says RESOLVED (처리완료) as a sentence: "… 처리가 완료되었습니다."
    await eventually(() => phone.getByTestId('phone-transcript').textContent()).toMatch(
      /처리가 완료되었습니다|처리완료/,
    );
    await phone.screenshot({ path: join(SHOTS, 'phone.png'), fullPage: true });
    // Hanging up ends the contact: its contact record goes to the ctr-consumer, as in AWS.
    await phone.getByTestId('phone-hangup').click();

    // 현황 reflects the sandbox's own calls (their contact records) and reports.
    await desk.getByTestId('tab-today').click();
    await eventually(() => desk.getByTestId('figure-calls').textContent()).toMatch(/전체 통화\s*[2-9]/);
    await eventually(() => desk.getByTestId('figure-resolved').textContent()).toMatch(/처리완료\s*[1-9]/);
    await desk.getByTestId('category-chart').waitFor();
    await desk.screenshot({ path: join(SHOTS, 'today.png'), fullPage: true });
  });
});
