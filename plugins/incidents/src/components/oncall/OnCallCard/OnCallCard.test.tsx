import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { OnCallResponse } from '@lookout/plugin-incidents-common';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { describeDelay, OnCallCard } from './OnCallCard';

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team' },
};

const answer: OnCallResponse = {
  groupRef: 'group:default/checkout-team',
  policy: {
    id: 'p1',
    name: 'Checkout critical',
    ownerRef: 'group:default/checkout-team',
    levels: [],
    repeat: 2,
    derived: false,
    version: 1,
  },
  now: [
    {
      schedule: { id: 's1', name: 'Checkout primary' },
      shift: {
        scheduleId: 's1',
        userRef: 'user:default/ann',
        startsAt: '2026-11-30T08:00:00.000Z',
        endsAt: '2026-12-01T08:00:00.000Z',
        source: 'Daily',
      },
    },
  ],
  next: [
    {
      schedule: { id: 's1', name: 'Checkout primary' },
      shift: {
        scheduleId: 's1',
        userRef: 'user:default/bob',
        startsAt: '2026-12-01T08:00:00.000Z',
        endsAt: '2026-12-02T08:00:00.000Z',
        source: 'Daily',
      },
    },
  ],
  path: [
    {
      level: 1,
      delayMinutes: 0,
      targets: [
        { userRef: 'user:default/ann', reason: 'on call for Checkout primary' },
      ],
    },
    {
      level: 2,
      delayMinutes: 90,
      targets: [
        {
          userRef: 'user:default/maya',
          reason: 'member of group:default/engineering',
        },
      ],
    },
    { level: 3, delayMinutes: 15, targets: [] },
  ],
  people: {
    'user:default/ann': { displayName: 'Ann Lee', email: 'ann@example.com' },
    'user:default/bob': { displayName: 'Bob Ray' },
    'user:default/maya': { displayName: 'Maya', email: 'maya@example.com' },
  },
};

describe('OnCallCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = (entity: object) =>
    renderWithIncidents(
      <EntityProvider entity={entity as any}>
        <OnCallCard />
      </EntityProvider>,
    );

  it('shows who is on call now and next, and the escalation path with ways to reach people', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/oncall`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json(answer);
      }),
    );
    await render(component);

    expect(
      await screen.findByRole('link', { name: 'Checkout primary' }),
    ).toHaveAttribute('href', '/incidents/oncall/schedules/s1');
    expect(asked[0].get('entityRef')).toBe(
      'component:default/checkout-service',
    );
    expect(
      screen.getByText(
        'Escalation policy Checkout critical of group:default/checkout-team',
      ),
    ).toBeInTheDocument();

    const schedules = screen.getByRole('list', { name: 'Schedules' });
    expect(within(schedules).getAllByText('Ann Lee')).toHaveLength(1);
    expect(within(schedules).getByText('Bob Ray')).toBeInTheDocument();

    const path = screen.getByRole('list', { name: 'Escalation path' });
    expect(within(path).getByText('Level 1, immediately')).toBeInTheDocument();
    expect(
      within(path).getByText('Level 2, after 1 h 30 min'),
    ).toBeInTheDocument();
    expect(
      within(path).getByRole('link', { name: /maya@example.com/ }),
    ).toHaveAttribute('href', 'mailto:maya@example.com');
    expect(
      within(path).getByText('(member of group:default/engineering)'),
    ).toBeInTheDocument();
    expect(
      within(path).getByText('Nobody to page at this level right now'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Runs 2 more times when nobody acknowledges.'),
    ).toBeInTheDocument();
  });

  it('asks by group on a team page, and explains a derived policy', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/oncall`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          ...answer,
          groupRef: 'group:default/data-team',
          policy: {
            ...answer.policy,
            name: 'Data (from ownership)',
            derived: true,
            repeat: 0,
          },
          now: [],
          next: [],
        });
      }),
    );
    await render({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'data-team', namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
    expect(
      await screen.findByText(
        "Data (from ownership): derived from group:default/data-team's ownership",
      ),
    ).toBeInTheDocument();
    expect(asked[0].get('groupRef')).toBe('group:default/data-team');
    expect(
      screen.getByText(/has no schedule; its escalation path pages the people/),
    ).toBeInTheDocument();
  });

  it('says why nobody can be paged for an entity without an owner', async () => {
    server.use(
      http.get(`${baseUrl}/oncall`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                'component:default/orphan has no owner, so no escalation policy applies to it',
            },
          },
          { status: 404 },
        ),
      ),
    );
    await render({
      ...component,
      metadata: { name: 'orphan', namespace: 'default' },
    });
    expect(await screen.findByText(/has no owner/)).toBeInTheDocument();
  });

  it('describes delays in hours and minutes', () => {
    expect(describeDelay(0)).toBe('immediately');
    expect(describeDelay(5)).toBe('after 5 min');
    expect(describeDelay(60)).toBe('after 1 h');
  });
});
