import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { signIn } from './portal';

test('read the figures on the Insights page and a team’s tab, change the range, download CSV', async ({
  page,
}) => {
  // a portal still warming up can refuse the first guest sign-in; try again
  await expect(async () => signIn(page)).toPass({ timeout: 150_000 });

  // the global page's Insights tab, the last 28 days by default
  await page.goto('/incidents/insights');
  await expect(page.getByRole('tab', { name: 'Insights' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByText('Time to first page').first()).toBeVisible();
  await expect(
    page.getByText(/Durations are medians, 90th percentiles/),
  ).toBeVisible();

  // a wider range asks again and says so
  const asked = page.waitForResponse(
    response =>
      response.url().includes('/api/incidents/insights?') &&
      response.url().includes('from=2026-01-05') &&
      response.status() === 200,
  );
  await page.getByLabel('From', { exact: true }).fill('2026-01-05');
  await asked;
  await expect(
    page.getByText(/incidents declared from 2026-01-05 until/),
  ).toBeVisible();

  // every table downloads as CSV: the weekly figures with the whole range first
  const download = page.waitForEvent('download');
  await page
    .getByRole('button', { name: 'Download Time to resolve by week as CSV' })
    .click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    /^insights-2026-01-05-\d{4}-\d{2}-\d{2}-time-to-resolve\.csv$/,
  );
  const csv = fs.readFileSync((await file.path())!, 'utf8').split('\r\n');
  expect(csv[0]).toBe('Week,Median,p90,n');
  expect(csv[1]).toMatch(/^all,/);
  expect(csv.length).toBeGreaterThan(40);

  // a team's tab: its figures, with its sub-teams
  await expect(async () => {
    await page.goto('/catalog/default/group/checkout-team/insights');
    await expect(
      page.getByText(/for group:default\/checkout-team and its sub-teams/),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  const teamAsked = page.waitForResponse(
    response =>
      response.url().includes('groupRef=group%3Adefault%2Fcheckout-team') &&
      response.url().includes('from=2026-06-01') &&
      response.status() === 200,
  );
  await page.getByLabel('From', { exact: true }).fill('2026-06-01');
  await teamAsked;
  await expect(
    page.getByText(/incidents declared from 2026-06-01 until/),
  ).toBeVisible();
  const teamDownload = page.waitForEvent('download');
  await page
    .getByRole('button', { name: 'Download On-call load per team as CSV' })
    .click();
  expect((await teamDownload).suggestedFilename()).toMatch(
    /-on-call-load-teams\.csv$/,
  );
});
