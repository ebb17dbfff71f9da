import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityStatus } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  catalogEntity,
  createSignalsFake,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { EntityLiveStatusCard } from './EntityLiveStatusCard';

describe('EntityLiveStatusCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Answers status requests; `asked` collects the refs of each one. */
  function serve(answer: (ref: string) => EntityStatus | Response) {
    const asked: string[][] = [];
    server.use(
      http.get(`${baseUrl}/entity-status`, ({ request }) => {
        const refs = new URL(request.url).searchParams.getAll('entityRef');
        asked.push(refs);
        const result = answer(refs[0].toLocaleLowerCase('en-US'));
        return result instanceof Response
          ? result
          : HttpResponse.json({ items: [result] });
      }),
    );
    return { asked };
  }

  const render = (entity: Entity, signals = createSignalsFake()) =>
    renderWithIncidents(
      <EntityProvider entity={entity}>
        <EntityLiveStatusCard />
      </EntityProvider>,
      { signals },
    );

  it('shows the status and each reason as a sentence with links and the path it took', async () => {
    const { asked } = serve(entityRef => ({
      entityRef,
      status: 'partial_outage',
      reasons: [
        {
          type: 'incident',
          status: 'partial_outage',
          incidentId: 'INC-3',
          entityRef: 'component:default/checkout-service',
          severity: 'SEV2',
          message:
            'partial_outage: INC-3 (SEV2) on component:default/checkout-service',
        },
        {
          type: 'upstream',
          status: 'degraded_performance',
          incidentId: 'INC-12',
          entityRef: 'resource:default/postgres-main',
          severity: 'SEV1',
          path: [
            { entityRef: 'component:default/orders', relation: 'dependencyOf' },
            { entityRef: null, relation: 'providesApi' },
            {
              entityRef: 'component:default/checkout-service',
              relation: 'apiConsumedBy',
            },
          ],
          message:
            'degraded_performance: upstream INC-12 on resource:default/postgres-main',
        },
      ],
    }));
    await render(catalogEntity('Component', 'checkout-service'));

    expect(await screen.findByText('Partial outage')).toBeInTheDocument();
    expect(asked).toEqual([['component:default/checkout-service']]);

    const [direct, upstream] = within(
      screen.getByRole('list', { name: 'Why' }),
    ).getAllByRole('listitem');
    expect(direct).toHaveTextContent(
      /^Partial outage: INC-3 \(SEV2\) on checkout-service$/,
    );
    expect(within(direct).getByRole('link', { name: 'INC-3' })).toHaveAttribute(
      'href',
      '/incidents/INC-3',
    );
    expect(upstream).toHaveTextContent(
      /^Degraded performance: upstream INC-12 \(SEV1\) on postgres-main/,
    );
    expect(upstream).toHaveTextContent(
      'postgres-main –dependency of→ orders –provides→ an entity you cannot see –consumed by→ checkout-service',
    );
    expect(
      within(upstream).getAllByRole('link', { name: 'postgres-main' })[0],
    ).toHaveAttribute('href', '/catalog/default/resource/postgres-main');
  });

  it('carries reasons up to a system and names the part they came from', async () => {
    serve(entityRef => ({
      entityRef,
      status: 'under_maintenance',
      reasons: [
        {
          type: 'maintenance',
          status: 'under_maintenance',
          maintenanceId: 'MW-4',
          via: 'resource:default/search-index',
          message:
            'under_maintenance: maintenance MW-4 (via resource:default/search-index)',
        },
      ],
    }));
    await render(catalogEntity('System', 'search'));

    expect(await screen.findByText('Under maintenance')).toBeInTheDocument();
    expect(
      screen.getByText('The worst status of the parts of this system.'),
    ).toBeInTheDocument();
    const [reason] = screen.getAllByRole('listitem');
    expect(reason).toHaveTextContent(
      'Under maintenance: maintenance MW-4 (via search-index)',
    );
    expect(within(reason).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/search-index',
    );
  });

  it('says when nothing is wrong, and fetches again when incidents change', async () => {
    const signals = createSignalsFake();
    let broken = false;
    const { asked } = serve(entityRef =>
      broken
        ? {
            entityRef,
            status: 'major_outage',
            reasons: [
              {
                type: 'incident',
                status: 'major_outage',
                incidentId: 'INC-9',
                entityRef,
                severity: 'SEV1',
                message: '',
              },
            ],
          }
        : { entityRef, status: 'operational', reasons: [] },
    );
    await render(catalogEntity('Group', 'payments-team'), signals);

    expect(await screen.findByText('Operational')).toBeInTheDocument();
    expect(
      screen.getByText('No open incident or maintenance affects this entity.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The worst status of what this team owns.'),
    ).toBeInTheDocument();

    broken = true;
    signals.publish({
      incidentId: 'INC-9',
      entityRefs: ['component:default/refunds'],
      type: 'declared',
    });
    expect(await screen.findByText('Major outage')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-9' })).toBeInTheDocument();
    await waitFor(() => expect(asked).toHaveLength(2));
  });

  it('shows the backend’s error', async () => {
    serve(() =>
      HttpResponse.json(
        {
          error: {
            name: 'NotFoundError',
            message: 'Not in the catalog, or not visible to you: x',
          },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ),
    );
    await render(catalogEntity('Component', 'x'));
    expect(
      await screen.findByText(/Not in the catalog, or not visible to you/),
    ).toBeInTheDocument();
  });
});
