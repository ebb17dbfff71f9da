import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  alertFixture,
  baseUrl,
  createSignalsFake,
  integrationFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { IncidentAlerts } from './IncidentAlerts';

describe('IncidentAlerts', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve(alerts: () => ReturnType<typeof alertFixture>[]) {
    const asked: string[] = [];
    server.use(
      http.get(`${baseUrl}/incidents/:id/alerts`, ({ params }) => {
        asked.push(params.id as string);
        return HttpResponse.json({ items: alerts() });
      }),
      http.get(`${baseUrl}/integrations`, () =>
        HttpResponse.json({ items: [integrationFixture()] }),
      ),
    );
    return asked;
  }

  it('lists the incident’s alerts with the integration they came through', async () => {
    const asked = serve(() => [
      alertFixture(),
      alertFixture({ id: '2', status: 'resolved', summary: 'Latency high' }),
    ]);
    await renderWithIncidents(<IncidentAlerts incidentId="INC-1" />);

    expect(
      await screen.findByText('1 firing · 1 resolved'),
    ).toBeInTheDocument();
    expect(screen.getByText('High error rate on checkout')).toBeInTheDocument();
    expect(screen.getByText('Latency high')).toBeInTheDocument();
    expect(
      await screen.findAllByText('alertmanager · Prod Alertmanager'),
    ).toHaveLength(2);
    expect(asked).toEqual(['INC-1']);
  });

  it('refetches when a signal names the incident', async () => {
    const signals = createSignalsFake();
    let alerts = [alertFixture()];
    const asked = serve(() => alerts);
    await renderWithIncidents(<IncidentAlerts incidentId="INC-1" />, {
      signals,
    });
    await screen.findByText('1 firing · 0 resolved');

    alerts = [alertFixture({ status: 'resolved' })];
    signals.publish({ incidentId: 'INC-1', entityRefs: [], type: 'updated' });

    expect(
      await screen.findByText('0 firing · 1 resolved'),
    ).toBeInTheDocument();
    expect(asked).toHaveLength(2);
  });

  it('says when the incident has no alerts, and shows the backend’s error', async () => {
    serve(() => []);
    await renderWithIncidents(<IncidentAlerts incidentId="INC-1" />);
    expect(
      await screen.findByText('No alerts: this incident was declared by hand.'),
    ).toBeInTheDocument();

    server.use(
      http.get(`${baseUrl}/incidents/:id/alerts`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No incident INC-9' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderWithIncidents(<IncidentAlerts incidentId="INC-9" />);
    expect(await screen.findByText(/No incident INC-9/)).toBeInTheDocument();
  });
});
