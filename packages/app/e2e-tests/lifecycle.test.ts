import { expect, test } from '@playwright/test';
import { declareAndOpenIncident, openIncidentsTab, signIn } from './portal';

test('declare, acknowledge, note and resolve from the portal, with the timeline', async ({
  page,
}) => {
  await signIn(page);
  await openIncidentsTab(page);

  // markup in a title or a note must show as text, never as HTML
  const attack = '<img src=x onerror="window.__xss=1">';
  const title = `Carts empty ${Date.now()} ${attack}`;
  await declareAndOpenIncident(page, title);

  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toBeHidden();

  await page.getByLabel('Note').fill(`Rolled back the 14:02 deploy ${attack}`);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(
    page.getByText(`Rolled back the 14:02 deploy ${attack}`),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByRole('menuitem', { name: 'resolved' }).click();

  const timeline = page.getByText('changed status from triage to resolved');
  await expect(timeline).toBeVisible();
  await expect(page.getByText('acknowledged the incident')).toBeVisible();
  await expect(page.getByText('declared the incident')).toBeVisible();

  // the status survives a reload, and nothing injected ever ran or rendered
  await page.reload();
  await expect(page.getByText('resolved').first()).toBeVisible();
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});
