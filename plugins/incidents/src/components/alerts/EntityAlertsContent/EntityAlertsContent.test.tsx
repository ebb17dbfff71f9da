import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  alertFixture,
  baseUrl,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { EntityAlertsContent } from './EntityAlertsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

describe('EntityAlertsContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Answers the alert list by the status asked for; `asked` collects every list query. */
  function serve() {
    const asked: URLSearchParams[] = [];
    const alerts = [
      alertFixture(),
      alertFixture({ id: '2', status: 'resolved', summary: 'Latency high' }),
    ];
    server.use(
      http.get(`${baseUrl}/alert-list`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        asked.push(query);
        const status = query.get('status');
        return HttpResponse.json({
          items: alerts.filter(a => !status || a.status === status),
        });
      }),
      http.get(`${baseUrl}/integrations`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/maintenance-windows`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    return asked;
  }

  const render = (authorize?: typeof guest) =>
    renderWithIncidents(
      <EntityProvider entity={entity}>
        <EntityAlertsContent />
      </EntityProvider>,
      { authorize },
    );

  it('lists the entity’s firing and recent alerts, and its maintenance', async () => {
    const asked = serve();
    await render();

    expect(
      await screen.findByText('High error rate on checkout'),
    ).toBeInTheDocument();
    expect(screen.getByText('Latency high')).toBeInTheDocument();
    expect(asked[0].get('entityRef')).toBe(
      'component:default/checkout-service',
    );
    expect(asked[0].get('status')).toBeNull();
    expect(
      await screen.findByText('No maintenance scheduled.'),
    ).toBeInTheDocument();
  });

  it('asks the backend for the chosen status', async () => {
    const asked = serve();
    await render();
    await screen.findByText('Latency high');

    await user.click(screen.getByRole('button', { name: 'Firing' }));
    await waitFor(() => expect(asked.at(-1)?.get('status')).toBe('firing'));
    await waitFor(() =>
      expect(screen.queryByText('Latency high')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('High error rate on checkout')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Resolved' }));
    await waitFor(() => expect(asked.at(-1)?.get('status')).toBe('resolved'));
    expect(await screen.findByText('Latency high')).toBeInTheDocument();
  });

  it('says when the entity has had no alerts', async () => {
    server.use(
      http.get(`${baseUrl}/alert-list`, () => HttpResponse.json({ items: [] })),
      http.get(`${baseUrl}/integrations`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/maintenance-windows`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await render();
    expect(
      await screen.findByText('No alerts on this entity yet.'),
    ).toBeInTheDocument();
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve();
    await render(guest);

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: ['button: Schedule maintenance'],
      // what is left changes nothing: the status filter
      enabled: ['button: All', 'button: Firing', 'button: Resolved'],
    });
  });
});
