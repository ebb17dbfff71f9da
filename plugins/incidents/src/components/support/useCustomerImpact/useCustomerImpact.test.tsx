import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { IncidentsTable } from '../../incidents/IncidentsTable';
import { impactFixture } from '../supportFixtures';

describe('useCustomerImpact in the incident list', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const table = (
    <IncidentsTable
      title="Incidents"
      loading={false}
      emptyContent="none"
      incidents={[
        incidentFixture({ id: 'INC-7', title: 'Payments failing' }),
        incidentFixture({ id: 'INC-8', title: 'Search slow' }),
      ]}
    />
  );

  it('adds a Customers column with one request for the incidents shown', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${baseUrl}/support/impact`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('incidentId')!);
        return HttpResponse.json({
          items: [
            impactFixture({ incidentId: 'INC-7', customers: 40 }),
            impactFixture({ incidentId: 'INC-8', customers: 0, reports: 0 }),
          ],
        });
      }),
    );
    await renderWithIncidents(table, { support: true });
    expect(
      await screen.findByRole('columnheader', { name: 'Customers' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /Payments failing.*40/ }),
    ).toBeInTheDocument();
    expect(asked).toEqual(['INC-7,INC-8']);
  });

  it('has no Customers column without the support API', async () => {
    await renderWithIncidents(table);
    expect(await screen.findByText('Payments failing')).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Customers' }),
    ).not.toBeInTheDocument();
  });
});
