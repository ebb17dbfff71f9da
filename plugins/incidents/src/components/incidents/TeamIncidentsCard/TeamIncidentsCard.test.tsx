import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Incident } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  createSignalsFake,
  incidentFixture as incident,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { TeamIncidentsCard } from './TeamIncidentsCard';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('TeamIncidentsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve(items: () => Incident[], mtta: number | null = 240) {
    const asked: URLSearchParams[] = [];
    const metricsAsked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: items() });
      }),
      http.get(`${baseUrl}/metrics`, ({ request }) => {
        metricsAsked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          count: 3,
          mttaSeconds: mtta,
          mttrSeconds: 72 * 60,
          from: '2026-10-02T00:00:00.000Z',
          to: '2026-11-01T00:00:00.000Z',
          bySeverity: {},
        });
      }),
    );
    return { asked, metricsAsked };
  }

  const render = (signals = createSignalsFake()) =>
    renderWithIncidents(
      <EntityProvider entity={team}>
        <TeamIncidentsCard />
      </EntityProvider>,
      { signals },
    );

  it('shows the team’s open incidents and its response times over 30 days', async () => {
    const { asked, metricsAsked } = serve(() => [
      incident({
        id: 'INC-5',
        title: 'Refunds stuck',
        status: 'investigating',
        severity: 'SEV2',
        resolvedAt: null,
      }),
    ]);
    await render();

    expect(await screen.findByRole('link', { name: 'INC-5' })).toHaveAttribute(
      'href',
      '/incidents/INC-5',
    );
    expect(screen.getByText('Refunds stuck')).toBeInTheDocument();
    expect(await screen.findByText('4m')).toBeInTheDocument();
    expect(screen.getByText('1h 12m')).toBeInTheDocument();
    expect(screen.getByText('Last 30 days · 3 incidents')).toBeInTheDocument();

    expect(asked[0].get('ownerRef')).toBe('group:default/payments-team');
    expect(asked[0].get('status')).toBe(
      'triage,investigating,identified,monitoring',
    );
    const query = metricsAsked[0];
    expect(query.get('ownerRef')).toBe('group:default/payments-team');
    expect(query.has('entityRef')).toBe(false);
    const days =
      (Date.parse(query.get('to')!) - Date.parse(query.get('from')!)) /
      86_400_000;
    expect(days).toBeCloseTo(30, 3);
  });

  it('says when nothing is open or acknowledged, and refreshes on a signal', async () => {
    const signals = createSignalsFake();
    let items: Incident[] = [];
    serve(() => items, null);
    await render(signals);

    expect(
      await screen.findByText('No open incidents on what this team owns.'),
    ).toBeInTheDocument();
    expect(await screen.findByText('—')).toBeInTheDocument();

    items = [incident({ id: 'INC-6', status: 'triage', resolvedAt: null })];
    signals.publish({
      incidentId: 'INC-6',
      entityRefs: ['component:default/refunds'],
      type: 'declared',
    });
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'INC-6' })).toBeInTheDocument(),
    );
  });
});
