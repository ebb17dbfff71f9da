import { screen } from '@testing-library/react';
import { renderWithIncidents } from '../../../__testUtils__/testApp';
import { IncidentsLayout } from './IncidentsLayout';

describe('IncidentsLayout', () => {
  it('links its tabs to the global page’s views and marks the current one', async () => {
    await renderWithIncidents(
      <IncidentsLayout selected="integrations" subtitle="Keys">
        <p>Body</p>
      </IncidentsLayout>,
      { mountPath: '/incidents', initialRouteEntries: ['/incidents'] },
    );

    expect(
      screen.getByRole('heading', { name: 'Incidents' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Body')).toBeInTheDocument();
    const hrefs = screen
      .getAllByRole('tab')
      .map(tab => [tab.textContent, tab.getAttribute('href')]);
    expect(hrefs).toEqual([
      ['Incidents', '/incidents'],
      ['Postmortems', '/incidents/postmortems'],
      ['On call', '/incidents/oncall'],
      ['My pages', '/incidents/pages'],
      ['Integrations', '/incidents/integrations'],
      ['Unrouted', '/incidents/unrouted'],
      ['Status page', '/incidents/status-page'],
      ['Support', '/incidents/support'],
      ['Insights', '/incidents/insights'],
    ]);
    expect(screen.getByRole('tab', { name: 'Integrations' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
