import { expect, Page, test } from '@playwright/test';
import { declareAndOpenIncident, openIncidentsTab, signIn } from './portal';

/** Opens a section's editor, writes it and saves it. */
async function writeSection(page: Page, section: string, text: string) {
  await page.getByRole('button', { name: `Edit ${section}` }).click();
  const input = page.getByRole('textbox', { name: section });
  await input.fill(text);
  await page.getByRole('button', { name: `Save ${section}` }).click();
  await expect(input).toBeHidden();
  await expect(page.getByText(text)).toBeVisible();
}

test('resolve an incident, write and publish its postmortem, and find it again', async ({
  page,
}) => {
  await signIn(page);
  await openIncidentsTab(page);

  // a word nobody else writes, to find this postmortem and only it
  const marker = `zebracorn${Date.now()}`;
  const title = `Basket sync lost ${Date.now()}`;
  await declareAndOpenIncident(page, title);

  // the same origin has a published demo postmortem: this happened before
  await expect(page.getByText('This happened before')).toBeVisible();
  await expect(
    page.getByRole('link', {
      name: 'Postmortem: Checkout returns 502s after deploy',
    }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByRole('menuitem', { name: 'resolved' }).click();
  await page.getByRole('button', { name: 'Write postmortem' }).click();

  // the editor, started from the template, with the incident's own timeline
  await expect(
    page.getByRole('heading', { name: `Postmortem: ${title}` }),
  ).toBeVisible();
  await expect(page.getByText('Draft', { exact: true })).toBeVisible();
  await expect(
    page.getByText('changed status from triage to resolved'),
  ).toBeVisible();
  await writeSection(
    page,
    'Summary',
    `Basket sync dropped carts for 20 minutes (${marker}).`,
  );
  await writeSection(
    page,
    'Root cause',
    'A schema change renamed the basket id column.',
  );
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Reopen as draft' }),
  ).toBeVisible();

  // the Postmortems tab of the Incidents page finds it by a word of its text
  await page.goto('/incidents');
  await page.getByRole('tab', { name: 'Postmortems' }).click();
  await expect(page.getByRole('tab', { name: 'Postmortems' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.locator('#postmortems-search').fill(marker);
  const row = page.getByRole('row').filter({ hasText: `Postmortem: ${title}` });
  await expect(row).toBeVisible();
  // the filter is the server's: the demo postmortems do not have the word
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'Checkout returns 502s after deploy' }),
  ).toHaveCount(0);
  await expect(row.getByText('Published')).toBeVisible();

  // the portal's search finds it once the collator has run (every few seconds in this setup)
  await expect(async () => {
    await page.goto(`/search?query=${marker}`);
    await expect(
      page.getByRole('link', { name: `Postmortem: ${title}` }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await page
    .getByRole('link', { name: `Postmortem: ${title}` })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { name: `Postmortem: ${title}` }),
  ).toBeVisible();
});
