import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayTypeOf, holidaysFromHours } from '#domain/planning/calendar';
import { cityDay } from '#domain/time';
import { refitWindow } from '#functions/use-cases/arrival-refit';
import { loadCityConfig } from '#infra/config/load';
import { type E2eHarness, eventually, login, ROOT, startE2e } from '#test/e2e';
import { findTable } from '#tools/local-aws/lookup';

/**
 * The 계획 (planning) screen in a browser, on one sandbox: a manager plans a Monday (the staffing
 * curve, the shifts and the simulated day, computed in the browser), is told in Korean what is
 * wrong with a bad call count, and refits the arrival profile from last week's contact records
 * (three calls written into the sandbox's Contacts table). With UPDATE_SCREENSHOTS=1 the screen's
 * picture replaces docs/screenshots/planning.png.
 */

const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : mkdtempSync(join(tmpdir(), 'minwon365-screenshots-'));

let harness: E2eHarness;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  harness = await startE2e();
});

afterAll(async () => {
  await harness?.stop();
});

/** Three calls on a working weekday of last full week: two at 08:xx, one at 09:xx (Seoul). */
const seedLastWeek = async () => {
  const runtime = harness.sandbox.runtime;
  if (!runtime) throw new Error('the planning e2e test needs its own sandbox (no E2E_SANDBOX_URL)');
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: runtime.aws.region,
      endpoint: runtime.aws.dynamoEndpoint,
      credentials: runtime.aws.credentials,
    }),
  );
  const monday = refitWindow(cityDay(new Date(), 'Asia/Seoul'), 1).from;
  // A working weekday of last week (usually the Tuesday; not a public holiday).
  const isHoliday = holidaysFromHours((await loadCityConfig('cheongju')).hours);
  const tuesday =
    [1, 2, 3, 4, 0]
      .map((d) => addDays(monday, d))
      .find((date) => dayTypeOf(date, isHoliday).dayType === 'weekday') ?? addDays(monday, 1);
  const table = findTable(runtime.resources, 'Contacts').tableName;
  for (const [id, time] of [
    ['e2e-plan-1', '08:05'],
    ['e2e-plan-2', '08:40'],
    ['e2e-plan-3', '09:10'],
  ] as const)
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          contactId: id,
          day: tuesday,
          initiatedAt: `${tuesday}T${time}:00.000+09:00`,
          entryPoint: 'unified',
          dialedUnified: true,
          outcome: 'answered',
        },
      }),
    );
};

describe('the 계획 screen', () => {
  it('plans and simulates a day in the browser, refuses a bad call count, and refits from last week', async () => {
    await seedLastWeek();
    const page = await harness.newPage('/#/planning');
    await login(page, 'admin');
    await page.getByTestId('tab-planning').click();
    await page.getByTestId('plan-date').fill('2027-03-08');
    await eventually(() => page.getByTestId('plan-day-info').textContent()).toContain('평일');

    await page.getByTestId('plan-calls').fill('열한시');
    await page.getByTestId('plan-run').click();
    await eventually(() => page.getByTestId('plan-calls-problem').textContent()).toContain('정수로 입력해');

    await page.getByTestId('plan-calls').fill('1100');
    await page.getByTestId('plan-run').click();
    await eventually(() => page.getByTestId('plan-figure-sim-answer').textContent()).toMatch(/\d+\.\d%/);
    expect(await page.getByTestId('plan-calls-problem').count()).toBe(0);
    expect(await page.getByTestId('staffing-chart').locator('rect.plan-bar').count()).toBe(25); // 24 + legend
    expect(await page.getByTestId('shift-table').locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('simulation-table').locator('tbody tr').count()).toBe(24);
    await page.screenshot({ path: join(SHOTS, 'planning.png'), fullPage: true });

    await page.getByTestId('refit-weeks').selectOption('1');
    await page.getByTestId('refit-run').click();
    await eventually(() => page.getByTestId('profile-source').textContent()).toContain(
      '평일 1일, 3통으로 맞춤',
    );
    // Planned again with the refit curve: a third of the calls at 08:00 (the model expects ~2% then).
    const firstArrivals = page
      .getByTestId('simulation-table')
      .locator('tbody tr')
      .first()
      .locator('td')
      .nth(1);
    await eventually(async () => Number(await firstArrivals.textContent())).toBeGreaterThan(300);
  });
});
