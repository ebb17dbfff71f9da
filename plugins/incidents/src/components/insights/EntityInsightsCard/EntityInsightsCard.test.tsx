import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TestApiProvider } from '@backstage/test-utils';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { InsightsClient, insightsApiRef } from '../../../api/insights';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { insightsFixture } from '../insightsFixture';
import { EntityInsightsCard } from './EntityInsightsCard';

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
};

describe('EntityInsightsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows the service’s headline figures over 28 days', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/insights`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json(insightsFixture());
      }),
    );
    await renderWithIncidents(
      <TestApiProvider
        apis={[
          [
            insightsApiRef,
            new InsightsClient({
              discoveryApi: { getBaseUrl: async () => baseUrl },
              fetchApi: { fetch: (...args) => fetch(...args) },
            }),
          ],
        ]}
      >
        <EntityProvider entity={service}>
          <EntityInsightsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    const table = await screen.findByRole('table', {
      name: 'Insights of this service',
    });
    expect(
      within(table).getByText('Time to resolve').closest('tr'),
    ).toHaveTextContent('median 1h · p90 1h 42m · n 4');
    expect(
      within(table).getByText('Change failure rate').closest('tr'),
    ).toHaveTextContent('60.0 % (3 of 5 deploys)');
    expect(asked[0].get('entityRef')).toBe('component:default/checkout');
  });
});
