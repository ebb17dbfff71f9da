import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { incidentUpdatePermission } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  renderWithIncidents,
  triageFixture,
} from '../../../__testUtils__/testApp';
import { IncidentTriage } from './IncidentTriage';

const triage = triageFixture({
  incidentId: 'INC-7',
  severity: {
    id: 'severity',
    severity: 'SEV1',
    current: 'SEV3',
    score: 0.8,
    reasons: [
      { text: 'the worst of its 2 alerts is critical', weight: 3 },
      { text: 'customers use what it reaches: storefront-web', weight: 2 },
    ],
    facts: {
      impactedCount: 4,
      customerFacing: ['component:default/storefront-web'],
      bestTier: 1,
      alertLevel: 'critical',
    },
  },
  causes: [
    {
      id: 'cause:resource:default/postgres-main',
      entityRef: 'resource:default/postgres-main',
      distance: 2,
      path: [
        'component:default/accounts-service',
        'resource:default/postgres-main',
      ],
      score: 3.2,
      reasons: [
        {
          text: 'change "Raise max_connections" 6 minutes before the incident began',
          weight: 3.5,
        },
      ],
      ownerRef: 'group:default/platform',
    },
  ],
  similar: [
    {
      id: 'similar:INC-2',
      incidentId: 'INC-2',
      title: 'Primary Postgres connection pool exhausted',
      entityRef: 'resource:default/postgres-main',
      severity: 'SEV1',
      declaredAt: '2026-10-01T10:00:00.000Z',
      score: 0.71,
      reasons: [{ text: 'shares the words "pool", "postgres"', weight: 0.6 }],
      resolution: 'Killed the batch job and raised the pool size',
      postmortem: {
        id: 'pm-1',
        title: 'Postmortem: pool exhausted',
        rootCauseEntityRef: 'resource:default/postgres-main',
        excerpt: 'A batch job held every connection.',
      },
    },
  ],
  responders: [
    {
      id: 'responder:user:default/rahul-mehta',
      userRef: 'user:default/rahul-mehta',
      groupRef: 'group:default/platform',
      score: 0.9,
      reasons: [
        { text: 'on call for platform, which owns postgres-main', weight: 0.9 },
      ],
    },
  ],
  runbooks: [
    {
      id: 'runbook:https://runbooks.example/postgres.md',
      title: 'Postgres failover',
      url: 'https://runbooks.example/postgres.md',
      entityRef: 'resource:default/postgres-main',
      score: 1,
      reasons: [
        { text: 'runbook of postgres-main, probable cause', weight: 1 },
      ],
    },
  ],
  statusDraft:
    '**Investigating** — We are seeing a major outage affecting Website.',
  verdicts: { 'similar:INC-2': 'right' },
});

describe('IncidentTriage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows every suggestion with its score and reasons, and records verdicts', async () => {
    const judged: unknown[] = [];
    server.use(
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json(triage),
      ),
      http.post(
        `${baseUrl}/incidents/INC-7/triage/feedback`,
        async ({ request }) => {
          const body = await request.json();
          judged.push(body);
          return HttpResponse.json(body);
        },
      ),
    );
    await renderWithIncidents(<IncidentTriage incidentId="INC-7" />);

    expect(
      await screen.findByText('declared SEV3 · score 0.8'),
    ).toBeInTheDocument();
    expect(screen.getByText('Triage assistant')).toBeInTheDocument();
    expect(screen.getByText('SEV1 suggested')).toBeInTheDocument();
    expect(
      screen.getByText('customers use what it reaches: storefront-web (+2)'),
    ).toBeInTheDocument();
    const causes = screen.getByRole('list', { name: 'Probable causes' });
    expect(within(causes).getByText(/2 hops upstream/)).toBeInTheDocument();
    expect(within(causes).getByText('score 3.2')).toBeInTheDocument();
    expect(
      within(causes).getByText(
        'change "Raise max_connections" 6 minutes before the incident began (+3.5)',
      ),
    ).toBeInTheDocument();
    const similar = screen.getByRole('list', {
      name: 'Similar past incidents',
    });
    expect(
      within(similar).getByRole('link', { name: 'INC-2' }),
    ).toBeInTheDocument();
    expect(
      within(similar).getByText(
        'Resolved: Killed the batch job and raised the pool size',
      ),
    ).toBeInTheDocument();
    expect(
      within(similar).getByText(
        'Postmortem: A batch job held every connection.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Mark similar incident INC-2 right' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(screen.getByRole('list', { name: 'Runbooks' })).getByRole('link', {
        name: /Postgres failover/,
      }),
    ).toHaveAttribute('href', 'https://runbooks.example/postgres.md');
    // Markdown renders once its parser has loaded
    expect(
      await screen.findByText(/major outage affecting Website/),
    ).toBeInTheDocument();

    const wrong = screen.getByRole('button', {
      name: 'Mark cause resource:default/postgres-main wrong',
    });
    // enabled once the permission backend has answered
    await waitFor(() => expect(wrong).toBeEnabled());
    fireEvent.click(wrong);
    expect(wrong).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() =>
      expect(judged).toEqual([
        {
          suggestionId: 'cause:resource:default/postgres-main',
          verdict: 'wrong',
        },
      ]),
    );
  });

  it('takes a verdict back when the backend refuses it, and refreshes on request', async () => {
    let refreshed = 0;
    server.use(
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json(triage),
      ),
      http.post(`${baseUrl}/incidents/INC-7/triage/feedback`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: incident.update on INC-7',
            },
          },
          { status: 403 },
        ),
      ),
      http.post(`${baseUrl}/incidents/INC-7/triage/refresh`, () => {
        refreshed++;
        return HttpResponse.json({ ...triage, causes: [], trigger: 'refresh' });
      }),
    );
    await renderWithIncidents(<IncidentTriage incidentId="INC-7" />);

    const right = await screen.findByRole('button', {
      name: 'Mark the suggested severity right',
    });
    // enabled once the permission backend has answered
    await waitFor(() => expect(right).toBeEnabled());
    fireEvent.click(right);
    expect(
      await screen.findByText(/Not allowed: incident.update on INC-7/),
    ).toBeInTheDocument();
    expect(right).toHaveAttribute('aria-pressed', 'false');

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText('Nothing upstream shows a sign of trouble.'),
    ).toBeInTheDocument();
    expect(refreshed).toBe(1);
  });

  it('disables refreshing and verdicts, saying why, without incident.update on the incident', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json(triage),
      ),
    );
    await renderWithIncidents(<IncidentTriage incidentId="INC-7" />, {
      authorize: denying([incidentUpdatePermission], 'INC-7'),
    });

    expect(
      await screen.findByText('declared SEV3 · score 0.8'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled(),
    );
    // Refresh, and right and wrong on each of the five suggestions
    expect(
      await screen.findAllByTitle('You may not change this incident'),
    ).toHaveLength(11);
    const verdicts = screen.getAllByRole('button', { name: /^Mark / });
    expect(verdicts).toHaveLength(10);
    for (const button of verdicts) {
      expect(button).toBeDisabled();
    }
    // what was judged before still shows
    expect(
      screen.getByRole('button', { name: 'Mark similar incident INC-2 right' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('shows a long reason whole, wrapping instead of cutting it off', async () => {
    const long =
      'on call for platform (schedule "Platform primary", layer "Weekly"), which owns resource:default/postgres-main, two hops upstream of accounts-service and storefront-web';
    server.use(
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json({
          ...triage,
          responders: [
            { ...triage.responders[0], reasons: [{ text: long, weight: 0 }] },
          ],
        }),
      ),
    );
    await renderWithIncidents(<IncidentTriage incidentId="INC-7" />);

    const reason = await screen.findByText(long);
    expect(reason).toBeInTheDocument();
    // the theme's dense lists cut text off at one line; the whole reason must stay readable
    const text = reason.closest('.MuiListItemText-root') as HTMLElement;
    expect(text).toHaveClass('MuiListItemText-dense');
    expect(text).toHaveStyle({ whiteSpace: 'normal', textOverflow: 'clip' });
  });

  it('asks about this incident, not incidents in general', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json(triage),
      ),
    );
    await renderWithIncidents(<IncidentTriage incidentId="INC-7" />, {
      // refused on another incident only
      authorize: denying([incidentUpdatePermission], 'INC-2'),
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Refresh' })).toBeEnabled(),
    );
    expect(
      screen.getByRole('button', { name: 'Mark the suggested severity wrong' }),
    ).toBeEnabled();
    expect(screen.queryByTestId('permission-denied')).not.toBeInTheDocument();
  });

  it('leads with the most probable cause, its evidence and what to do next, with its metrics beside it', async () => {
    const withTelemetry = {
      ...triage,
      causes: [
        {
          ...triage.causes[0],
          change: {
            summary: 'Raise max_connections',
            at: '2026-10-01T09:54:00.000Z',
          },
          telemetry: [
            {
              metric: 'error_ratio' as const,
              query: 'errors{job="postgres-main"}',
              points: [
                [1, 0.001],
                [2, 0.002],
                [3, 0.3],
              ] as Array<[number, number]>,
              normalMax: 0.012,
              departedAt: '2026-10-01T09:58:00.000Z',
            },
          ],
        },
      ],
    };
    server.use(
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json(withTelemetry),
      ),
    );
    await renderWithIncidents(<IncidentTriage incidentId="INC-7" />);
    const lead = await screen.findByRole('region', {
      name: 'Most probable cause',
    });
    expect(lead).toHaveTextContent(
      /Most probable cause: .*postgres-main.*\(2 hops upstream\)/,
    );
    expect(lead).toHaveTextContent(
      'change "Raise max_connections" 6 minutes before the incident began',
    );
    const next = within(lead).getByRole('list', { name: 'Next steps' });
    expect(next).toHaveTextContent(
      /Roll back “Raise max_connections” on .*postgres-main/,
    );
    expect(next).toHaveTextContent(/Open the runbook Postgres failover/);
    expect(next).toHaveTextContent(/Call .*rahul-mehta.*on call for platform/);
    expect(
      screen.getByRole('img', {
        name: /^error ratio: left its normal range at /,
      }),
    ).toBeInTheDocument();
  });
});
