import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  baseUrl,
  catalogEntity,
  integrationFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { Integration } from '@lookout/plugin-incidents-common';
import { Router } from '../../Router';

describe('IntegrationsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Keeps integrations as the backend would; returns what was sent. */
  function serve(initial: Integration[]) {
    const state = {
      integrations: initial,
      created: [] as unknown[],
      revoked: [] as string[],
    };
    server.use(
      http.get(`${baseUrl}/integrations`, () =>
        HttpResponse.json({ items: state.integrations }),
      ),
      http.post(`${baseUrl}/integrations`, async ({ request }) => {
        const body = (await request.json()) as Integration;
        state.created.push(body);
        const integration = integrationFixture({ ...body, id: 'int-2' });
        state.integrations = [...state.integrations, integration];
        return HttpResponse.json(
          {
            integration,
            key: 'lk_secret_key_value',
            snippets: {
              alertmanager: 'receivers:\n  - name: lookout-am\n',
              grafana: 'apiVersion: 1\ncontactPoints: []\n',
              pagerduty: '# Events API v2\n',
            },
          },
          { status: 201 },
        );
      }),
      http.delete(`${baseUrl}/integrations/:id`, ({ params }) => {
        state.revoked.push(params.id as string);
        state.integrations = state.integrations.filter(i => i.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    return state;
  }

  const render = (authorize?: typeof guest) =>
    renderWithIncidents(<Router />, {
      authorize,
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents/integrations'],
      catalog: [
        catalogEntity('Component', 'checkout-service'),
        catalogEntity('Group', 'checkout-team'),
      ],
    });

  it('lists integrations with what they route to and when they were used', async () => {
    serve([
      integrationFixture({
        entityRef: 'component:default/checkout-service',
        lastUsedAt: '2026-11-01T10:00:00.000Z',
      }),
      integrationFixture({
        id: 'int-3',
        name: 'Grafana Cloud',
        type: 'grafana',
        keyHint: 'lk_cd34',
      }),
    ]);
    await render();

    const prod = within(
      await screen.findByRole('row', { name: /Prod Alertmanager/ }),
    );
    expect(prod.getByText('Key lk_ab12…')).toBeInTheDocument();
    expect(prod.getByText('alertmanager')).toBeInTheDocument();
    expect(
      prod.getByRole('link', { name: 'checkout-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(prod.getByRole('link', { name: 'alice' })).toBeInTheDocument();
    const grafana = within(screen.getByRole('row', { name: /Grafana Cloud/ }));
    expect(grafana.getByText('By labels')).toBeInTheDocument();
    expect(grafana.getByText('Never')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Integrations' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('creates an integration and shows its key and sender configuration once', async () => {
    const state = serve([]);
    await render();
    expect(await screen.findByText(/No integrations yet/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New integration' }));
    let dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Name/), 'Checkout Grafana');
    await user.selectOptions(
      within(dialog).getByLabelText('Sender'),
      'grafana',
    );
    await user.click(within(dialog).getByLabelText('Entity'));
    await user.click(
      await screen.findByRole('option', { name: /checkout-service/ }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(
      await within(dialog).findByText('lk_secret_key_value'),
    ).toBeVisible();
    expect(
      within(dialog).getByRole('button', { name: 'Copy key' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('tab', { name: 'Grafana' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(within(dialog).getByLabelText('Configuration')).toHaveTextContent(
      'contactPoints',
    );
    await user.click(within(dialog).getByRole('tab', { name: 'Alertmanager' }));
    expect(within(dialog).getByLabelText('Configuration')).toHaveTextContent(
      'lookout-am',
    );
    expect(state.created).toEqual([
      {
        name: 'Checkout Grafana',
        type: 'grafana',
        entityRef: 'component:default/checkout-service',
      },
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByRole('row', { name: /Checkout Grafana/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText('lk_secret_key_value')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New integration' }));
    dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/Name/)).toHaveValue('');
    expect(within(dialog).queryByText('lk_secret_key_value')).toBeNull();
  });

  it('shows why an integration could not be created', async () => {
    serve([]);
    server.use(
      http.post(`${baseUrl}/integrations`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Not an admin' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await render();
    await user.click(
      await screen.findByRole('button', { name: 'New integration' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Name/), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Not an admin')).toBeInTheDocument();
  });

  it('revokes only after confirmation', async () => {
    const state = serve([integrationFixture()]);
    await render();

    await user.click(
      await screen.findByRole('button', { name: 'Revoke Prod Alertmanager' }),
    );
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Revoke Prod Alertmanager?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(state.revoked).toEqual([]);

    await user.click(
      screen.getByRole('button', { name: 'Revoke Prod Alertmanager' }),
    );
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText(/No integrations yet/)).toBeInTheDocument();
    expect(state.revoked).toEqual(['int-1']);
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve([
      integrationFixture({ entityRef: 'component:default/checkout-service' }),
    ]);
    await render(guest);

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: ['button: New integration', 'button: Revoke Prod Alertmanager'],
      // and nothing else can be pressed
      enabled: [],
    });
  });
});
