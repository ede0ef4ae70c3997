import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eHarness, eventually, login, startE2e } from '#test/e2e';

/**
 * The 상담DB in a browser (issue 14): the water department writes an answer, asks for review and
 * publishes it; a counselor finds it in the desk's search (within the 60 s the 상담DB promises:
 * the sandbox's handlers apply the published change at their next check) and flags it as outdated
 * with a note; the department sees the flag in its gaps report.
 */

let sandbox: E2eHarness;

beforeAll(async () => {
  sandbox = await startE2e();
});

afterAll(async () => {
  await sandbox?.stop();
});

const TITLE = '수도계량기 보호통 뚜껑 무상 교체';
const ANSWER =
  '수도계량기 보호통 뚜껑이 깨졌거나 없어졌으면 상수도사업본부에 말씀해 주세요. 현장을 확인한 뒤 무상으로 교체해 드립니다.';

describe('상담DB in a browser', () => {
  it('a department publishes an answer, a counselor finds and flags it, the department sees the flag', async () => {
    const staff = await sandbox.newPage('/#/kb');
    await login(staff, 'department', 'water');
    await staff.getByTestId('tab-kb').click();
    await staff.getByTestId('kb-new').click();
    await staff.getByTestId('kb-title').fill(TITLE);
    await staff.getByTestId('kb-answer').fill(ANSWER);
    await staff.getByTestId('kb-keywords').fill('계량기 뚜껑, 보호통');
    // The preview shows what the IVR and the screen pop get.
    await eventually(() => staff.getByTestId('kb-ivr-preview').textContent()).toContain('무상으로 교체');
    await staff.getByTestId('kb-save').click();
    await eventually(() => staff.getByTestId('kb-status').textContent()).toContain('저장했습니다');
    const id = ((await staff.getByTestId('kb-entry-meta').locator('.mono').textContent()) ?? '').trim();
    expect(id).toMatch(/^kb-/);
    await staff.getByTestId('kb-submit').click();
    await eventually(() => staff.getByTestId('kb-status').textContent()).toContain('검토를 요청했습니다');
    await staff.getByTestId('kb-publish').click();
    await eventually(() => staff.getByTestId('kb-status').textContent()).toContain('게시했습니다');
    await eventually(() => staff.getByTestId('kb-history').locator('li').count()).toBe(3);

    // The counselor searches as a caller would ask, within the minute the 상담DB promises.
    const desk = await sandbox.newPage('/#/desk');
    await login(desk, 'counselor');
    await desk.getByTestId('tab-desk').click();
    await desk.getByTestId('kb-query').fill('계량기 보호통 뚜껑이 깨졌어요');
    await eventually(async () => {
      // Typing again re-runs the search (the first ones may predate the desk's next check).
      await desk.getByTestId('kb-query').press('End');
      await desk.getByTestId('kb-query').press('Space');
      await desk.waitForTimeout(1500);
      return desk.getByTestId(`kb-result-${id}`).count();
    }, 60_000).toBe(1);
    const result = desk.getByTestId(`kb-result-${id}`);
    if ((await result.getByTestId('kb-actions').count()) === 0) await result.locator('.kb-title').click();
    await result.getByTestId('kb-feedback-outdated').click();
    await result.getByTestId('kb-feedback-note').fill('교체 신청은 이제 온라인으로도 받습니다');
    await result.getByTestId('kb-feedback-send').click();
    await eventually(() => result.getByTestId('kb-feedback-sent').count()).toBe(1);

    // The department's to-do list shows the flag.
    await staff.getByTestId('kb-tab-gaps').click();
    await eventually(() => staff.getByTestId(`gaps-feedback-${id}`).textContent()).toContain('오래됨 1');
  });
});
