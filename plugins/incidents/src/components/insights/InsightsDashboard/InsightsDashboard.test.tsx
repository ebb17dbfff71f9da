import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TestApiProvider } from '@backstage/test-utils';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { InsightsClient, insightsApiRef } from '../../../api/insights';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { EntityInsightsContent } from '../EntityInsightsContent';
import { InsightsPage } from '../InsightsPage';
import { insightsFixture } from '../insightsFixture';

const client = new InsightsClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: { fetch: (...args) => fetch(...args) },
});

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const system = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'payments' },
};

describe('Insights', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve() {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/insights`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json(insightsFixture());
      }),
    );
    return asked;
  }

  const render = (element: JSX.Element, initialRouteEntries?: string[]) =>
    renderWithIncidents(
      <TestApiProvider apis={[[insightsApiRef, client]]}>
        {element}
      </TestApiProvider>,
      { initialRouteEntries },
    );

  it('shows a team’s figures with definitions, targets and weekly tables', async () => {
    const asked = serve();
    await render(
      <EntityProvider entity={team}>
        <EntityInsightsContent />
      </EntityProvider>,
    );

    expect(
      await screen.findByText('Median 2m 30s · p90 4d 5h · n 6 · target 5m'),
    ).toBeInTheDocument();
    expect(asked[0].get('groupRef')).toBe('group:default/payments');
    expect(asked[0].get('entityRef')).toBeNull();
    // 28 whole days ending today
    const from = new Date(asked[0].get('from')!);
    const to = new Date(asked[0].get('to')!);
    expect((to.getTime() - from.getTime()) / 86_400_000).toBe(28);

    expect(
      screen.getAllByText(
        'From the first alert to the first page delivered to a person.',
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('66.7 % (4 of 6) · target 98.0 %'),
    ).toBeInTheDocument();
    const steps = screen.getByRole('table', { name: 'Response steps' });
    expect(within(steps).getByText('paged').closest('tr')).toHaveTextContent(
      'paged81Pages',
    );
    const people = screen.getByRole('table', {
      name: 'On-call load per person',
    });
    expect(within(people).getByText('ana').closest('tr')).toHaveTextContent(
      'anaEurope/Berlin30251',
    );
    // a team's page does not offer to pick another team
    expect(
      screen.queryByLabelText('Team (with its sub-teams)'),
    ).not.toBeInTheDocument();
  });

  it('scopes a system’s tab to the system, and asks again when the range changes', async () => {
    const asked = serve();
    await render(
      <EntityProvider entity={system}>
        <EntityInsightsContent />
      </EntityProvider>,
    );
    await screen.findByText('Median 2m 30s · p90 4d 5h · n 6 · target 5m');
    expect(asked[0].get('entityRef')).toBe('system:default/shop');

    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-01-05' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-01-18' },
    });
    await waitFor(() =>
      expect(asked.at(-1)?.get('from')).toBe('2026-01-05T00:00:00.000Z'),
    );
    expect(asked.at(-1)?.get('to')).toBe('2026-01-19T00:00:00.000Z');
  });

  it('downloads each table as CSV, with the raw numbers', async () => {
    serve();
    const created: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:insights';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        expect(this.download).toMatch(/^insights-.*-time-to-first-page\.csv$/);
      });
    await render(
      <EntityProvider entity={team}>
        <EntityInsightsContent />
      </EntityProvider>,
    );
    await screen.findByText('Median 2m 30s · p90 4d 5h · n 6 · target 5m');

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Download Time to first page by week as CSV',
      }),
    );
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(await created[0].text()).toBe(
      'Week,Median,p90,n\r\nall,150,366600,6\r\n2026-03-02,150,366600,6\r\n2026-03-09,,,0',
    );
    clicked.mockRestore();
  });

  it('is a tab of the global page that starts on the team a digest links to', async () => {
    const asked = serve();
    await render(<InsightsPage />, ['/?groupRef=group:default/payments']);
    await screen.findByText('Median 2m 30s · p90 4d 5h · n 6 · target 5m');
    expect(screen.getByRole('tab', { name: 'Insights' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(asked[0].get('groupRef')).toBe('group:default/payments');
    expect(
      screen.getByLabelText('Team (with its sub-teams)'),
    ).toBeInTheDocument();
  });
});
