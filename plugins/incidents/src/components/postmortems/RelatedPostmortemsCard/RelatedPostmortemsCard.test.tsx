import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { postmortemSummaryFixture } from '../../../__testUtils__/fixtures';
import { RelatedPostmortemsCard } from './RelatedPostmortemsCard';

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service' },
};

describe('RelatedPostmortemsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists postmortems of the entity and of upstream root causes', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${baseUrl}/postmortems/related`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('entityRef')!);
        return HttpResponse.json({
          sameEntity: [
            postmortemSummaryFixture({ causeCategory: 'bad-deploy' }),
          ],
          upstream: [
            {
              postmortem: postmortemSummaryFixture({
                id: 'pm-2',
                incidentId: 'INC-2',
                title: 'Postmortem: Pool exhausted',
                rootCauseEntityRef: 'resource:default/postgres-main',
              }),
              distance: 2,
            },
          ],
        });
      }),
    );
    await renderWithIncidents(
      <EntityProvider entity={service}>
        <RelatedPostmortemsCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('link', {
        name: 'Postmortem: Checkout returns 500s',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/INC-1 · bad-deploy/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Postmortem: Pool exhausted' }),
    ).toHaveAttribute('href', '/incidents/postmortems/pm-2');
    expect(screen.getByText(/2 hops upstream/)).toBeInTheDocument();
    expect(asked).toEqual(['component:default/checkout-service']);
  });
});
