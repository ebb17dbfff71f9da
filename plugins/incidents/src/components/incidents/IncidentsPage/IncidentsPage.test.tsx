import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Incident } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  createSignalsFake,
  incidentFixture as incident,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { Router } from '../../Router';

describe('IncidentsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Pages of incidents keyed by cursor ('' is the first); records every list query. */
  function serve(pages: Record<string, { items: Incident[]; next?: string }>) {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        asked.push(query);
        const page = pages[query.get('cursor') ?? ''] ?? { items: [] };
        return HttpResponse.json({ items: page.items, nextCursor: page.next });
      }),
    );
    return asked;
  }

  const render = (signals = createSignalsFake()) =>
    renderWithIncidents(<Router />, {
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents'],
      signals,
    });

  it('lists open incidents across the catalog with their origin', async () => {
    const asked = serve({
      '': {
        items: [
          incident({
            id: 'INC-4',
            title: 'Search is slow',
            status: 'identified',
            severity: 'SEV2',
            entityRef: 'component:default/search',
            resolvedAt: null,
          }),
        ],
      },
    });
    await render();

    expect(
      await screen.findByRole('heading', { name: 'Incidents' }),
    ).toBeInTheDocument();
    const row = within(
      await screen.findByRole('row', { name: /Search is slow/ }),
    );
    expect(row.getByRole('link', { name: 'INC-4' })).toHaveAttribute(
      'href',
      '/incidents/INC-4',
    );
    expect(row.getByRole('link', { name: 'search' })).toHaveAttribute(
      'href',
      '/catalog/default/component/search',
    );
    expect(row.getByText('SEV2')).toBeInTheDocument();
    expect(row.getByText('identified')).toBeInTheDocument();
    expect(asked[0].get('status')).toBe(
      'triage,investigating,identified,monitoring',
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('sends the filters and a debounced search to the backend', async () => {
    const asked = serve({});
    await render();
    await screen.findByText('No incidents match these filters.');

    await user.click(screen.getByRole('button', { name: 'All' }));
    await user.click(screen.getByRole('button', { name: 'SEV1' }));
    await user.type(screen.getByLabelText('Search'), 'payments');

    await waitFor(() => expect(asked.at(-1)?.get('q')).toBe('payments'));
    const last = asked.at(-1)!;
    expect(last.has('status')).toBe(false);
    expect(last.get('severity')).toBe('SEV1');
    // One query for the whole word, not one per keystroke.
    expect(asked.filter(query => query.has('q'))).toHaveLength(1);
  });

  it('loads more with the cursor, and a live update refetches every loaded page', async () => {
    const signals = createSignalsFake();
    const asked = serve({
      '': {
        items: [incident({ id: 'INC-9', title: 'First page' })],
        next: 'c2',
      },
      c2: { items: [incident({ id: 'INC-3', title: 'Second page' })] },
    });
    await render(signals);

    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Second page')).toBeInTheDocument();
    expect(screen.getByText('First page')).toBeInTheDocument();
    expect(asked.map(query => query.get('cursor'))).toEqual([null, 'c2']);
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();

    signals.publish({ incidentId: 'INC-3', entityRefs: [], type: 'updated' });
    await waitFor(() =>
      expect(asked.map(query => query.get('cursor'))).toEqual([
        null,
        'c2',
        null,
        'c2',
      ]),
    );
    expect(screen.getByText('Second page')).toBeInTheDocument();
  });

  it('opens an incident from the list', async () => {
    serve({
      '': { items: [incident({ id: 'INC-4', title: 'Search is slow' })] },
    });
    server.use(
      http.get(`${baseUrl}/incidents/INC-4`, () =>
        HttpResponse.json(incident({ id: 'INC-4', title: 'Search is slow' })),
      ),
      http.get(`${baseUrl}/incidents/INC-4/timeline`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await render();

    await user.click(await screen.findByRole('link', { name: 'INC-4' }));

    expect(
      await screen.findByRole('heading', { name: 'Search is slow' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Nothing has happened yet.')).toBeInTheDocument();
  });

  it('explains a failed list', async () => {
    server.use(
      http.get(`${baseUrl}/incidents`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Not allowed to list' },
          },
          { status: 403 },
        ),
      ),
    );
    await render();
    expect(await screen.findByText(/Not allowed to list/)).toBeInTheDocument();
  });
});
