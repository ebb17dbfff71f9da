import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { supportAgentPermission } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { impactFixture, reportFixture } from '../supportFixtures';
import { CustomerImpactPanel } from './CustomerImpactPanel';

describe('CustomerImpactPanel', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve(impact = impactFixture()) {
    const retried: string[] = [];
    server.use(
      http.get(`${baseUrl}/support/impact`, ({ request }) =>
        HttpResponse.json({
          items: [
            {
              ...impact,
              incidentId: new URL(request.url).searchParams.get('incidentId'),
            },
          ],
        }),
      ),
      http.get(`${baseUrl}/support/reports`, () =>
        HttpResponse.json({
          items: [reportFixture({ status: 'linked', incidentId: 'INC-7' })],
        }),
      ),
      http.post(`${baseUrl}/support/incidents/:id/retry`, ({ params }) => {
        retried.push(String(params.id));
        return HttpResponse.json({ retried: 1 });
      }),
    );
    return retried;
  }

  it('says who is hurt and whether every reporter was told, and retries the failed ones', async () => {
    const retried = serve();
    await renderWithIncidents(<CustomerImpactPanel incidentId="INC-7" />, {
      support: true,
    });
    expect(
      await screen.findByText(/42 reports from 40 customers at Acme, Globex/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Reporters told')).toHaveTextContent(
      '41 of 42 reporters told; 1 failed: zendesk 999: PUT /api/v2/tickets/999 answered 404',
    );
    expect(screen.getByText('ann@acme.test')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(retried).toEqual(['INC-7']));
  });

  it('offers no retry to those who are not support agents', async () => {
    serve();
    await renderWithIncidents(<CustomerImpactPanel incidentId="INC-7" />, {
      support: true,
      authorize: denying([supportAgentPermission]),
    });
    await screen.findByLabelText('Reporters told');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Retry failed' }),
      ).toBeDisabled(),
    );
  });

  it('says when nobody reported the incident', async () => {
    serve(impactFixture({ reports: 0, customers: 0, organizations: [] }));
    await renderWithIncidents(<CustomerImpactPanel incidentId="INC-8" />, {
      support: true,
    });
    expect(
      await screen.findByText('No customer has reported this incident.'),
    ).toBeInTheDocument();
  });

  it('renders nothing without the support API', async () => {
    await renderWithIncidents(
      <>
        <span>page</span>
        <CustomerImpactPanel incidentId="INC-8" />
      </>,
    );
    expect(await screen.findByText('page')).toBeInTheDocument();
    expect(screen.queryByText('Customer impact')).not.toBeInTheDocument();
  });
});
