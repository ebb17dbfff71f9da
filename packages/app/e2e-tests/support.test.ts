import { expect, test } from '@playwright/test';
import {
  FakeHelpdesk,
  startFakeZendesk,
} from '../../../plugins/incidents-backend/src/support/__testUtils__/fakeHelpdesks';
import { zendeskSignature } from '../../../plugins/incidents-backend/src/support/signatures';
import { signIn } from './portal';

/** The backend of the portal the test command starts (app-config.e2e.yaml). */
const API = 'http://localhost:7107/api/incidents';

let zendesk: FakeHelpdesk;

test.beforeAll(async () => {
  // where app-config.e2e.yaml points incidents.support.zendesk
  zendesk = await startFakeZendesk(
    { email: 'e2e@lookout.test', apiToken: 'e2e-token' },
    { port: 7198 },
  );
});

test.afterAll(async () => {
  await zendesk?.close();
});

test('a Zendesk ticket arrives, an agent escalates it from the Support page, the incident resolves and the customer gets the reply', async ({
  page,
}) => {
  // many steps through a dev-mode portal: more than the default two minutes
  test.setTimeout(300_000);
  await signIn(page);

  // an admin creates the Zendesk key on the Integrations page: shown once, with its secret
  await page.goto('/incidents/integrations');
  await page.getByRole('button', { name: /New integration/i }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Name/).fill(`Zendesk ${Date.now()}`);
  await dialog
    .getByLabel('Sender')
    .selectOption({ label: 'Zendesk (support tickets)' });
  await dialog.getByRole('button', { name: 'Create' }).click();
  const key = (await dialog
    .getByLabel('Key', { exact: true })
    .textContent())!.trim();
  const secret = (await dialog
    .getByLabel('Signing secret', { exact: true })
    .textContent())!.trim();
  expect(key).toMatch(/^lk_/);
  await dialog.getByRole('button', { name: /Close|Done/ }).click();

  // Zendesk delivers a signed ticket event naming the checkout service
  const ticketId = String(Date.now());
  const subject = `Card payments declined at checkout ${ticketId}`;
  zendesk.addTicket(ticketId);
  const body = JSON.stringify({
    type: 'zen:event-type:ticket.created',
    account_id: 1,
    id: `e2e-${ticketId}`,
    time: new Date().toISOString(),
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticketId}`,
    detail: {
      id: ticketId,
      subject,
      description: 'The checkout-service rejects every card since this morning',
      requester_id: '4242',
      organization_id: 'Contoso',
      status: 'OPEN',
    },
  });
  const timestamp = new Date().toISOString();
  const intake = await fetch(`${API}/support/intake/zendesk`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-signature': zendeskSignature(
        secret,
        timestamp,
        Buffer.from(body),
      ),
    },
    body,
  });
  expect(intake.status).toBe(202);

  // the agent finds it in the Support inbox and escalates it
  await page.goto('/incidents/support');
  const row = page
    .getByRole('table', { name: 'Open reports' })
    .getByRole('row')
    .filter({ hasText: subject });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Escalate' }).click();
  const escalate = page.getByRole('dialog');
  await expect(escalate.getByLabel('Title')).toHaveValue(subject);
  await escalate.getByRole('button', { name: 'Declare incident' }).click();
  await expect(escalate).toBeHidden();

  const escalation = page
    .getByRole('table', { name: 'Escalations' })
    .getByRole('row')
    .filter({ hasText: ticketId });
  await expect(escalation).toBeVisible();
  await escalation.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();

  // the incident page counts the customer; resolving it tells them
  await expect(
    page.getByText(/1 report from 1 customer at Contoso/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByRole('menuitem', { name: 'resolved' }).click();
  await expect(
    page.getByText(/changed status from triage to resolved/),
  ).toBeVisible();

  // the fake Zendesk holds the public reply, once; then the panel says so
  const publicReplies = () =>
    (zendesk.messages.get(ticketId) ?? []).filter(m => m.public);
  await expect.poll(() => publicReplies().length, { timeout: 120_000 }).toBe(1);
  const replies = publicReplies();
  await page.reload();
  await expect(page.getByLabel('Reporters told')).toHaveText(
    '1 of 1 reporter told',
    { timeout: 60_000 },
  );
  expect(replies[0].body).toContain(subject);
});
