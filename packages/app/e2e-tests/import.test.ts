import { expect, Page, test } from '@playwright/test';
import { FakePagerDuty } from '../../../plugins/incidents-backend/src/import/__testUtils__/FakePagerDuty';

const DAY = 86_400_000;
const run = Date.now();
const scheduleName = `Checkout primary ${run}`;
const policyName = `Checkout escalation ${run}`;

let pagerduty: FakePagerDuty;
let apiUrl: string;

test.beforeAll(async () => {
  // a PagerDuty account whose people, team and service are the demo catalog's
  const start = new Date(
    Math.floor((run - 30 * DAY) / DAY) * DAY,
  ).toISOString();
  pagerduty = new FakePagerDuty(
    {
      users: [
        {
          id: 'PE1',
          name: 'Maya Okafor',
          email: 'maya.okafor@northwind.example',
        },
        {
          id: 'PE2',
          name: 'Daniel Kim',
          email: 'daniel.kim@northwind.example',
        },
        {
          id: 'PE3',
          name: 'Priya Raman',
          email: 'priya.raman@northwind.example',
        },
      ],
      teams: [{ id: 'PET1', name: 'Checkout Team' }],
      services: [{ id: 'PES1', name: 'Checkout Service', policy: 'PEP1' }],
      schedules: [
        {
          id: 'PES',
          name: scheduleName,
          time_zone: 'Europe/Berlin',
          teams: ['PET1'],
          layers: [
            {
              id: 'L2',
              name: 'Nights',
              start,
              rotation_virtual_start: start,
              rotation_turn_length_seconds: 86_400,
              users: ['PE3', 'PE1'],
              restrictions: [
                {
                  type: 'daily_restriction',
                  start_time_of_day: '22:00:00',
                  duration_seconds: 8 * 3600,
                },
              ],
            },
            {
              id: 'L1',
              name: 'Weekly',
              start,
              rotation_virtual_start: start,
              rotation_turn_length_seconds: 7 * 86_400,
              users: ['PE1', 'PE2'],
            },
          ],
        },
      ],
      policies: [
        {
          id: 'PEP1',
          name: policyName,
          num_loops: 1,
          rules: [
            { delay: 15, targets: [{ type: 'schedule_reference', id: 'PES' }] },
            { delay: 15, targets: [{ type: 'user_reference', id: 'PE2' }] },
          ],
        },
      ],
    },
    'e2e-pagerduty-token',
  );
  apiUrl = await pagerduty.start();
});

/** The guest sign-in, waiting for the sidebar (the catalog page also has a Catalog breadcrumb). */
async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByTestId('sidebar-root')
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

test.afterAll(async () => {
  await pagerduty?.stop();
});

test('an admin imports from PagerDuty: dry run, apply, proof of fidelity, and nothing more the second time', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/incidents/oncall');
  await page
    .getByRole('link', { name: 'Import from PagerDuty or Opsgenie' })
    .click();
  await expect(page).toHaveURL(/\/incidents\/oncall\/import$/);

  await page.getByLabel('API token').fill('e2e-pagerduty-token');
  await page.getByLabel('API URL').fill(apiUrl);
  await page.getByRole('button', { name: 'Dry run' }).click();

  const plan = page.getByRole('row').filter({ hasText: scheduleName });
  await expect(plan).toContainText('Create');
  await expect(plan).toContainText('100% match');
  await expect(
    page.getByRole('row').filter({ hasText: 'Checkout Service' }),
  ).toContainText('component:default/checkout-service');
  await expect(page.getByText('0 imported')).toBeVisible();
  // a dry run writes nothing: the On call page, in another tab, has no such schedule
  const other = await page.context().newPage();
  await other.goto('/incidents/oncall');
  await expect(
    other.getByText('Escalation policies', { exact: true }),
  ).toBeVisible();
  await expect(other.getByText(scheduleName)).toHaveCount(0);
  await other.close();

  await page.getByRole('button', { name: 'Apply' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Imported', { exact: true })).toBeVisible();
  await expect(page.getByText('2 imported')).toBeVisible();
  const imported = page.getByRole('row').filter({ hasText: scheduleName });
  await expect(imported).toContainText('100% match');

  // an ordinary Lookout schedule, on the On call page
  await page.goto('/incidents/oncall');
  // the schedule shows in the Schedules card and in the policy that pages it
  await expect(page.getByText(scheduleName).first()).toBeVisible();
  await expect(page.getByText(policyName).first()).toBeVisible();

  // running it again changes nothing
  await page.goto('/incidents/oncall/import');
  await page.getByLabel('API token').fill('e2e-pagerduty-token');
  await page.getByLabel('API URL').fill(apiUrl);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(
    page.getByRole('row').filter({ hasText: scheduleName }),
  ).toContainText('Unchanged');
});
