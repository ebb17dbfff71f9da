import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { coreApis } from '@backstage/frontend-plugin-api';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { BlastRadius, ImpactedEntity } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  catalogEntity,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { EntityBlastRadiusContent } from './EntityBlastRadiusContent';

const root = 'resource:default/postgres-main';

const orders: ImpactedEntity = {
  entityRef: 'component:default/orders',
  kind: 'component',
  distance: 1,
  relation: 'dependencyOf',
  via: -1,
  customerFacing: false,
};
const ordersApi: ImpactedEntity = {
  entityRef: 'api:default/orders-api',
  kind: 'api',
  distance: 2,
  // after orders, the entry at 0
  relation: 'providesApi',
  via: 0,
  customerFacing: true,
};

function radius(overrides: Partial<BlastRadius> = {}): BlastRadius {
  const impacted = overrides.impacted ?? [orders, ordersApi];
  return {
    entityRef: root,
    direction: 'downstream',
    maxDepth: 6,
    limit: 1000,
    impacted,
    through: [],
    total: impacted.length,
    hidden: 0,
    systems: ['system:default/shop'],
    domains: ['domain:default/commerce'],
    owners: ['group:default/dba-team', 'group:default/orders-team'],
    customerFacing: ['api:default/orders-api'],
    missing: [],
    cutoff: false,
    ...overrides,
  };
}

describe('EntityBlastRadiusContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  // jsdom lays nothing out; the graph measures its nodes before placing them.
  beforeAll(() => {
    Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
      configurable: true,
      value: () => ({ x: 0, y: 0, width: 120, height: 16 }),
    });
  });
  afterAll(() => {
    delete (window.SVGElement.prototype as any).getBBox;
  });

  /** Answers blast-radius requests; `asked` collects every query the tab sent. */
  function serve(answer: (query: URLSearchParams) => BlastRadius | Response) {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/blast-radius`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        asked.push(query);
        const result = answer(query);
        return result instanceof Response ? result : HttpResponse.json(result);
      }),
      // upstream, the tab also asks for the entity's open incidents: it has none here
      http.get(`${baseUrl}/incidents`, () =>
        HttpResponse.json({ items: [], nextCursor: null }),
      ),
    );
    return { asked };
  }

  const render = () =>
    renderWithIncidents(
      <EntityProvider entity={catalogEntity('Resource', 'postgres-main')}>
        <EntityBlastRadiusContent />
      </EntityProvider>,
    );

  it('summarises what the entity hurts and lists it with distance, path and customer impact', async () => {
    const { asked } = serve(() => radius());
    await render();

    expect(
      await screen.findByText('2 impacted · 1 customer-facing'),
    ).toBeInTheDocument();
    expect(asked).toHaveLength(1);
    expect(Object.fromEntries(asked[0])).toEqual({
      entityRef: 'resource:default/postgres-main',
      direction: 'downstream',
      maxDepth: '6',
    });

    const summary = screen.getByRole('group', { name: 'Summary' });
    expect(within(summary).getByRole('link', { name: 'shop' })).toHaveAttribute(
      'href',
      '/catalog/default/system/shop',
    );
    expect(within(summary).getByText(/^Domains:/)).toHaveTextContent(
      'Domains: commerce',
    );
    expect(within(summary).getByText(/^Owner teams:/)).toHaveTextContent(
      'Owner teams: dba-team, orders-team',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    const row = screen.getByRole('row', { name: /orders-api/ });
    const cells = within(row).getAllByRole('cell');
    expect(cells.map(cell => cell.textContent)).toEqual([
      'orders-api',
      'api',
      '2',
      'postgres-main –dependency of→ orders –provides→ orders-api',
      'Yes',
    ]);
    expect(within(cells[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/api/orders-api',
    );
  });

  it('draws the graph with a legend, and a node opens its entity’s page', async () => {
    serve(() => radius());
    const { apis } = await render();

    const graph = await screen.findByRole('group', {
      name: 'Blast radius graph',
    });
    const node = await within(graph).findByRole('link', {
      name: 'api:orders-api, 2 hops, customer-facing',
    });
    expect(
      within(graph).getByRole('img', {
        name: 'resource:postgres-main, this entity',
      }),
    ).toBeInTheDocument();
    expect(within(graph).getAllByRole('link')).toHaveLength(2);
    const legend = within(screen.getByRole('list', { name: 'Legend' }));
    expect(legend.getByText('1 hop')).toBeInTheDocument();
    expect(legend.getByText('Customer-facing')).toBeInTheDocument();

    const history = apis.get(coreApis.appHistory)!;
    await user.click(node);
    expect(history.getSnapshot().location.pathname).toBe(
      '/catalog/default/api/orders-api',
    );
    // and from the keyboard
    within(graph)
      .getByRole('link', { name: /^component:orders/ })
      .focus();
    await user.keyboard('{Enter}');
    expect(history.getSnapshot().location.pathname).toBe(
      '/catalog/default/component/orders',
    );
  });

  it('asks for probable causes upstream and for another depth', async () => {
    const { asked } = serve(query =>
      radius({
        direction: query.get('direction') as BlastRadius['direction'],
        maxDepth: Number(query.get('maxDepth')),
      }),
    );
    await render();
    await screen.findByText('Impacted entities');

    await user.click(
      screen.getByRole('button', { name: 'Probable causes (upstream)' }),
    );
    expect(
      await screen.findByText('2 probable causes · 1 customer-facing'),
    ).toBeInTheDocument();
    expect(asked.at(-1)?.get('direction')).toBe('upstream');
    // the table is titled for the direction too
    expect(screen.getAllByText('Probable causes')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /Depth/ }));
    await user.click(await screen.findByRole('option', { name: '3 hops' }));
    await waitFor(() => expect(asked.at(-1)?.get('maxDepth')).toBe('3'));
    expect(asked.at(-1)?.get('direction')).toBe('upstream');
  });

  it('warns when the walk was cut off by the depth or by the size limit', async () => {
    let answer = radius({ cutoff: true });
    serve(() => answer);
    await render();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Limited to depth 6: it may reach further. Choose a greater depth to see more.',
    );

    answer = radius({ cutoff: true, limit: 2, total: 5 });
    await user.click(screen.getByRole('button', { name: /Depth/ }));
    await user.click(await screen.findByRole('option', { name: '8 hops' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Limited to the first 2 entities: 5 were reached within depth 6.',
      ),
    );
  });

  it('draws the nearest 200 and says so, while the table keeps them all', async () => {
    const impacted = Array.from({ length: 250 }, (_, i) => ({
      ...orders,
      entityRef: `component:default/c${i}`,
    }));
    serve(() => radius({ impacted, customerFacing: [] }));
    await render();

    expect(
      await screen.findByText(
        'The graph shows the nearest 200 of 250 entities; the table below lists them all.',
      ),
    ).toBeInTheDocument();
    const graph = screen.getByRole('group', { name: 'Blast radius graph' });
    // two hundred nodes take the layout a few rounds to settle
    await waitFor(
      () => expect(within(graph).getAllByRole('link')).toHaveLength(200),
      { timeout: 10_000 },
    );
    expect(
      screen.getByText('250 impacted · 0 customer-facing'),
    ).toBeInTheDocument();
    // paged, every returned entity is in the table
    expect(screen.getAllByText('1-20 of 250').length).toBeGreaterThan(0);
  });

  it('shows the backend’s error', async () => {
    serve(() =>
      HttpResponse.json(
        {
          error: {
            name: 'NotFoundError',
            message: 'Not in the catalog, or not visible to you: x',
          },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ),
    );
    await render();
    expect(
      await screen.findByText(/Not in the catalog, or not visible to you/),
    ).toBeInTheDocument();
  });
});
