import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { actionItemFixture } from '../../../__testUtils__/fixtures';
import { TeamActionItemsCard } from './TeamActionItemsCard';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'checkout-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('TeamActionItemsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("asks for the team's overdue items and links each to its tracker and postmortem", async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/postmortems/action-items`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [actionItemFixture()] });
      }),
    );
    await renderWithIncidents(
      <EntityProvider entity={team}>
        <TeamActionItemsCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('link', { name: /^Alert on pool saturation/ }),
    ).toHaveAttribute('href', 'https://tracker.example/OPS-1');
    expect(
      screen.getByRole('link', { name: 'postmortem of INC-1' }),
    ).toHaveAttribute('href', '/incidents/postmortems/pm-1');
    expect(screen.getByText(/Due 2026-10-30/)).toBeInTheDocument();
    expect(asked[0].get('ownerRef')).toBe('group:default/checkout-team');
    expect(asked[0].get('overdue')).toBe('true');
  });

  it('says so when nothing is overdue', async () => {
    server.use(
      http.get(`${baseUrl}/postmortems/action-items`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithIncidents(
      <EntityProvider entity={team}>
        <TeamActionItemsCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByText('No overdue action items.'),
    ).toBeInTheDocument();
  });
});
