import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  incidentUpdatePermission,
  MyPage,
} from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { MyPagesPage } from './MyPagesPage';

function pageFixture(overrides: Partial<MyPage> = {}): MyPage {
  return {
    id: 'p-1',
    incidentId: 'INC-7',
    level: 1,
    round: 1,
    userRef: 'user:default/guest',
    reason: 'on call for Checkout primary',
    status: 'sent',
    channels: ['notifications'],
    dueAt: '2026-11-30T10:00:00.000Z',
    sentAt: '2026-11-30T10:00:01.000Z',
    acknowledgedAt: null,
    incidentTitle: 'Checkout is down',
    incidentSeverity: 'SEV1',
    incidentStatus: 'triage',
    ...overrides,
  };
}

describe('MyPagesPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists my pages and acknowledges one from the list', async () => {
    let pages = [
      pageFixture(),
      pageFixture({
        id: 'p-2',
        incidentId: 'INC-3',
        incidentTitle: 'Search is slow',
        status: 'acknowledged',
        acknowledgedAt: '2026-11-29T10:00:00.000Z',
      }),
    ];
    const acknowledged: string[] = [];
    server.use(
      http.get(`${baseUrl}/pages`, () => HttpResponse.json({ items: pages })),
      http.post(`${baseUrl}/pages/:id/acknowledge`, ({ params }) => {
        acknowledged.push(params.id as string);
        pages = pages.map(p =>
          p.id === params.id ? { ...p, status: 'acknowledged' } : p,
        );
        return HttpResponse.json(pages[0]);
      }),
    );
    await renderWithIncidents(<MyPagesPage />, {
      mountPath: '/incidents/pages',
      initialRouteEntries: ['/incidents/pages'],
    });

    expect(
      await screen.findByText('INC-7: Checkout is down'),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-3: Search is slow')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'My pages' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    // only the page still waiting offers the button
    expect(
      screen.queryByRole('button', { name: 'Acknowledge INC-3' }),
    ).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge INC-7' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Acknowledge INC-7' }),
      ).not.toBeInTheDocument(),
    );
    expect(acknowledged).toEqual(['p-1']);
  });

  it('shows the backend’s message when acknowledging fails', async () => {
    server.use(
      http.get(`${baseUrl}/pages`, () =>
        HttpResponse.json({ items: [pageFixture()] }),
      ),
      http.post(`${baseUrl}/pages/:id/acknowledge`, () =>
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
    );
    await renderWithIncidents(<MyPagesPage />, {
      mountPath: '/incidents/pages',
      initialRouteEntries: ['/incidents/pages'],
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge INC-7' }),
    );
    expect(
      await screen.findByText(/Not allowed: incident.update on INC-7/),
    ).toBeInTheDocument();
  });

  it('says so when nobody paged me', async () => {
    server.use(
      http.get(`${baseUrl}/pages`, () => HttpResponse.json({ items: [] })),
    );
    await renderWithIncidents(<MyPagesPage />, {
      mountPath: '/incidents/pages',
      initialRouteEntries: ['/incidents/pages'],
    });
    expect(
      await screen.findByText('You have not been paged.'),
    ).toBeInTheDocument();
  });

  it('lets me acknowledge my own page without incident.update on its incident', async () => {
    // the backend acknowledges for the paged person whatever their permissions, so refusing
    // incident.update must not take the button away from them
    const acknowledged: string[] = [];
    server.use(
      http.get(`${baseUrl}/pages`, () =>
        HttpResponse.json({ items: [pageFixture()] }),
      ),
      http.post(`${baseUrl}/pages/:id/acknowledge`, ({ params }) => {
        acknowledged.push(params.id as string);
        return HttpResponse.json(pageFixture({ status: 'acknowledged' }));
      }),
    );
    await renderWithIncidents(<MyPagesPage />, {
      mountPath: '/incidents/pages',
      initialRouteEntries: ['/incidents/pages'],
      authorize: denying([incidentUpdatePermission], 'INC-7'),
    });
    const acknowledge = await screen.findByRole('button', {
      name: 'Acknowledge INC-7',
    });
    expect(acknowledge).toBeEnabled();
    expect(screen.queryByTestId('permission-denied')).not.toBeInTheDocument();
    fireEvent.click(acknowledge);
    await waitFor(() => expect(acknowledged).toEqual(['p-1']));
  });
});
