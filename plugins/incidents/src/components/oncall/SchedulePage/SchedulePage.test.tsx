import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { Route, Routes } from 'react-router-dom';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { oncallManagePermission } from '@lookout/plugin-incidents-common';
import {
  enabledControls,
  guest,
  refusedControls,
} from '../../../__testUtils__/guest';
import {
  baseUrl,
  catalogEntity,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import {
  oncallPageTest,
  scheduleFixture,
} from '../__testUtils__/oncallTestKit';
import { SchedulePage } from './SchedulePage';

const schedule = scheduleFixture(
  {
    overrides: [
      {
        id: 'o1',
        userRef: 'user:default/bob',
        replacesUserRef: 'user:default/ann',
        startsAt: '2030-01-01T08:00:00.000Z',
        endsAt: '2030-01-01T16:00:00.000Z',
        createdBy: 'user:default/ann',
      },
    ],
    version: 2,
  },
  { members: ['user:default/ann', 'user:default/bob'] },
);

describe('SchedulePage', () => {
  const { server, user, enabledButton } = oncallPageTest();

  function serve() {
    const sent: Array<{ method: string; url: URL; body?: any }> = [];
    let overrides = schedule.overrides;
    server.use(
      http.get(`${baseUrl}/oncall/schedules/s1`, () =>
        HttpResponse.json({ ...schedule, overrides }),
      ),
      http.get(`${baseUrl}/oncall/schedules/s1/shifts`, ({ request }) => {
        const url = new URL(request.url);
        sent.push({ method: 'GET', url });
        return HttpResponse.json({
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          layers: [{ name: 'Weekly', shifts: [] }],
          overrides: [],
          final: [],
        });
      }),
      http.delete(
        `${baseUrl}/oncall/schedules/s1/overrides/:id`,
        ({ request, params }) => {
          sent.push({ method: 'DELETE', url: new URL(request.url) });
          overrides = overrides.filter(o => o.id !== params.id);
          return new HttpResponse(null, { status: 204 });
        },
      ),
      http.post(
        `${baseUrl}/oncall/schedules/s1/overrides`,
        async ({ request }) => {
          const body = await request.json();
          sent.push({ method: 'POST', url: new URL(request.url), body });
          return HttpResponse.json(
            { ...(body as object), id: 'o2' },
            { status: 201 },
          );
        },
      ),
      http.put(`${baseUrl}/oncall/schedules/s1`, async ({ request }) => {
        const body = await request.json();
        sent.push({ method: 'PUT', url: new URL(request.url), body });
        return HttpResponse.json({
          ...schedule,
          ...(body as object),
          version: 3,
        });
      }),
    );
    return sent;
  }

  const render = (authorize?: ReturnType<typeof denying>) =>
    renderWithIncidents(
      <ReactRouterV6PageRouter>
        <Routes>
          <Route
            path="/oncall/schedules/:scheduleId"
            element={<SchedulePage />}
          />
        </Routes>
      </ReactRouterV6PageRouter>,
      {
        catalog: [
          catalogEntity('User', 'ann', 'Ann Lee'),
          catalogEntity('User', 'bob', 'Bob Ray'),
          catalogEntity('Group', 'checkout-team'),
        ],
        mountPath: '/incidents',
        initialRouteEntries: ['/incidents/oncall/schedules/s1'],
        authorize,
      },
    );

  it('draws two weeks from the start of the day in the schedule’s zone, and lists and deletes overrides', async () => {
    const sent = serve();
    await render();
    expect(
      await screen.findByRole('list', { name: 'On call' }),
    ).toBeInTheDocument();
    const range = sent[0].url.searchParams;
    const from = new Date(range.get('from')!);
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        hour: '2-digit',
        minute: '2-digit',
      }).format(from),
    ).toBe('00:00');
    expect(
      (Date.parse(range.get('to')!) - from.getTime()) / 3_600_000,
    ).toBeGreaterThanOrEqual(14 * 24 - 1);

    const overrides = screen.getByRole('list', { name: 'Coming overrides' });
    expect(
      await within(overrides).findByText('Bob Ray covers for Ann Lee'),
    ).toBeInTheDocument();
    await user.click(await enabledButton('Delete override by Bob Ray'));
    expect(await screen.findByText('No overrides coming.')).toBeInTheDocument();
    expect(sent.find(s => s.method === 'DELETE')?.url.pathname).toBe(
      '/api/incidents/oncall/schedules/s1/overrides/o1',
    );
  });

  it('adds an override for whoever covers', async () => {
    const sent = serve();
    await render();
    const form = await screen.findByRole('form', { name: 'Add override' });
    await user.click(within(form).getByLabelText('Who covers'));
    await user.click(await screen.findByRole('option', { name: /Ann Lee/ }));
    await user.click(await enabledButton('Add override'));
    await waitFor(() =>
      expect(sent.find(s => s.method === 'POST')).toBeDefined(),
    );
    const { body } = sent.find(s => s.method === 'POST')!;
    expect(body.userRef).toBe('user:default/ann');
    expect(Date.parse(body.endsAt) - Date.parse(body.startsAt)).toBe(
      8 * 3_600_000,
    );
  });

  it('edits the schedule at the version it read, keeping layer times in its zone', async () => {
    const sent = serve();
    await render();
    await user.click(await enabledButton('Edit schedule'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('First shift starts')).toHaveValue(
      '2026-01-05T09:00',
    );
    const name = within(dialog).getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Checkout');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const { body } = sent.find(s => s.method === 'PUT')!;
    expect(body).toEqual({
      name: 'Checkout',
      ownerRef: 'group:default/checkout-team',
      timeZone: 'Europe/Berlin',
      version: 2,
      layers: [
        {
          name: 'Weekly',
          rotation: 'weekly',
          handoffDay: 1,
          handoffTime: '09:00',
          startsAt: '2026-01-05T09:00:00.000+01:00',
          members: ['user:default/ann', 'user:default/bob'],
          restrictions: [],
        },
      ],
    });
  });

  it('disables every change, saying why, without incident.oncall.manage', async () => {
    serve();
    await render(denying([oncallManagePermission]));
    const overrides = await screen.findByRole('list', {
      name: 'Coming overrides',
    });
    expect(
      await within(overrides).findByText('Bob Ray covers for Ann Lee'),
    ).toBeInTheDocument();
    // Edit, Delete schedule, the override's delete and Add override
    await waitFor(() =>
      expect(
        screen.getAllByTitle(
          'You may not manage on-call schedules and escalation policies',
        ),
      ).toHaveLength(4),
    );
    for (const name of ['Edit schedule', 'Delete schedule']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    expect(
      within(overrides).getByRole('button', {
        name: 'Delete override by Bob Ray',
      }),
    ).toBeDisabled();
    // even with someone picked to cover, the override cannot be added
    const form = screen.getByRole('form', { name: 'Add override' });
    await user.click(within(form).getByLabelText('Who covers'));
    await user.click(await screen.findByRole('option', { name: /Ann Lee/ }));
    expect(
      within(form).getByRole('button', { name: 'Add override' }),
    ).toBeDisabled();
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve();
    await render(guest);
    // every control that changes something is there, disabled with the backend's reason
    await waitFor(
      () =>
        expect(refusedControls()).toEqual([
          'button: Add override',
          'button: Delete override by Bob Ray',
          'button: Delete schedule',
          'button: Edit schedule',
        ]),
      { timeout: 10_000 },
    );
    // what is left changes nothing: the override form's two people pickers, whose form
    // cannot be sent
    expect(enabledControls()).toEqual(['button: Open', 'button: Open']);
  });
});
