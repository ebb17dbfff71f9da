import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  PublicIncident,
  StatusUpdateDraft,
  incidentUpdatePermission,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import {
  publicIncidentFixture,
  statusComponentFixture,
} from '../../../__testUtils__/fixtures';
import { CommunicationsPanel } from './CommunicationsPanel';

const component = (id: string, name: string) =>
  statusComponentFixture({
    id,
    name,
    annotatedEntityRefs: ['component:default/checkout-service'],
    status: 'partial_outage',
    liveStatus: 'partial_outage',
  });

describe('CommunicationsPanel', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  function serve() {
    const state = {
      published: [] as PublicIncident[],
      posted: [] as any[],
    };
    const draft: StatusUpdateDraft = {
      incidentId: 'INC-1',
      publicIncidentId: null,
      name: 'Checkout disruption',
      status: 'investigating',
      impact: 'major',
      body: 'We are investigating reports of problems with Checkout.',
      componentIds: ['c1'],
      template: 'investigating',
    };
    server.use(
      http.get(`${baseUrl}/communications/draft`, ({ request }) => {
        const status = new URL(request.url).searchParams.get('status');
        return HttpResponse.json({
          ...draft,
          ...(status === 'resolved'
            ? { status, body: 'This incident has been resolved.' }
            : {}),
          publicIncidentId: state.published[0]?.id ?? null,
        });
      }),
      http.get(`${baseUrl}/communications/incidents`, () =>
        HttpResponse.json({ items: state.published }),
      ),
      http.get(`${baseUrl}/communications/components`, () =>
        HttpResponse.json({
          items: [component('c1', 'Checkout'), component('c2', 'Search')],
        }),
      ),
      http.post(`${baseUrl}/communications/incidents`, async ({ request }) => {
        const body = (await request.json()) as any;
        state.posted.push(body);
        const created = publicIncidentFixture({
          incidentId: body.incidentId,
          name: body.name,
          status: body.status,
          impact: body.impact,
          componentIds: body.componentIds,
          updates: [
            {
              id: 'u1',
              status: body.status,
              body: body.body,
              createdBy: 'user:default/guest',
              createdAt: '2026-11-01T10:05:00.000Z',
            },
          ],
        });
        state.published = [created];
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get(`${baseUrl}/communications/incidents/pub1/coverage`, () =>
        HttpResponse.json({
          items: [
            {
              updateId: 'u1',
              status: 'investigating',
              createdAt: '2026-11-01T10:05:00.000Z',
              total: 3,
              delivered: 2,
              failed: 0,
              pending: 1,
              share: 2 / 3,
            },
          ],
        }),
      ),
    );
    return state;
  }

  it('prefills a draft from the incident, publishes it and shows the delivery coverage', async () => {
    const state = serve();
    await renderWithIncidents(
      <CommunicationsPanel
        incident={incidentFixture({ status: 'investigating' })}
      />,
    );
    const title = await screen.findByLabelText(/Customer-facing title/);
    expect(title).toHaveValue('Checkout disruption');
    expect(screen.getByLabelText(/^Update/)).toHaveValue(
      'We are investigating reports of problems with Checkout.',
    );
    expect(screen.getByRole('checkbox', { name: 'Checkout' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Search' })).not.toBeChecked();
    expect(screen.getByText('Not on the status page yet')).toBeInTheDocument();

    await user.clear(title);
    await user.type(title, 'Payments failing');
    await user.click(screen.getByRole('checkbox', { name: 'Search' }));
    await user.click(
      screen.getByRole('button', { name: 'Publish to status page' }),
    );

    await waitFor(() => expect(state.posted).toHaveLength(1));
    expect(state.posted[0]).toEqual({
      incidentId: 'INC-1',
      name: 'Payments failing',
      status: 'investigating',
      impact: 'major',
      body: 'We are investigating reports of problems with Checkout.',
      componentIds: ['c1', 'c2'],
    });
    expect(
      await screen.findByText(/2 of 3 subscribers reached \(67 %\), 1 pending/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Post update' }),
    ).toBeInTheDocument();
    // once published, the customer-facing title is fixed
    expect(screen.getByLabelText(/Customer-facing title/)).toBeDisabled();
  });

  it('fills the body from the template of the status chosen', async () => {
    serve();
    await renderWithIncidents(
      <CommunicationsPanel
        incident={incidentFixture({ status: 'investigating' })}
      />,
    );
    await screen.findByLabelText(/Customer-facing title/);
    await user.click(screen.getByLabelText('Status'));
    await user.click(await screen.findByRole('option', { name: 'Resolved' }));
    await user.click(
      screen.getByRole('button', { name: 'Fill from template' }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText(/^Update/)).toHaveValue(
        'This incident has been resolved.',
      ),
    );
  });

  it('says so when the status page cannot be reached', async () => {
    server.use(
      http.get(`${baseUrl}/communications/draft`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'Not allowed' } },
          { status: 403 },
        ),
      ),
      http.get(`${baseUrl}/communications/incidents`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/communications/components`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithIncidents(
      <CommunicationsPanel incident={incidentFixture()} />,
    );
    expect(
      await screen.findByText(/status page cannot be reached/),
    ).toBeInTheDocument();
  });

  it.each([
    [
      statusPageManagePermission.name,
      statusPageManagePermission,
      'You may not administer the status page',
    ],
    [
      incidentUpdatePermission.name,
      incidentUpdatePermission,
      'You may not change this incident',
    ],
  ])(
    'disables publishing, saying why, without %s',
    async (_name, permission, reason) => {
      serve();
      await renderWithIncidents(
        <CommunicationsPanel
          incident={incidentFixture({ status: 'investigating' })}
        />,
        { authorize: denying([permission]) },
      );
      await screen.findByLabelText(/Customer-facing title/);
      expect(await screen.findByTitle(reason)).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Publish to status page' }),
      ).toBeDisabled();
    },
  );
});
