import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  EscalationPolicy,
  oncallManagePermission,
} from '@lookout/plugin-incidents-common';
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
import { OnCallSchedulesPage } from './OnCallSchedulesPage';

const schedule = scheduleFixture();

const policy: EscalationPolicy = {
  id: 'p1',
  name: 'Checkout critical',
  ownerRef: 'group:default/checkout-team',
  levels: [
    { delayMinutes: 0, targets: [{ type: 'schedule', scheduleId: 's1' }] },
    { delayMinutes: 20, targets: [{ type: 'parent_oncall' }] },
  ],
  repeat: 1,
  derived: false,
  version: 3,
};

// The schedule and policy editors are filled in key by key; with every test file running at
// once on two cores that alone can pass the plugin's 30 s default.
jest.setTimeout(90_000);

describe('OnCallSchedulesPage', () => {
  const { server, user, enabledButton } = oncallPageTest();

  const keepingUp = {
    behind: false,
    lagMs: 0,
    dueSteps: 0,
    lateAfterMs: 2000,
    checkedAt: '2026-12-07T10:00:00.000Z',
  };
  let engine = keepingUp;
  beforeEach(() => {
    engine = keepingUp;
  });

  function serve() {
    const policies = [policy];
    const sent: Array<{ method: string; path: string; body: any }> = [];
    server.use(
      http.get(`${baseUrl}/escalation/engine`, () => HttpResponse.json(engine)),
      http.get(`${baseUrl}/oncall/schedules`, () =>
        HttpResponse.json({ items: [schedule] }),
      ),
      http.get(`${baseUrl}/oncall/policies`, () =>
        HttpResponse.json({ items: policies }),
      ),
      http.get(`${baseUrl}/paging-webhooks`, () =>
        HttpResponse.json({
          items: [
            {
              id: 'wh-1',
              name: 'Checkout chat bridge',
              url: 'https://chat.example.com/hooks/checkout',
              groupRef: null,
              source: 'api',
              createdBy: 'user:default/ann',
              createdAt: '2026-10-01T08:00:00.000Z',
            },
          ],
        }),
      ),
      http.post(`${baseUrl}/oncall/policies`, async ({ request }) => {
        const body = (await request.json()) as any;
        sent.push({ method: 'POST', path: '/oncall/policies', body });
        if (body.name === 'Checkout critical') {
          return HttpResponse.json(
            {
              error: {
                name: 'ConflictError',
                message:
                  'An escalation policy named "Checkout critical" already exists; choose another name',
              },
            },
            { status: 409 },
          );
        }
        const created = { ...body, id: 'p2', derived: false, version: 1 };
        policies.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
      http.put(
        `${baseUrl}/oncall/policies/:id`,
        async ({ request, params }) => {
          const body = (await request.json()) as any;
          sent.push({
            method: 'PUT',
            path: `/oncall/policies/${params.id}`,
            body,
          });
          return HttpResponse.json({ ...policy, ...body, version: 4 });
        },
      ),
    );
    return sent;
  }

  const render = (authorize?: ReturnType<typeof denying>) =>
    renderWithIncidents(<OnCallSchedulesPage />, {
      authorize,
      catalog: [
        catalogEntity('Group', 'checkout-team', 'Checkout'),
        catalogEntity('Group', 'sre', 'SRE'),
        catalogEntity('User', 'ann', 'Ann Lee'),
      ],
      mountPath: '/incidents/oncall',
      initialRouteEntries: ['/incidents/oncall'],
    });

  it('lists schedules with links and policies with their levels', async () => {
    serve();
    await render();
    expect(
      await screen.findByRole('link', { name: 'Checkout primary' }),
    ).toHaveAttribute('href', '/incidents/oncall/schedules/s1');
    expect(
      screen.getByText('group:default/checkout-team · Europe/Berlin · 1 layer'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        "Level 1 immediately: on call for Checkout primary · Level 2 after 20 min: the parent team's on-call · repeats 1×",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'On call' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    // where else pages go is managed on the same tab
    expect(
      await screen.findByRole('row', { name: /Checkout chat bridge/ }),
    ).toBeInTheDocument();
  });

  it('says when paging is behind, and nothing while it keeps up', async () => {
    serve();
    await render();
    await screen.findByRole('link', { name: 'Checkout primary' });
    expect(screen.queryByText(/Paging is running behind/)).toBeNull();

    engine = { ...keepingUp, behind: true, lagMs: 12_400, dueSteps: 34 };
    await render();
    expect(
      await screen.findByText(
        /Paging is running behind: the oldest escalation step that is due has waited 12 s \(34 steps waiting\)/,
      ),
    ).toBeInTheDocument();
  });

  it('creates a policy with the editor, showing the backend’s refusal until it is fixed', async () => {
    const sent = serve();
    await render();
    await user.click(await enabledButton('New policy'));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Name/), 'Checkout critical');
    await user.click(within(dialog).getByLabelText('Owner team'));
    await user.click(await screen.findByRole('option', { name: /SRE/ }));
    // level 1 pages a schedule by default: pick it
    await user.click(within(dialog).getByLabelText('Schedule'));
    await user.click(
      await screen.findByRole('option', { name: 'Checkout primary' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Add level' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(/already exists; choose another name/),
    ).toBeInTheDocument();

    const name = within(dialog).getByLabelText(/Name/);
    await user.clear(name);
    await user.type(name, 'SRE backup');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent[1].body).toEqual({
      name: 'SRE backup',
      ownerRef: 'group:default/sre',
      repeat: 0,
      levels: [
        { delayMinutes: 0, targets: [{ type: 'schedule', scheduleId: 's1' }] },
        { delayMinutes: 15, targets: [{ type: 'parent_oncall' }] },
      ],
    });
    expect(
      await screen.findByText('SRE backup (group:default/sre)'),
    ).toBeInTheDocument();
  });

  it('creates a schedule with a business-hours layer in the zone it names', async () => {
    serve();
    const posted: any[] = [];
    server.use(
      http.post(`${baseUrl}/oncall/schedules`, async ({ request }) => {
        const body = await request.json();
        posted.push(body);
        return HttpResponse.json(
          { ...schedule, ...(body as object), id: 's2' },
          { status: 201 },
        );
      }),
    );
    await render();
    await user.click(await enabledButton('New schedule'));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Name/), 'SRE primary');
    await user.click(within(dialog).getByLabelText('Owner team'));
    await user.click(await screen.findByRole('option', { name: /SRE/ }));
    const zone = within(dialog).getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'America/New_York');
    await user.click(
      within(dialog).getByLabelText('Members, in rotation order'),
    );
    await user.click(await screen.findByRole('option', { name: /Ann Lee/ }));
    const starts = within(dialog).getByLabelText('First shift starts');
    await user.clear(starts);
    await user.type(starts, '2026-03-02T09:00');
    await user.click(
      within(dialog).getByRole('button', { name: 'Restrict to hours' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({
      name: 'SRE primary',
      ownerRef: 'group:default/sre',
      timeZone: 'America/New_York',
      layers: [
        {
          name: 'Primary',
          rotation: 'weekly',
          handoffTime: '09:00',
          // 09:00 in New York, not in the browser's zone
          startsAt: '2026-03-02T09:00:00.000-05:00',
          members: ['user:default/ann'],
          restrictions: [
            { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          ],
        },
      ],
    });
  });

  it('edits a policy at the version it read', async () => {
    const sent = serve();
    await render();
    await user.click(
      await enabledButton('Edit escalation policy Checkout critical'),
    );
    const dialog = await screen.findByRole('dialog');
    const repeat = within(dialog).getByLabelText('Repeat');
    await user.clear(repeat);
    await user.type(repeat, '3');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      method: 'PUT',
      path: '/oncall/policies/p1',
      body: { version: 3, repeat: 3, levels: policy.levels },
    });
  });

  it('disables every change, saying why, without incident.oncall.manage', async () => {
    serve();
    await render(denying([oncallManagePermission]));
    // what exists is still shown
    expect(
      await screen.findByRole('link', { name: 'Checkout primary' }),
    ).toBeInTheDocument();
    const policies = await screen.findByRole('list', {
      name: 'Escalation policies',
    });
    await waitFor(() =>
      expect(
        screen.getAllByTitle(
          'You may not manage on-call schedules and escalation policies',
        ),
      ).toHaveLength(4),
    );
    // paging webhooks are not even listed, and say why
    expect(
      screen.getByText(/so paging webhooks are not shown/),
    ).toBeInTheDocument();
    for (const name of ['New schedule', 'New policy']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    for (const name of [
      'Edit escalation policy Checkout critical',
      'Delete escalation policy Checkout critical',
    ]) {
      expect(within(policies).getByRole('button', { name })).toBeDisabled();
    }
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve();
    await render(guest);
    // every control that changes something is there, disabled with the backend's reason
    await waitFor(
      () =>
        expect(refusedControls()).toEqual([
          'button: Delete escalation policy Checkout critical',
          'button: Edit escalation policy Checkout critical',
          'button: New policy',
          'button: New schedule',
        ]),
      { timeout: 10_000 },
    );
    // and nothing else can be pressed
    expect(enabledControls()).toEqual([]);
  });
});
