import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  IncidentRunbook,
  incidentUpdatePermission,
} from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  eventFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { IncidentTimeline } from '../../incidents/IncidentTimeline';
import { IncidentRunbooks } from './IncidentRunbooks';

function suggestions(checked: boolean): IncidentRunbook[] {
  return [
    {
      runbook: {
        id: 'ext-abc',
        source: 'repository',
        title: 'Checkout service',
        markdown: '# Checkout service\n\n- [ ] Roll back\n- [ ] Page payments',
        steps: [
          { index: 0, text: 'Roll back' },
          { index: 1, text: 'Page payments' },
        ],
        entityRefs: ['component:default/checkout-service'],
        url: 'https://github.com/northwind/checkout/blob/main/runbook.md',
      },
      reasons: [
        { type: 'entity', entityRef: 'component:default/checkout-service' },
        { type: 'title', words: ['checkout', 'latency'] },
      ],
      steps: [
        {
          index: 0,
          text: 'Roll back',
          checked,
          ...(checked && {
            actor: 'user:default/alice',
            at: '2026-11-01T10:05:00.000Z',
          }),
        },
        { index: 1, text: 'Page payments', checked: false },
      ],
    },
    {
      runbook: {
        id: 'ext-def',
        source: 'alert',
        title: 'latency',
        markdown: null,
        steps: [],
        entityRefs: [],
        url: 'https://wiki.example.com/latency',
        error:
          'https://wiki.example.com/latency is a web page, not markdown; open the link instead',
      },
      reasons: [
        { type: 'alert', alertId: '7', summary: 'Checkout latency high' },
      ],
      steps: [],
    },
  ];
}

describe('IncidentRunbooks', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  it('suggests runbooks with their reasons and ticks a step on the timeline', async () => {
    let ticked = false;
    const bodies: unknown[] = [];
    server.use(
      http.get(`${baseUrl}/incidents/INC-1/runbooks`, () =>
        HttpResponse.json({ items: suggestions(ticked) }),
      ),
      http.post(
        `${baseUrl}/incidents/INC-1/runbook-steps`,
        async ({ request }) => {
          bodies.push(await request.json());
          ticked = true;
          return HttpResponse.json(eventFixture({ type: 'runbook_step' }), {
            status: 201,
          });
        },
      ),
    );
    await renderWithIncidents(<IncidentRunbooks incidentId="INC-1" />);

    expect(await screen.findByText('Checkout service')).toBeInTheDocument();
    expect(
      screen.getByText('runbook of component:default/checkout-service'),
    ).toBeInTheDocument();
    expect(screen.getByText('matches checkout, latency')).toBeInTheDocument();
    expect(
      screen.getByText('linked by alert: Checkout latency high'),
    ).toBeInTheDocument();
    expect(screen.getByText(/is a web page, not markdown/)).toBeInTheDocument();
    // a runbook that cannot be shown here can still be opened where it lives
    expect(screen.getByText('Open the runbook').closest('a')).toHaveAttribute(
      'href',
      'https://wiki.example.com/latency',
    );
    expect(screen.getByText('0 of 2 done')).toBeInTheDocument();

    const step = screen.getByRole('checkbox', { name: 'Roll back' });
    expect(step).not.toBeChecked();
    // ticking needs incident.update, asked of the permission API when the card shows
    await waitFor(() => expect(step).toBeEnabled());
    await user.click(step);
    expect(bodies).toEqual([{ runbookId: 'ext-abc', step: 0, checked: true }]);
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: 'Roll back' })).toBeChecked(),
    );
    expect(screen.getByText('1 of 2 done')).toBeInTheDocument();
    expect(screen.getByText(/ticked by/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show runbook' }));
    expect(
      screen
        .getByText('https://github.com/northwind/checkout/blob/main/runbook.md')
        .closest('a'),
    ).toHaveAttribute(
      'href',
      'https://github.com/northwind/checkout/blob/main/runbook.md',
    );
  });

  it('says why a tick was refused', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/INC-1/runbooks`, () =>
        HttpResponse.json({ items: suggestions(false) }),
      ),
      http.post(`${baseUrl}/incidents/INC-1/runbook-steps`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: incident.update on INC-1',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderWithIncidents(<IncidentRunbooks incidentId="INC-1" />);
    await user.click(
      await screen.findByRole('checkbox', { name: 'Page payments' }),
    );
    expect(
      await screen.findByText('Not allowed: incident.update on INC-1'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'Page payments' }),
    ).not.toBeChecked();
  });

  it('shows runbook steps on the incident timeline', async () => {
    await renderWithIncidents(
      <IncidentTimeline
        events={[
          eventFixture({
            type: 'runbook_step',
            data: {
              runbookId: 'ext-abc',
              runbookTitle: 'Checkout service',
              step: 0,
              text: 'Roll back',
              checked: true,
            },
          }),
          eventFixture({
            type: 'runbook_step',
            at: '2026-11-01T10:01:00.000Z',
            data: {
              runbookId: 'ext-abc',
              runbookTitle: 'Checkout service',
              step: 0,
              text: 'Roll back',
              checked: false,
            },
          }),
        ]}
      />,
    );
    const items = screen.getAllByText(/in the runbook Checkout service/);
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(
        /alice ticked Roll back in the runbook Checkout service/,
      ),
      expect.stringMatching(
        /alice unticked Roll back in the runbook Checkout service/,
      ),
    ]);
    expect(within(items[0]).getByText('Roll back').tagName).toBe('STRONG');
  });

  it('shows the checklist but disables ticking without incident.update', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/INC-1/runbooks`, () =>
        HttpResponse.json({ items: suggestions(false) }),
      ),
    );
    await renderWithIncidents(<IncidentRunbooks incidentId="INC-1" />, {
      authorize: denying([incidentUpdatePermission], 'INC-1'),
    });
    expect(
      await screen.findByText('You may not change this incident'),
    ).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Roll back' })).toBeDisabled();
    expect(
      screen.getByRole('checkbox', { name: 'Page payments' }),
    ).toBeDisabled();
  });
});
