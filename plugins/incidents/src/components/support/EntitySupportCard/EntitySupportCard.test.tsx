import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  baseUrl,
  catalogEntity,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { reportFixture } from '../supportFixtures';
import { EntitySupportCard } from './EntitySupportCard';

describe('EntitySupportCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists what customers report about the entity and which reports belong to an incident', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/support/reports`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          items: [
            reportFixture({ status: 'linked', incidentId: 'INC-7' }),
            reportFixture({
              id: 'r-2',
              subject: 'Refund missing',
              organization: 'Globex',
            }),
          ],
        });
      }),
    );
    await renderWithIncidents(
      <EntityProvider entity={catalogEntity('Component', 'Checkout-Service')}>
        <EntitySupportCard />
      </EntityProvider>,
      { support: true },
    );
    expect(
      await screen.findByText(
        '2 reports from 2 organisations; 1 waiting for an agent.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-7' })).toHaveAttribute(
      'href',
      '/incidents/INC-7',
    );
    expect(screen.getByText('Refund missing')).toBeInTheDocument();
    expect(asked[0].get('entityRef')).toBe(
      'component:default/checkout-service',
    );
  });

  it('says when no customer reported a problem', async () => {
    server.use(
      http.get(`${baseUrl}/support/reports`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithIncidents(
      <EntityProvider entity={catalogEntity('Component', 'search-api')}>
        <EntitySupportCard />
      </EntityProvider>,
      { support: true },
    );
    expect(
      await screen.findByText('No customer has reported a problem here.'),
    ).toBeInTheDocument();
  });
});
