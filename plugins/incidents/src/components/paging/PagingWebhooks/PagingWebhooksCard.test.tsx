import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  oncallManagePermission,
  PagingWebhook,
} from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  catalogEntity,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { PagingWebhooksCard } from './PagingWebhooksCard';

const SECRET =
  'f3a9c0de5b7e41d2a8c6e0b4d9f1a2c3e5b7d9f0a1c3e5b7d9f1a3c5e7b9d0f2';

function webhookFixture(overrides: Partial<PagingWebhook> = {}): PagingWebhook {
  return {
    id: 'wh-1',
    name: 'Checkout chat bridge',
    url: 'https://chat.example.com/hooks/checkout',
    groupRef: 'group:default/checkout-team',
    source: 'api',
    createdBy: 'user:default/alice',
    createdAt: '2026-10-01T08:00:00.000Z',
    ...overrides,
  };
}

const fromConfig = webhookFixture({
  id: 'config-pager-gateway',
  name: 'Pager gateway',
  url: 'https://pager.example.com/in',
  groupRef: null,
  source: 'config',
  createdBy: 'app-config',
  createdAt: '1970-01-01T00:00:00.000Z',
});

describe('PagingWebhooksCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Keeps webhooks as the backend would; returns what was asked of it. */
  function serve(initial: PagingWebhook[]) {
    const state = {
      webhooks: initial,
      listed: 0,
      created: [] as unknown[],
      deleted: [] as string[],
    };
    server.use(
      http.get(`${baseUrl}/paging-webhooks`, () => {
        state.listed++;
        return HttpResponse.json({ items: state.webhooks });
      }),
      http.post(`${baseUrl}/paging-webhooks`, async ({ request }) => {
        const body = (await request.json()) as Partial<PagingWebhook>;
        state.created.push(body);
        const webhook = webhookFixture({
          groupRef: null,
          ...body,
          id: 'wh-2',
        });
        state.webhooks = [...state.webhooks, webhook];
        return HttpResponse.json(
          { ...webhook, secret: SECRET },
          { status: 201 },
        );
      }),
      http.delete(`${baseUrl}/paging-webhooks/:id`, ({ params }) => {
        state.deleted.push(params.id as string);
        state.webhooks = state.webhooks.filter(w => w.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    return state;
  }

  const render = (authorize?: ReturnType<typeof denying>) =>
    renderWithIncidents(<PagingWebhooksCard />, {
      authorize,
      catalog: [catalogEntity('Group', 'checkout-team', 'Checkout')],
    });

  /** A button once the permission backend has let it be pressed. */
  async function enabledButton(name: string) {
    const button = await screen.findByRole('button', { name });
    await waitFor(() => expect(button).toBeEnabled());
    return button;
  }

  async function openNewWebhook() {
    await user.click(await enabledButton('New webhook'));
    return screen.findByRole('dialog');
  }

  it('lists webhooks with where they post, what they receive and who added them', async () => {
    serve([webhookFixture(), fromConfig]);
    await render();

    const added = within(
      await screen.findByRole('row', { name: /Checkout chat bridge/ }),
    );
    expect(
      added.getByText('https://chat.example.com/hooks/checkout'),
    ).toBeInTheDocument();
    expect(added.getByText(/Pages of incidents/)).toHaveTextContent(
      'Pages of incidents checkout-team owns',
    );
    expect(added.getByRole('link', { name: 'checkout-team' })).toHaveAttribute(
      'href',
      '/catalog/default/group/checkout-team',
    );
    expect(added.getByRole('link', { name: 'alice' })).toBeInTheDocument();
    await waitFor(() =>
      expect(
        added.getByRole('button', {
          name: 'Delete webhook Checkout chat bridge',
        }),
      ).toBeEnabled(),
    );

    // a webhook from app-config is shown, but is removed there, not here
    const configured = within(
      screen.getByRole('row', { name: /Pager gateway/ }),
    );
    expect(configured.getByText('Every page')).toBeInTheDocument();
    expect(configured.getByText('Declared in app-config')).toBeInTheDocument();
    expect(
      configured.getByRole('button', { name: 'Delete webhook Pager gateway' }),
    ).toBeDisabled();
  });

  it('creates a webhook and shows its signing secret once, with how to verify it', async () => {
    const state = serve([]);
    await render();
    expect(
      await screen.findByText(/No paging webhooks yet/),
    ).toBeInTheDocument();

    let dialog = await openNewWebhook();
    await user.type(within(dialog).getByLabelText(/Name/), 'Checkout pager');
    await user.type(
      within(dialog).getByLabelText(/URL/),
      'https://pager.example.com/lookout',
    );
    await user.click(within(dialog).getByLabelText('Team'));
    await user.click(await screen.findByRole('option', { name: /Checkout/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(await within(dialog).findByText(SECRET)).toBeVisible();
    expect(
      within(dialog).getByRole('button', { name: 'Copy signing secret' }),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/will not show it again/)).toBeVisible();
    expect(within(dialog).getByText('X-Lookout-Signature')).toBeVisible();
    expect(
      within(dialog).getByLabelText('Verification example'),
    ).toHaveTextContent("createHmac('sha256', secret)");
    expect(state.created).toEqual([
      {
        name: 'Checkout pager',
        url: 'https://pager.example.com/lookout',
        groupRef: 'group:default/checkout-team',
      },
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByRole('row', { name: /Checkout pager/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();

    // opened again, the dialog starts empty and the secret is gone for good
    dialog = await openNewWebhook();
    expect(within(dialog).getByLabelText(/Name/)).toHaveValue('');
    expect(within(dialog).queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('refuses a URL that is not http or https before sending anything', async () => {
    const state = serve([]);
    await render();
    const dialog = await openNewWebhook();
    await user.type(within(dialog).getByLabelText(/Name/), 'Pager');
    const url = within(dialog).getByLabelText(/URL/);
    await user.type(url, 'pager.example.com/lookout');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(
      within(dialog).getByText(
        'Enter a full URL, such as https://hooks.example.com/lookout',
      ),
    ).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');

    await user.clear(url);
    await user.type(url, 'ftp://pager.example.com/in');
    await user.tab();
    expect(
      within(dialog).getByText(
        'Only http and https URLs can receive pages, not ftp',
      ),
    ).toBeInTheDocument();
    expect(state.created).toEqual([]);

    // a plain-http receiver is allowed, with a word on what signing does not protect
    await user.clear(url);
    await user.type(url, 'http://pager.internal/in');
    expect(url).toHaveAttribute('aria-invalid', 'false');
    expect(
      within(dialog).getByText(/pages travel unencrypted/),
    ).toBeInTheDocument();
  });

  it('asks before deleting, and deletes nothing when cancelled', async () => {
    const state = serve([webhookFixture()]);
    await render();
    const remove = await enabledButton('Delete webhook Checkout chat bridge');

    await user.click(remove);
    let dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Delete Checkout chat bridge?'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/no longer be posted to/),
    ).toHaveTextContent('https://chat.example.com/hooks/checkout');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(state.deleted).toEqual([]);

    await user.click(remove);
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(state.deleted).toEqual(['wh-1']));
    expect(
      await screen.findByText(/No paging webhooks yet/),
    ).toBeInTheDocument();
  });

  it('says why nothing is shown, and asks nothing, without incident.oncall.manage', async () => {
    const state = serve([webhookFixture()]);
    await render(denying([oncallManagePermission]));
    expect(
      await screen.findByText(
        'You may not manage on-call schedules and escalation policies, so paging webhooks are not shown.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'New webhook' }),
    ).not.toBeInTheDocument();
    expect(state.listed).toBe(0);
  });
});
