import { expect, test } from '@playwright/test';
import { signIn } from './portal';

test('declare an incident from a component page and see it listed', async ({
  page,
}) => {
  await signIn(page);
  // a fresh portal's catalog takes a few seconds to ingest the demo entities
  await expect(async () => {
    await page.goto('/catalog/default/component/checkout-service/incidents');
    // the demo history is loaded on first start
    await expect(
      page.getByText('Checkout returns 502s after deploy'),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });

  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog');
  const title = `Checkout latency spike ${Date.now()}`;
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Severity').click();
  await page.getByRole('option', { name: /SEV2/ }).click();
  await dialog.getByRole('button', { name: 'Declare' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByText('SEV2')).toBeVisible();
  await expect(row.getByText('triage')).toBeVisible();

  // and it is really stored: a reload shows it again
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: title })).toBeVisible();
});
