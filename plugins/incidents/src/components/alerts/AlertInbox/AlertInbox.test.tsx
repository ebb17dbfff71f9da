import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  alertFixture,
  baseUrl,
  catalogEntity,
  integrationFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { Router } from '../../Router';

describe('AlertInbox', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  function serve() {
    const state = {
      inbox: [
        alertFixture({
          id: '7',
          entityRef: null,
          incidentId: null,
          summary: 'Disk almost full',
          labels: { host: 'db-7' },
        }),
      ],
      routed: [] as Array<{ id: string; body: unknown }>,
    };
    server.use(
      http.get(`${baseUrl}/alert-inbox`, () =>
        HttpResponse.json({ items: state.inbox }),
      ),
      http.get(`${baseUrl}/integrations`, () =>
        HttpResponse.json({ items: [integrationFixture()] }),
      ),
      http.post(
        `${baseUrl}/alert-inbox/:id/route`,
        async ({ params, request }) => {
          const body = (await request.json()) as { entityRef: string };
          state.routed.push({ id: params.id as string, body });
          const alert = {
            ...state.inbox[0],
            entityRef: body.entityRef,
            incidentId: 'INC-12',
          };
          state.inbox = [];
          return HttpResponse.json(alert);
        },
      ),
    );
    return state;
  }

  const render = (authorize?: typeof guest) =>
    renderWithIncidents(<Router />, {
      authorize,
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents/unrouted'],
      catalog: [
        catalogEntity('Component', 'checkout-service'),
        catalogEntity('Resource', 'payments-db'),
        catalogEntity('User', 'alice'),
      ],
    });

  it('routes an unrouted alert to the entity picked from the catalog', async () => {
    const state = serve();
    await render();

    const row = within(
      await screen.findByRole('row', { name: /Disk almost full/ }),
    );
    expect(row.getByText('host=db-7')).toBeInTheDocument();
    await user.click(row.getByRole('button', { name: 'Route to…' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByRole('button', { name: 'Route' }),
    ).toBeDisabled();
    await user.click(within(dialog).getByLabelText('Entity'));
    const options = (await screen.findAllByRole('option')).map(
      option => option.textContent,
    );
    // Users are not where alerts go.
    expect(options).toEqual([
      'checkout-servicecomponent:default/checkout-service',
      'payments-dbresource:default/payments-db',
    ]);
    await user.click(screen.getByRole('option', { name: /payments-db/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Route' }));

    expect(
      await screen.findByText(
        'Routed “Disk almost full” to resource:default/payments-db, on INC-12.',
      ),
    ).toBeInTheDocument();
    expect(state.routed).toEqual([
      { id: '7', body: { entityRef: 'resource:default/payments-db' } },
    ]);
    expect(
      await screen.findByText(
        'Every alert found its entity. Nothing to route.',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the backend’s reason when routing fails', async () => {
    serve();
    server.use(
      http.post(`${baseUrl}/alert-inbox/:id/route`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Not in the catalog: resource:default/payments-db',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await render();
    await user.click(await screen.findByRole('button', { name: 'Route to…' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('Entity'));
    await user.click(
      await screen.findByRole('option', { name: /payments-db/ }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Route' }));
    expect(
      await within(dialog).findByText(
        'Not in the catalog: resource:default/payments-db',
      ),
    ).toBeInTheDocument();
  });

  it('is one tab away from the incidents list', async () => {
    serve();
    server.use(
      http.get(`${baseUrl}/incidents`, () => HttpResponse.json({ items: [] })),
    );
    await render();
    await screen.findByText('Disk almost full');

    await user.click(screen.getByRole('tab', { name: 'Incidents' }));
    expect(
      await screen.findByText('No incidents match these filters.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Unrouted' })).toHaveAttribute(
      'href',
      '/incidents/unrouted',
    );
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve();
    await render(guest);

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: ['button: Route to…'],
      // and nothing else can be pressed
      enabled: [],
    });
  });
});
