import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Runbook } from '@lookout/plugin-incidents-common';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  baseUrl,
  catalogEntity,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { EntityRunbooksContent } from './EntityRunbooksContent';

const entity = catalogEntity('Component', 'checkout-service');
const REF = 'component:default/checkout-service';

function runbook(overrides: Partial<Runbook>): Runbook {
  return {
    id: 'rb-1',
    source: 'lookout',
    title: 'Payments timeouts',
    markdown: '# Payments\n\n- [ ] Check the provider',
    steps: [{ index: 0, text: 'Check the provider' }],
    entityRefs: [REF],
    url: null,
    version: 1,
    ...overrides,
  };
}

describe('EntityRunbooksContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  function serve(runbooks: Runbook[]) {
    const asked: URLSearchParams[] = [];
    const posted: unknown[] = [];
    server.use(
      http.get(`${baseUrl}/runbooks`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        asked.push(query);
        const q = query.get('q')?.toLowerCase();
        return HttpResponse.json({
          items: runbooks.filter(
            r => !q || `${r.title} ${r.markdown}`.toLowerCase().includes(q),
          ),
        });
      }),
      http.post(`${baseUrl}/runbooks`, async ({ request }) => {
        const body = (await request.json()) as any;
        posted.push(body);
        if (!body.title.startsWith('Kafka')) {
          return HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'entityRefs: not in the catalog: x',
              },
              response: { statusCode: 400 },
            },
            { status: 400 },
          );
        }
        const created = runbook({ id: 'rb-new', ...body });
        runbooks.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    return { asked, posted };
  }

  const render = (initial = '/', authorize?: typeof guest) =>
    renderWithIncidents(
      <EntityProvider entity={entity}>
        <EntityRunbooksContent />
      </EntityProvider>,
      { catalog: [entity], initialRouteEntries: [initial], authorize },
    );

  it('lists the entity’s runbooks, shows one rendered and reports one that could not be read', async () => {
    const { asked } = serve([
      runbook({}),
      runbook({
        id: 'ext-1',
        source: 'repository',
        title: 'missing.md',
        markdown: null,
        steps: [],
        url: 'file:///srv/catalog/runbooks/missing.md',
        error: '/srv/catalog/runbooks/missing.md was not found',
      }),
    ]);
    await render();

    const list = await screen.findByRole('list', { name: 'Runbooks' });
    expect(
      await within(list).findByText('Payments timeouts'),
    ).toBeInTheDocument();
    expect(within(list).getByText('Could not be read')).toBeInTheDocument();
    expect(asked[0].get('entityRef')).toBe(REF);
    // the first runbook is shown, its markdown rendered
    expect(
      await screen.findByRole('heading', { name: 'Payments' }),
    ).toBeInTheDocument();

    await user.click(within(list).getByText('missing.md'));
    expect(
      await screen.findByText('/srv/catalog/runbooks/missing.md was not found'),
    ).toBeInTheDocument();
    expect(screen.getByText('From the repository')).toBeInTheDocument();
  });

  it('opens the runbook a search result links to', async () => {
    serve([
      runbook({}),
      runbook({ id: 'rb-2', title: 'Kafka lag', markdown: '## Consumer lag' }),
    ]);
    await render('/?runbook=rb-2');
    expect(
      await screen.findByRole('heading', { name: 'Consumer lag' }),
    ).toBeInTheDocument();
  });

  it('searches within the runbooks', async () => {
    const { asked } = serve([
      runbook({}),
      runbook({ id: 'rb-2', title: 'Kafka lag', markdown: 'consumer' }),
    ]);
    await render();
    await screen.findAllByText('Kafka lag');
    await user.type(screen.getByLabelText('Search runbooks'), 'consumer');
    await waitFor(() =>
      expect(asked[asked.length - 1].get('q')).toBe('consumer'),
    );
    const list = screen.getByRole('list', { name: 'Runbooks' });
    await waitFor(() =>
      expect(within(list).queryByText('Payments timeouts')).toBeNull(),
    );
    expect(within(list).getByText('Kafka lag')).toBeInTheDocument();
  });

  it('writes a runbook, showing what the backend refused', async () => {
    const { posted } = serve([]);
    await render();
    await screen.findByText(/No runbooks yet/);

    await user.click(screen.getByRole('button', { name: 'New runbook' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Title/), 'Broken');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('entityRefs: not in the catalog: x'),
    ).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText(/Title/));
    await user.type(within(dialog).getByLabelText(/Title/), 'Kafka lag');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted[1]).toEqual({
      title: 'Kafka lag',
      markdown: expect.stringContaining('- [ ]'),
      entityRefs: [REF],
    });
    expect(
      await within(screen.getByRole('list', { name: 'Runbooks' })).findByText(
        'Kafka lag',
      ),
    ).toBeInTheDocument();
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve([runbook({})]);
    await render('/', guest);

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: ['button: Delete', 'button: Edit', 'button: New runbook'],
      // what is left changes nothing: the runbook to read
      enabled: ['button: Payments timeouts1 step'],
    });
  });
});
