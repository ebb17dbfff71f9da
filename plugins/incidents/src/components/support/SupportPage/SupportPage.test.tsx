import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import {
  figuresFixture,
  impactFixture,
  reportFixture,
} from '../supportFixtures';
import { SupportPage } from './SupportPage';

describe('SupportPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve() {
    const linked: Array<{ id: string; incidentId: string }> = [];
    const escalated: Array<{ id: string; body: any }> = [];
    server.use(
      http.get(`${baseUrl}/support/reports`, ({ request }) => {
        const status = new URL(request.url).searchParams.get('status');
        if (status === 'open') {
          return HttpResponse.json({
            items: [
              reportFixture({
                suggestions: [
                  {
                    incidentId: 'INC-7',
                    title: 'Payments failing',
                    confidence: 0.62,
                    reasons: [
                      'names component:default/checkout-service, where the incident started',
                    ],
                  },
                ],
              }),
              reportFixture({
                id: 'r-2',
                ticketId: '8',
                subject: 'Search is empty',
                organization: 'Globex',
                entityRefs: ['component:default/search-api'],
              }),
            ],
          });
        }
        return HttpResponse.json({
          items: [
            reportFixture({
              id: 'r-3',
              ticketId: '3',
              status: 'escalated',
              incidentId: 'INC-7',
              linkedBy: 'user:default/agent',
              linkedAt: '2026-11-01T10:06:00.000Z',
            }),
          ],
        });
      }),
      http.get(`${baseUrl}/support/figures`, () =>
        HttpResponse.json(figuresFixture),
      ),
      http.get(`${baseUrl}/support/impact`, () =>
        HttpResponse.json({ items: [impactFixture()] }),
      ),
      http.get(`${baseUrl}/incidents/INC-7`, () =>
        HttpResponse.json(
          incidentFixture({
            id: 'INC-7',
            title: 'Payments failing',
            status: 'identified',
          }),
        ),
      ),
      http.post(
        `${baseUrl}/support/reports/:id/link`,
        async ({ params, request }) => {
          const body = (await request.json()) as { incidentId: string };
          linked.push({ id: String(params.id), incidentId: body.incidentId });
          return HttpResponse.json(
            reportFixture({ status: 'linked', incidentId: body.incidentId }),
          );
        },
      ),
      http.post(
        `${baseUrl}/support/reports/:id/escalate`,
        async ({ params, request }) => {
          escalated.push({ id: String(params.id), body: await request.json() });
          return HttpResponse.json(
            {
              report: reportFixture({
                id: String(params.id),
                status: 'escalated',
                incidentId: 'INC-8',
              }),
              incident: incidentFixture({ id: 'INC-8' }),
            },
            { status: 201 },
          );
        },
      ),
    );
    return { linked, escalated };
  }

  it('shows the figures, the open reports with suggestions, the reported incidents, organisations and escalations', async () => {
    serve();
    await renderWithIncidents(<SupportPage />, { support: true });
    expect(
      await screen.findByLabelText('Customers notified'),
    ).toHaveTextContent('97.6 % (41 of 42)');
    expect(
      screen.getByLabelText('Escalation resolution time'),
    ).toHaveTextContent(/median 45m, p90 2h.*\(n = 41\)/);
    // each team's and each week's figures, the target missed said in words
    const byTeam = screen.getByRole('table', {
      name: 'Support figures by team',
    });
    const teamRows = within(byTeam).getAllByRole('row');
    expect(teamRows[1]).toHaveTextContent(
      /checkout-team.*96\.7 % \(30 of 31\) — below the 98 % target.*median 1h, p90 2h \(n = 30\)/,
    );
    expect(teamRows[2]).toHaveTextContent(
      /no owner.*100 % \(11 of 11\)median 15m, p90 30m \(n = 11\)/,
    );
    const weekly = screen.getByRole('table', {
      name: 'Support figures by week',
    });
    const weekRows = within(weekly).getAllByRole('row');
    expect(weekRows[1]).toHaveTextContent(
      '2026-10-26no resolved reports yetnone yet',
    );
    expect(weekRows[2]).toHaveTextContent(
      /2026-11-02.*97\.6 % \(41 of 42\) — below the 98 % target/,
    );
    const open = screen.getByRole('table', { name: 'Open reports' });
    // ids and names are kept whole on one line (the theme breaks words anywhere)
    expect(
      within(open).getAllByText('zendesk 35436')[0].closest('td')?.className,
    ).toMatch(/nowrap/);
    expect(
      within(open).getByText('Payments fail at checkout'),
    ).toBeInTheDocument();
    expect(within(open).getByText(/62 %/)).toBeInTheDocument();
    expect(
      within(open).getByText(/where the incident started/),
    ).toBeInTheDocument();
    const reported = screen.getByRole('table', {
      name: 'Incidents customers reported',
    });
    expect(
      within(reported).getByText(/41 of 42 reporters told; 1 failed/),
    ).toBeInTheDocument();
    const orgs = screen.getByRole('table', { name: 'Organisations affected' });
    expect(within(orgs).getByText('Acme')).toBeInTheDocument();
    expect(within(orgs).getByText('1 open, 1 linked')).toBeInTheDocument();
    const escalations = screen.getByRole('table', { name: 'Escalations' });
    expect(
      within(escalations).getByText(/user:default\/agent/),
    ).toBeInTheDocument();
  });

  it('links a report to its suggested incident and escalates another', async () => {
    const { linked, escalated } = serve();
    await renderWithIncidents(<SupportPage />, { support: true });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Link to INC-7' }),
    );
    await waitFor(() =>
      expect(linked).toEqual([{ id: 'r-1', incidentId: 'INC-7' }]),
    );

    const escalateButtons = await screen.findAllByRole('button', {
      name: 'Escalate',
    });
    fireEvent.click(escalateButtons[1]);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Declare incident' }),
    );
    await waitFor(() =>
      expect(escalated).toEqual([
        {
          id: 'r-2',
          body: {
            entityRef: 'component:default/search-api',
            severity: 'SEV3',
            title: 'Search is empty',
          },
        },
      ]),
    );
  });
});
