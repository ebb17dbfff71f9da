import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Incident } from '@lookout/plugin-incidents-common';
import { IncidentsClient, incidentsApiRef } from '../../api';
import { EntityIncidentsContent } from './EntityIncidentsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const incident = (overrides: Partial<Incident>): Incident => ({
  id: 'INC-1',
  title: 'Checkout returns 500s',
  description: '',
  severity: 'SEV1',
  status: 'resolved',
  entityRef: 'component:default/checkout-service',
  impactedEntityRefs: [],
  source: 'manual',
  createdBy: 'user:default/guest',
  version: 1,
  declaredAt: '2026-11-01T10:00:00.000Z',
  acknowledgedAt: '2026-11-01T10:04:00.000Z',
  mitigatedAt: null,
  resolvedAt: '2026-11-01T11:30:00.000Z',
  closedAt: null,
  updatedAt: '2026-11-01T11:30:00.000Z',
  ...overrides,
});

describe('EntityIncidentsContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const baseUrl = 'http://localhost:7007/api/incidents';

  const render = () =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityIncidentsContent />
      </EntityProvider>,
      {
        apis: [
          [
            incidentsApiRef,
            new IncidentsClient({
              discoveryApi: { getBaseUrl: async () => baseUrl },
              fetchApi: { fetch: (...args) => fetch(...args) },
            }),
          ],
        ],
      },
    );

  it('lists the entity’s incidents with severity, status and duration', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({
          items: [
            incident({
              id: 'INC-2',
              title: 'Slow search',
              status: 'investigating',
              severity: 'SEV3',
              resolvedAt: null,
            }),
            incident({}),
          ],
        });
      }),
    );
    await render();

    expect(
      await screen.findByText('Checkout returns 500s'),
    ).toBeInTheDocument();
    expect(asked?.searchParams.get('entityRef')).toBe(
      'component:default/checkout-service',
    );
    expect(screen.getByText('1 open · 1 past')).toBeInTheDocument();
    expect(screen.getByText('1h 30m')).toBeInTheDocument();
    expect(screen.getByText('SEV1')).toBeInTheDocument();
    expect(screen.getByText('investigating')).toBeInTheDocument();
  });

  it('declares an incident from the dialog and shows it', async () => {
    const declared: Incident[] = [];
    server.use(
      http.get(`${baseUrl}/incidents`, () =>
        HttpResponse.json({ items: declared }),
      ),
      http.post(`${baseUrl}/incidents`, async ({ request }) => {
        const body = (await request.json()) as Record<string, string>;
        const created = incident({
          id: 'INC-7',
          title: body.title,
          severity: body.severity as Incident['severity'],
          status: 'triage',
          resolvedAt: null,
        });
        declared.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    await render();
    expect(
      await screen.findByText('No incidents on this entity yet.'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Declare incident' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/Title/),
      'Payments time out',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );

    expect(await screen.findByText('Payments time out')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows the backend’s message when declaring fails', async () => {
    server.use(
      http.get(`${baseUrl}/incidents`, () => HttpResponse.json({ items: [] })),
      http.post(`${baseUrl}/incidents`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Not in the catalog: component:default/checkout-service',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Declare incident' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Title/), 'x');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    expect(
      await within(dialog).findByText(/Not in the catalog/),
    ).toBeInTheDocument();
  });
});
