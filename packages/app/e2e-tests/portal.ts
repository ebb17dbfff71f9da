import { expect, Page } from '@playwright/test';

/** The guest sign-in of the demo portal. */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Opens the checkout service's Incidents tab once the catalog has ingested the demo. */
export async function openIncidentsTab(page: Page) {
  await expect(async () => {
    await page.goto('/catalog/default/component/checkout-service/incidents');
    await expect(
      page.getByRole('button', { name: 'Declare incident' }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
}

/** Declares an incident titled `title` from the Incidents tab and opens its page. */
export async function declareAndOpenIncident(page: Page, title: string) {
  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByRole('button', { name: 'Declare' }).click();
  await expect(dialog).toBeHidden();
  await page
    .getByRole('row')
    .filter({ hasText: title })
    .getByRole('link')
    .first()
    .click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}
