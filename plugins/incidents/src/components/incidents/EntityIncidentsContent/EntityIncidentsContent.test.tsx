import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  BlastRadius,
  Incident,
  IncidentMetrics,
  incidentCreatePermission,
} from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  catalogEntity,
  createSignalsFake,
  denying,
  incidentFixture as incident,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { EntityIncidentsContent } from './EntityIncidentsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const blastRadius = (): BlastRadius => ({
  entityRef: 'component:default/checkout-service',
  direction: 'downstream',
  maxDepth: 6,
  limit: 1000,
  impacted: [],
  through: [],
  total: 3,
  hidden: 0,
  systems: [],
  domains: [],
  owners: ['group:default/checkout-team'],
  customerFacing: ['component:default/checkout-service'],
  missing: [],
  cutoff: false,
});

const metrics = (overrides: Partial<IncidentMetrics> = {}): IncidentMetrics =>
  ({
    count: 2,
    mttaSeconds: 240,
    mttrSeconds: 72 * 60,
    from: '2026-08-03T00:00:00.000Z',
    to: '2026-11-01T00:00:00.000Z',
    bySeverity: {},
    ...overrides,
  } as IncidentMetrics);

describe('EntityIncidentsContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Answers lists and metrics; `asked` collects every list query the tab sent. */
  function serve(items: Incident[] | (() => Incident[])) {
    const asked: URLSearchParams[] = [];
    const metricsAsked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          items: typeof items === 'function' ? items() : items,
        });
      }),
      http.get(`${baseUrl}/metrics`, ({ request }) => {
        metricsAsked.push(new URL(request.url).searchParams);
        return HttpResponse.json(metrics());
      }),
      // the declare dialog previews the origin's blast radius
      http.get(`${baseUrl}/blast-radius`, () =>
        HttpResponse.json(blastRadius()),
      ),
    );
    return { asked, metricsAsked };
  }

  const render = (options: Parameters<typeof renderWithIncidents>[1] = {}) =>
    renderWithIncidents(
      <EntityProvider entity={entity}>
        <EntityIncidentsContent />
      </EntityProvider>,
      options,
    );

  it('lists the entity’s incidents with severity, status, duration and links', async () => {
    const { asked } = serve([
      incident({
        id: 'INC-2',
        title: 'Slow search',
        status: 'investigating',
        severity: 'SEV3',
        resolvedAt: null,
      }),
      incident({}),
    ]);
    await render();

    expect(
      await screen.findByText('Checkout returns 500s'),
    ).toBeInTheDocument();
    expect(asked[0].get('entityRef')).toBe(
      'component:default/checkout-service',
    );
    expect(screen.getByText('1 open · 1 past')).toBeInTheDocument();
    const resolved = within(
      screen.getByRole('row', { name: /Checkout returns 500s/ }),
    );
    expect(resolved.getByText('1h 30m')).toBeInTheDocument();
    expect(resolved.getByText('SEV1')).toBeInTheDocument();
    const open = within(screen.getByRole('row', { name: /Slow search/ }));
    expect(open.getByText('investigating')).toBeInTheDocument();
    expect(open.getByText(/so far$/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-2' })).toHaveAttribute(
      'href',
      '/incidents/INC-2',
    );
  });

  it('shows the entity’s response times over the last 90 days', async () => {
    const { metricsAsked } = serve([]);
    await render();

    expect(await screen.findByText('4m')).toBeInTheDocument();
    expect(screen.getByText('1h 12m')).toBeInTheDocument();
    expect(screen.getByText('Last 90 days · 2 incidents')).toBeInTheDocument();
    const query = metricsAsked[0];
    expect(query.get('entityRef')).toBe('component:default/checkout-service');
    const days =
      (Date.parse(query.get('to')!) - Date.parse(query.get('from')!)) /
      86_400_000;
    expect(days).toBeCloseTo(90, 3);
  });

  it('asks the backend for the chosen statuses and severities', async () => {
    const { asked } = serve([]);
    await render();
    await screen.findByText('No incidents on this entity yet.');

    await user.click(screen.getByRole('button', { name: 'Open' }));
    await waitFor(() =>
      expect(asked.at(-1)?.get('status')).toBe(
        'triage,investigating,identified,monitoring',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Past' }));
    await waitFor(() =>
      expect(asked.at(-1)?.get('status')).toBe(
        'resolved,closed,declined,merged',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'SEV2' }));
    await user.click(screen.getByRole('button', { name: 'SEV1' }));
    await waitFor(() =>
      expect(asked.at(-1)?.get('severity')).toBe('SEV1,SEV2'),
    );
    expect(
      await screen.findByText(
        'No incidents on this entity match these filters.',
      ),
    ).toBeInTheDocument();
  });

  it('refetches when a signal names this entity', async () => {
    const signals = createSignalsFake();
    let items: Incident[] = [];
    const { asked } = serve(() => items);
    await render({ signals });
    await screen.findByText('No incidents on this entity yet.');

    items = [incident({ title: 'Payments time out' })];
    signals.publish({
      incidentId: 'INC-8',
      entityRefs: ['component:default/other'],
      type: 'declared',
    });
    signals.publish({
      incidentId: 'INC-1',
      entityRefs: ['component:default/checkout-service'],
      type: 'declared',
    });

    expect(await screen.findByText('Payments time out')).toBeInTheDocument();
    expect(asked).toHaveLength(2);
  });

  it('declares an incident with impacted entities from the catalog and shows it', async () => {
    const declared: Incident[] = [];
    const bodies: unknown[] = [];
    serve(() => declared);
    server.use(
      http.post(`${baseUrl}/incidents`, async ({ request }) => {
        const body = (await request.json()) as Record<string, string>;
        bodies.push(body);
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
    await render({
      catalog: [
        catalogEntity('Component', 'checkout-service'),
        catalogEntity('API', 'payments-api', 'Payments API'),
        catalogEntity('User', 'alice'),
      ],
    });
    expect(
      await screen.findByText('No incidents on this entity yet.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Declare incident' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByLabelText(/Title/),
      'Payments time out',
    );
    await user.click(within(dialog).getByLabelText('Impacted entities'));
    const options = (await screen.findAllByRole('option')).map(
      option => option.textContent,
    );
    // Users are not impactable and the origin is already the origin.
    expect(options).toEqual(['Payments APIapi:default/payments-api']);
    await user.click(screen.getByRole('option', { name: /Payments API/ }));
    const preview = within(
      within(dialog).getByRole('group', { name: 'Blast radius' }),
    );
    expect(
      await preview.findByText('3 entities impacted · 1 customer-facing'),
    ).toBeInTheDocument();
    expect(preview.getByRole('link', { name: 'checkout-team' })).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Declare' }));

    expect(await screen.findByText('Payments time out')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(bodies).toEqual([
      {
        title: 'Payments time out',
        severity: 'SEV3',
        entityRef: 'component:default/checkout-service',
        impactedEntityRefs: ['api:default/payments-api'],
      },
    ]);
  });

  it('still declares when the blast radius cannot be worked out', async () => {
    const bodies: unknown[] = [];
    serve([]);
    server.use(
      http.get(`${baseUrl}/blast-radius`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'graph not loaded' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
      http.post(`${baseUrl}/incidents`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(incident({ id: 'INC-8' }), { status: 201 });
      }),
    );
    await render();
    await user.click(
      await screen.findByRole('button', { name: 'Declare incident' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/could not be worked out/),
    ).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Title/), 'Cart is empty');
    await user.click(within(dialog).getByRole('button', { name: 'Declare' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
  });

  it('shows the backend’s message when declaring fails', async () => {
    serve([]);
    server.use(
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
    await user.click(
      await screen.findByRole('button', { name: 'Declare incident' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Title/), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Declare' }));
    expect(
      await within(dialog).findByText(/Not in the catalog/),
    ).toBeInTheDocument();
  });

  it('disables declaring, saying why, without incident.create', async () => {
    serve([]);
    await render({ authorize: denying([incidentCreatePermission]) });

    expect(
      await screen.findByTitle(
        'You may not declare incidents, route alerts or manage integrations and maintenance',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Declare incident' }),
    ).toBeDisabled();
  });
});
