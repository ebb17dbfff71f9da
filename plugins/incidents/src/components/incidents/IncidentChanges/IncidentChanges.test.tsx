import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { IncidentChanges } from './IncidentChanges';

const change = (overrides: object) => ({
  id: 'ch-1',
  integrationId: 'int-1',
  entityRef: 'component:default/checkout-service',
  summary: 'Deploy checkout v42',
  source: 'argocd',
  at: '2026-11-01T09:40:00.000Z',
  receivedAt: '2026-11-01T09:40:01.000Z',
  links: [],
  details: {},
  distance: 0,
  ...overrides,
});

describe('IncidentChanges', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists changes on the origin and upstream, with their links', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${baseUrl}/incidents/:id/changes`, ({ params }) => {
        asked.push(params.id as string);
        return HttpResponse.json({
          since: '2026-10-31T10:00:00.000Z',
          entityRefs: [
            'component:default/checkout-service',
            'resource:default/payments-db',
          ],
          items: [
            change({
              links: [{ title: 'Pipeline', url: 'https://ci.example.com/42' }],
            }),
            change({
              id: 'ch-2',
              entityRef: 'resource:default/payments-db',
              summary: 'Raise max_connections',
              source: 'terraform',
              distance: 1,
            }),
          ],
        });
      }),
    );
    await renderWithIncidents(<IncidentChanges incidentId="INC-1" />);

    const list = within(
      await screen.findByRole('list', { name: 'Recent changes' }),
    );
    const [deploy, config] = list.getAllByRole('listitem');
    expect(deploy).toHaveTextContent('Deploy checkout v42');
    expect(deploy).toHaveTextContent('(origin)');
    expect(
      within(deploy).getByRole('link', { name: /^Pipeline/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/42');
    expect(
      within(deploy).getByRole('link', { name: 'checkout-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(config).toHaveTextContent('Raise max_connections');
    expect(config).toHaveTextContent('(upstream)');
    expect(screen.getByText(/^Since /)).toBeInTheDocument();
    expect(asked).toEqual(['INC-1']);
  });

  it('says when nothing changed, and shows errors', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/INC-1/changes`, () =>
        HttpResponse.json({
          since: '2026-10-31T10:00:00.000Z',
          entityRefs: [],
          items: [],
        }),
      ),
      http.get(`${baseUrl}/incidents/INC-2/changes`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'graph not loaded' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderWithIncidents(<IncidentChanges incidentId="INC-1" />);
    expect(
      await screen.findByText('No changes on the origin or upstream of it.'),
    ).toBeInTheDocument();
    await renderWithIncidents(<IncidentChanges incidentId="INC-2" />);
    expect(await screen.findByText(/graph not loaded/)).toBeInTheDocument();
  });
});
