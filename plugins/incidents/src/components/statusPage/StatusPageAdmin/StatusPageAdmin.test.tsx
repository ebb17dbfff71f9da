import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  PublicIncident,
  incidentUpdatePermission,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  baseUrl,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import {
  publicIncidentFixture,
  statusComponentFixture,
} from '../../../__testUtils__/fixtures';
import { Router } from '../../Router';

const checkout = statusComponentFixture({
  group: 'Shopping',
  annotatedEntityRefs: ['component:default/checkout-service'],
  status: 'degraded_performance',
  liveStatus: 'degraded_performance',
});

/** Published from INC-7, so updating it is also a change to INC-7. */
const slowCheckout = publicIncidentFixture({
  updates: [
    {
      id: 'u1',
      status: 'identified',
      body: 'A slow query.',
      createdBy: 'user:default/ann',
      createdAt: '2026-11-01T10:05:00.000Z',
    },
  ],
});

describe('StatusPageAdmin', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Serves the page with Checkout, what is published (nothing delivered yet) and no subscribers. */
  const servePage = (published: PublicIncident[]) =>
    server.use(
      http.get(`${baseUrl}/communications/components`, () =>
        HttpResponse.json({ items: [checkout] }),
      ),
      http.get(`${baseUrl}/communications/incidents`, () =>
        HttpResponse.json({ items: published }),
      ),
      http.get(`${baseUrl}/communications/incidents/:id/coverage`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/communications/subscribers`, () =>
        HttpResponse.json({
          email: { confirmed: 0, pending: 0 },
          webhook: 0,
          wholePage: 0,
          byComponent: {},
        }),
      ),
    );

  const renderPage = (authorize?: ReturnType<typeof denying>) =>
    renderWithIncidents(<Router />, {
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents/status-page'],
      authorize,
    });

  it('lists components with their mapping and subscribers, and overrides a status', async () => {
    const patches: any[] = [];
    let current = checkout;
    server.use(
      http.get(`${baseUrl}/communications/components`, () =>
        HttpResponse.json({ items: [current] }),
      ),
      http.get(`${baseUrl}/communications/incidents`, () =>
        HttpResponse.json({
          items: [slowCheckout],
        }),
      ),
      http.get(`${baseUrl}/communications/incidents/pub1/coverage`, () =>
        HttpResponse.json({
          items: [
            {
              updateId: 'u1',
              status: 'identified',
              createdAt: '2026-11-01T10:05:00.000Z',
              total: 4,
              delivered: 4,
              failed: 0,
              pending: 0,
              share: 1,
            },
          ],
        }),
      ),
      http.get(`${baseUrl}/communications/subscribers`, () =>
        HttpResponse.json({
          email: { confirmed: 5, pending: 2 },
          webhook: 1,
          wholePage: 3,
          byComponent: { c1: 3 },
        }),
      ),
      http.patch(
        `${baseUrl}/communications/components/c1`,
        async ({ request }) => {
          const body = (await request.json()) as any;
          patches.push(body);
          current = {
            ...current,
            status: body.override.status,
            override: body.override,
            updatedAt: '2026-11-01T10:06:00.000Z',
          };
          return HttpResponse.json(current);
        },
      ),
    );
    await renderPage();

    const table = await screen.findByRole('table', {
      name: 'Status page components',
    });
    expect(within(table).getByText('Checkout')).toBeInTheDocument();
    expect(
      screen.getByText(/Group: Shopping · 3 subscribers/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Annotated: component:default/checkout-service'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/5 by email \(2 awaiting confirmation\), 1 webhook/),
    ).toBeInTheDocument();
    expect(screen.getByText('Slow checkout')).toBeInTheDocument();
    expect(
      await screen.findByText(/4 of 4 subscribers reached \(100 %\)/),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Status page' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    await user.click(within(table).getByLabelText('Override'));
    await user.click(
      await screen.findByRole('option', { name: 'Major outage' }),
    );
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({
      override: { status: 'major_outage', reason: null },
    });
    expect(
      await screen.findByText(
        /Overridden; live status is Degraded performance/,
      ),
    ).toBeInTheDocument();
  });

  it('shows what is published but disables every change without incident.statuspage.manage', async () => {
    servePage([]);
    await renderPage(denying([statusPageManagePermission]));

    const table = await screen.findByRole('table', {
      name: 'Status page components',
    });
    expect(within(table).getByText('Checkout')).toBeInTheDocument();
    expect(
      await screen.findByText(/^You may not administer the status page/),
    ).toBeInTheDocument();
    for (const name of ['Add component', 'New public incident', 'Schedule']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    expect(
      within(table).getByRole('button', { name: 'Delete' }),
    ).toBeDisabled();
  });

  it('shows a guest no control that would change the page, and says why', async () => {
    servePage([slowCheckout]);
    await renderPage(guest);
    await screen.findByRole('table', { name: 'Status page components' });

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: [
        'button: Add component',
        'button: Delete',
        'button: New public incident',
        'button: Post update',
        'button: Remove from page',
        'button: Save',
        'button: Schedule',
        'select: Override',
      ],
      // what is left changes nothing: a component to tick in the maintenance form, whose
      // Schedule is refused
      enabled: ['checkbox: Checkout'],
    });
  });

  it('disables updating what was published from an incident without incident.update on it', async () => {
    servePage([slowCheckout]);
    await renderPage(denying([incidentUpdatePermission], 'INC-7'));

    // the backend asks incident.update on INC-7 for an update to what was published from it
    expect(
      await screen.findByTitle('You may not change this incident'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Post update' })).toBeDisabled();
    // removing it from the page is the status page's alone
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Remove from page' }),
      ).toBeEnabled(),
    );
  });
});
