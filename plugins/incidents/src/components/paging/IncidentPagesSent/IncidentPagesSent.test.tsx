import { useState } from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  IncidentPagesResponse,
  IncidentStatus,
  incidentUpdatePermission,
  OnCallPage,
} from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { IncidentPagesSent } from './IncidentPagesSent';

const page = (overrides: Partial<OnCallPage> = {}): OnCallPage => ({
  id: 'p-1',
  incidentId: 'INC-1',
  level: 1,
  round: 1,
  userRef: 'user:default/alice',
  reason: 'on call for Checkout primary',
  status: 'sent',
  channels: ['notifications', 'webhook:pager-bridge'],
  dueAt: '2026-11-30T10:00:00.000Z',
  sentAt: '2026-11-30T10:00:01.000Z',
  acknowledgedAt: null,
  ...overrides,
});

const response = (items: OnCallPage[]): IncidentPagesResponse => ({
  escalation: {
    incidentId: 'INC-1',
    groupRef: 'group:default/checkout-team',
    policyId: 'p',
    policyName: 'Checkout',
    levels: [
      { delayMinutes: 0, targets: [] },
      { delayMinutes: 5, targets: [] },
    ],
    repeat: 1,
    state: 'active',
    level: items.length ? Math.max(...items.map(i => i.level)) : 0,
    round: 1,
    startedAt: '2026-11-30T10:00:00.000Z',
    stoppedAt: null,
  },
  items,
});

/** The incident page's part: a successful move bumps the revision, which refetches. */
function WithRevisions() {
  const [revision, setRevision] = useState(0);
  const run = async (action: () => Promise<unknown>) => {
    await action();
    setRevision(r => r + 1);
    return true;
  };
  return (
    <IncidentPagesSent
      incident={incidentFixture({ status: 'investigating' })}
      run={run}
      busy={false}
      revision={revision}
    />
  );
}

describe('IncidentPagesSent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** The card of an incident in `status` whose pages are `pages`, its moves left to the test. */
  const renderPages = (
    status: IncidentStatus,
    pages: IncidentPagesResponse,
    authorize?: ReturnType<typeof denying>,
  ) => {
    server.use(
      http.get(`${baseUrl}/incidents/:id/pages`, () =>
        HttpResponse.json(pages),
      ),
    );
    return renderWithIncidents(
      <IncidentPagesSent
        incident={incidentFixture({ status })}
        run={async () => true}
        busy={false}
        revision={0}
      />,
      { authorize },
    );
  };

  it('shows the escalation and its pages, and escalates by hand', async () => {
    let items = [page()];
    const escalated: string[] = [];
    server.use(
      http.get(`${baseUrl}/incidents/:id/pages`, () =>
        HttpResponse.json(response(items)),
      ),
      http.post(`${baseUrl}/incidents/:id/escalate`, ({ params }) => {
        escalated.push(params.id as string);
        items = [
          ...items,
          page({ id: 'p-2', level: 2, userRef: 'user:default/bob' }),
        ];
        return HttpResponse.json(response(items));
      }),
    );
    await renderWithIncidents(<WithRevisions />);
    expect(
      await screen.findByText(
        'Checkout (group:default/checkout-team): level 1 of 2, round 1 of 2; escalating',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('on call for Checkout primary'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('sent via notifications, webhook:pager-bridge'),
    ).toBeInTheDocument();

    const escalateNow = screen.getByRole('button', { name: 'Escalate now' });
    // enabled once the permission backend has answered
    await waitFor(() => expect(escalateNow).toBeEnabled());
    fireEvent.click(escalateNow);
    await waitFor(() => expect(escalated).toEqual(['INC-1']));
    expect(await screen.findByText('level 2, round 1')).toBeInTheDocument();
  });

  it('offers no moves on an incident that ended', async () => {
    await renderPages('resolved', { escalation: null, items: [] });
    expect(
      await screen.findByText('No escalation ran for this incident.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Escalate now' }),
    ).not.toBeInTheDocument();
  });

  it('disables paging by hand, saying why, without incident.update on this incident', async () => {
    await renderPages(
      'investigating',
      response([page()]),
      denying([incidentUpdatePermission], 'INC-1'),
    );
    const reasons = await screen.findAllByTitle(
      'You may not change this incident',
    );
    expect(reasons).toHaveLength(2);
    for (const name of ['Escalate now', 'Reassign']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
  });

  it('asks about this incident, not incidents in general', async () => {
    // refused on another incident only
    await renderPages(
      'investigating',
      response([page()]),
      denying([incidentUpdatePermission], 'INC-2'),
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Reassign' })).toBeEnabled(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reassign' }));
    // the dialog's Page waits for a person, not for a permission
    expect(await screen.findByRole('button', { name: 'Page' })).toBeDisabled();
    expect(screen.queryByTestId('permission-denied')).not.toBeInTheDocument();
  });
});
