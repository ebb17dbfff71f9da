import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  Incident,
  IncidentRunbook,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  baseUrl,
  createSignalsFake,
  emptyAlertsAndChanges,
  eventFixture,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { Router } from '../../Router';

describe('IncidentPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Serves one incident and its timeline; returns what the page asked and sent. */
  function serve(incident: Incident, timeline: TimelineEvent[] = []) {
    const state = { incident, timeline, gets: 0, bodies: [] as unknown[] };
    server.use(
      ...emptyAlertsAndChanges(),
      http.get(`${baseUrl}/incidents/:id`, ({ params }) => {
        state.gets += 1;
        return params.id === state.incident.id
          ? HttpResponse.json(state.incident)
          : HttpResponse.json(
              { error: { name: 'NotFoundError', message: `No ${params.id}` } },
              { status: 404 },
            );
      }),
      http.get(`${baseUrl}/incidents/:id/timeline`, () =>
        HttpResponse.json({ items: state.timeline }),
      ),
    );
    return state;
  }

  const render = (
    id = 'INC-1',
    signals = createSignalsFake(),
    authorize?: typeof guest,
  ) =>
    renderWithIncidents(<Router />, {
      mountPath: '/incidents',
      initialRouteEntries: [`/incidents/${id}`],
      signals,
      authorize,
    });

  it('shows the incident’s facts and its timeline oldest first', async () => {
    serve(
      incidentFixture({
        status: 'investigating',
        acknowledgedAt: null,
        resolvedAt: null,
        impactedEntityRefs: ['api:default/payments-api'],
        customerImpact: 'Card payments fail at checkout',
      }),
      [
        eventFixture({
          type: 'status_changed',
          at: '2026-11-01T10:05:00.000Z',
          data: {
            from: 'triage',
            to: 'investigating',
            note: 'Paging payments',
          },
        }),
        eventFixture({ type: 'declared', at: '2026-11-01T10:00:00.000Z' }),
        eventFixture({
          type: 'role_assigned',
          at: '2026-11-01T10:06:00.000Z',
          data: { role: 'commander', userRef: 'user:default/bob' },
        }),
        eventFixture({
          type: 'note',
          at: '2026-11-01T10:07:00.000Z',
          data: { markdown: 'Rolled back **v42**' },
        }),
      ],
    );
    await render();

    expect(
      await screen.findByRole('heading', { name: 'Checkout returns 500s' }),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-1')).toBeInTheDocument();
    expect(screen.getByText('Not yet')).toBeInTheDocument();
    expect(
      screen.getByText('Card payments fail at checkout'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'api:payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/api/payments-api');
    expect(
      screen.getByRole('link', { name: 'checkout-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(screen.getByRole('link', { name: 'checkout-team' })).toHaveAttribute(
      'href',
      '/catalog/default/group/checkout-team',
    );

    expect((await screen.findByText('v42')).tagName).toBe('STRONG');
    const lines = within(screen.getByRole('list', { name: 'Timeline' }))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(lines[0]).toMatch(/^alice declared the incident/);
    expect(lines[1]).toMatch(
      /^alice changed status from triage to investigating.*Paging payments/,
    );
    expect(lines[2]).toMatch(/^alice made bob commander/);
    expect(lines[3]).toMatch(/^alice added a note.*Rolled back v42/);
  });

  it('renders markup in a title and a note as text, never as elements', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    serve(incidentFixture({ title: `Broken ${payload}` }), [
      eventFixture({ type: 'note', data: { markdown: `See ${payload}` } }),
    ]);
    const { container } = await render();

    expect(
      await screen.findByRole('heading', { name: `Broken ${payload}` }),
    ).toBeInTheDocument();
    // Markdown renders lazily; wait for the note itself before looking for elements.
    expect(await screen.findByText(`See ${payload}`)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('acknowledges, then shows the refetched incident', async () => {
    const state = serve(
      incidentFixture({
        status: 'triage',
        acknowledgedAt: null,
        resolvedAt: null,
      }),
    );
    server.use(
      http.post(`${baseUrl}/incidents/INC-1/acknowledge`, () => {
        state.incident = {
          ...state.incident,
          acknowledgedAt: '2026-11-01T10:04:00.000Z',
          version: 2,
        };
        return HttpResponse.json(state.incident);
      }),
    );
    await render();

    await user.click(
      await screen.findByRole('button', { name: 'Acknowledge' }),
    );

    expect(
      await screen.findByText('Yes, 4m after it was declared'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Acknowledge' }),
    ).not.toBeInTheDocument();
  });

  it('offers only the legal moves and sends the version it read', async () => {
    const state = serve(incidentFixture({ status: 'resolved', version: 7 }));
    server.use(
      http.post(
        `${baseUrl}/incidents/INC-1/transition`,
        async ({ request }) => {
          state.bodies.push(await request.json());
          state.incident = { ...state.incident, status: 'closed', version: 8 };
          return HttpResponse.json(state.incident);
        },
      ),
    );
    await render();

    expect(
      await screen.findByRole('heading', { name: 'Checkout returns 500s' }),
    ).toBeInTheDocument();
    // Resolved incidents are acknowledged or not; either way there is nothing to acknowledge.
    expect(
      screen.queryByRole('button', { name: 'Acknowledge' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    const items = screen.getAllByRole('menuitem').map(item => item.textContent);
    expect(items).toEqual(['investigating', 'closed']);
    await user.click(screen.getByRole('menuitem', { name: 'closed' }));

    await waitFor(() =>
      expect(state.bodies).toEqual([{ to: 'closed', version: 7 }]),
    );
    expect(await screen.findByText('closed')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Change status' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Change severity' }),
    ).toBeDisabled();
  });

  it('shows the backend’s message on a stale version and loads the winner', async () => {
    const state = serve(
      incidentFixture({
        status: 'investigating',
        severity: 'SEV3',
        resolvedAt: null,
        version: 3,
      }),
    );
    server.use(
      http.patch(`${baseUrl}/incidents/INC-1`, async ({ request }) => {
        state.bodies.push(await request.json());
        // Someone else raised it to SEV1 first.
        state.incident = { ...state.incident, severity: 'SEV1', version: 4 };
        return HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'INC-1 changed since version 3; reload and try again',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        );
      }),
    );
    await render();

    // Wait for the page with a cheap query: a button query re-run on every change of the
    // loading page computes the name of every button each time, for seconds under load.
    await screen.findByRole('heading', { name: 'Checkout returns 500s' });
    const changeSeverity = screen.getByRole('button', {
      name: 'Change severity',
    });
    // disabled until the permission check answers
    await waitFor(() => expect(changeSeverity).toBeEnabled());
    await user.click(changeSeverity);
    await user.click(
      within(screen.getByRole('menu')).getByRole('menuitem', { name: /SEV2/ }),
    );

    expect(
      await screen.findByText(
        'INC-1 changed since version 3; reload and try again',
      ),
    ).toBeInTheDocument();
    expect(state.bodies).toEqual([{ version: 3, severity: 'SEV2' }]);
    // the winner's severity in the incident's details, not the triage card's suggestion
    await waitFor(() =>
      expect(
        screen.getByRole('definition', { name: 'Severity' }),
      ).toHaveTextContent(/^SEV1$/),
    );
  });

  it('adds a note and shows it on the timeline', async () => {
    const state = serve(
      incidentFixture({ status: 'monitoring', resolvedAt: null }),
    );
    server.use(
      http.post(`${baseUrl}/incidents/INC-1/notes`, async ({ request }) => {
        const body = (await request.json()) as { markdown: string };
        state.bodies.push(body);
        const note = eventFixture({
          type: 'note',
          at: '2026-11-01T10:30:00.000Z',
          data: { markdown: body.markdown },
        });
        state.timeline = [...state.timeline, note];
        return HttpResponse.json(note, { status: 201 });
      }),
    );
    await render();

    const note = await screen.findByLabelText('Note');
    await user.click(note);
    await user.paste('Error rate back to _normal_');
    await user.click(screen.getByRole('button', { name: 'Add note' }));

    expect(await screen.findByText('normal')).toBeInTheDocument();
    expect(state.bodies).toEqual([{ markdown: 'Error rate back to _normal_' }]);
    expect(note).toHaveValue('');
  });

  it('merges into the primary incident the responder names', async () => {
    const state = serve(
      incidentFixture({ status: 'triage', resolvedAt: null }),
    );
    server.use(
      http.post(`${baseUrl}/incidents/INC-1/merge`, async ({ request }) => {
        state.bodies.push(await request.json());
        state.incident = {
          ...state.incident,
          status: 'merged',
          mergedInto: 'INC-3',
        };
        return HttpResponse.json(state.incident);
      }),
    );
    await render();

    await user.click(
      await screen.findByRole('button', { name: 'Change status' }),
    );
    await user.click(screen.getByRole('menuitem', { name: 'merged' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Primary incident/), 'inc-3');
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));

    expect(await screen.findByRole('link', { name: 'INC-3' })).toHaveAttribute(
      'href',
      '/incidents/INC-3',
    );
    expect(state.bodies).toEqual([{ into: 'INC-3' }]);
  });

  it('refetches when a signal names this incident, and only then', async () => {
    const signals = createSignalsFake();
    const state = serve(incidentFixture());
    await render('INC-1', signals);
    await screen.findByRole('heading', { name: 'Checkout returns 500s' });
    const before = state.gets;

    state.incident = { ...state.incident, title: 'Checkout is down' };
    signals.publish({ incidentId: 'INC-9', entityRefs: [], type: 'updated' });
    signals.publish({ incidentId: 'INC-1', entityRefs: [], type: 'updated' });

    expect(
      await screen.findByRole('heading', { name: 'Checkout is down' }),
    ).toBeInTheDocument();
    expect(state.gets).toBe(before + 1);
  });

  /** Every card of the page with its controls: pages sent, a runbook checklist, the status page. */
  function serveEveryCard() {
    const runbook: IncidentRunbook = {
      runbook: {
        id: 'ext-abc',
        source: 'repository',
        title: 'Checkout service',
        markdown: '- [ ] Roll back',
        steps: [{ index: 0, text: 'Roll back' }],
        entityRefs: ['component:default/checkout-service'],
        url: 'https://github.com/northwind/checkout/blob/main/runbook.md',
      },
      reasons: [
        { type: 'entity', entityRef: 'component:default/checkout-service' },
      ],
      steps: [{ index: 0, text: 'Roll back', checked: false }],
    };
    server.use(
      http.get(`${baseUrl}/incidents/:id/pages`, () =>
        HttpResponse.json({
          escalation: {
            incidentId: 'INC-1',
            groupRef: 'group:default/checkout-team',
            policyId: 'p',
            policyName: 'Checkout',
            levels: [{ delayMinutes: 0, targets: [] }],
            repeat: 0,
            state: 'active',
            level: 1,
            round: 1,
            startedAt: '2026-11-01T10:00:00.000Z',
            stoppedAt: null,
          },
          items: [],
        }),
      ),
      http.get(`${baseUrl}/incidents/:id/runbooks`, () =>
        HttpResponse.json({ items: [runbook] }),
      ),
      http.get(`${baseUrl}/communications/draft`, () =>
        HttpResponse.json({
          incidentId: 'INC-1',
          publicIncidentId: null,
          name: 'Checkout disruption',
          status: 'investigating',
          impact: 'major',
          body: 'We are investigating.',
          componentIds: [],
          template: 'investigating',
        }),
      ),
      http.get(`${baseUrl}/communications/incidents`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/communications/components`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
  }

  it('shows a guest no control that would change the incident, and says why', async () => {
    serve(
      incidentFixture({
        status: 'investigating',
        acknowledgedAt: null,
        resolvedAt: null,
      }),
      [eventFixture({ type: 'declared' })],
    );
    serveEveryCard();
    await render('INC-1', createSignalsFake(), guest);

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: [
        'button: Acknowledge',
        'button: Add note',
        'button: Assign commander',
        'button: Assign communications',
        'button: Assign scribe',
        'button: Change severity',
        'button: Change status',
        'button: Escalate now',
        'button: Mark the suggested severity right',
        'button: Mark the suggested severity wrong',
        'button: Publish to status page',
        'button: Reassign',
        'button: Refresh',
      ],
      // what is left changes nothing: a preview, the runbook's text, a field of the draft
      enabled: ['button: Preview', 'button: Show runbook', 'select: Status'],
    });
    expect(
      screen.getAllByTitle('You may not change this incident').length,
    ).toBeGreaterThan(0);
    // the runbook's steps cannot be ticked, and say why
    expect(screen.getByRole('checkbox', { name: 'Roll back' })).toBeDisabled();
  });

  it('shows a guest of a resolved incident no control that would change it', async () => {
    serve(incidentFixture({ status: 'resolved' }), [
      eventFixture({ type: 'declared' }),
    ]);
    serveEveryCard();
    await render('INC-1', createSignalsFake(), guest);

    await expectGuestControls({
      // writing the postmortem too is refused, and says why
      refused: [
        'button: Add note',
        'button: Assign commander',
        'button: Assign communications',
        'button: Assign scribe',
        'button: Change severity',
        'button: Change status',
        'button: Mark the suggested severity right',
        'button: Mark the suggested severity wrong',
        'button: Publish to status page',
        'button: Refresh',
        'button: Write postmortem',
      ],
      enabled: ['button: Preview', 'button: Show runbook', 'select: Status'],
    });
  });

  it('explains an incident that does not exist', async () => {
    serve(incidentFixture());
    await render('INC-404');
    expect(await screen.findByText(/No INC-404/)).toBeInTheDocument();
  });
});
