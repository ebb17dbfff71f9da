import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  catalogEntity,
  emptyAlertsAndChanges,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { Router } from '../../Router';

describe('IncidentRoles', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  it('hands a role to a user picked from the catalog, and takes one back', async () => {
    let incident = incidentFixture({
      status: 'investigating',
      resolvedAt: null,
      roles: { scribe: 'user:default/carol' },
    });
    const bodies: unknown[] = [];
    server.use(
      ...emptyAlertsAndChanges(),
      http.get(`${baseUrl}/incidents/INC-1`, () => HttpResponse.json(incident)),
      http.get(`${baseUrl}/incidents/INC-1/timeline`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.post(`${baseUrl}/incidents/INC-1/roles`, async ({ request }) => {
        const body = (await request.json()) as {
          role: 'commander' | 'scribe';
          userRef: string | null;
        };
        bodies.push(body);
        const roles = { ...incident.roles };
        if (body.userRef) roles[body.role] = body.userRef;
        else delete roles[body.role];
        incident = { ...incident, roles, version: incident.version + 1 };
        return HttpResponse.json(incident);
      }),
    );
    await renderWithIncidents(<Router />, {
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents/INC-1'],
      catalog: [
        catalogEntity('User', 'alice', 'Alice Andersen'),
        catalogEntity('User', 'bob'),
        catalogEntity('Component', 'checkout-service'),
      ],
    });

    expect(await screen.findByRole('link', { name: 'carol' })).toHaveAttribute(
      'href',
      '/catalog/default/user/carol',
    );
    expect(screen.getAllByText('Unassigned')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Assign commander' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('User'));
    const options = (await screen.findAllByRole('option')).map(
      option => option.textContent,
    );
    expect(options).toEqual([
      'Alice Andersenuser:default/alice',
      'bobuser:default/bob',
    ]);
    await user.click(screen.getByRole('option', { name: /Alice Andersen/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));

    expect(await screen.findByRole('link', { name: 'alice' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Assign scribe' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Unassign',
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'carol' }),
      ).not.toBeInTheDocument(),
    );
    expect(bodies).toEqual([
      { role: 'commander', userRef: 'user:default/alice' },
      { role: 'scribe', userRef: null },
    ]);
  });
});
