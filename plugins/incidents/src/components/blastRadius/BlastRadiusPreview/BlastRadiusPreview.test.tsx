import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { BlastRadius } from '@lookout/plugin-incidents-common';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { BlastRadiusPreview } from './BlastRadiusPreview';

const origin = 'component:default/checkout-service';

function radius(overrides: Partial<BlastRadius> = {}): BlastRadius {
  return {
    entityRef: origin,
    direction: 'downstream',
    maxDepth: 6,
    limit: 1000,
    impacted: [],
    through: [],
    total: 7,
    hidden: 0,
    systems: [],
    domains: [],
    owners: ['group:default/checkout-team', 'group:default/web-team'],
    customerFacing: ['component:default/web', 'api:default/checkout-api'],
    missing: [],
    cutoff: false,
    ...overrides,
  };
}

describe('BlastRadiusPreview', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve(answer: () => BlastRadius | Response) {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/blast-radius`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        const result = answer();
        return result instanceof Response ? result : HttpResponse.json(result);
      }),
    );
    return { asked };
  }

  it('counts what the origin hurts downstream and names the teams to be told', async () => {
    const { asked } = serve(() => radius());
    await renderWithIncidents(<BlastRadiusPreview entityRef={origin} />);

    expect(
      await screen.findByText('7 entities impacted · 2 customer-facing'),
    ).toBeInTheDocument();
    const teams = screen.getByText(/^Teams who will be told:/);
    expect(teams).toHaveTextContent(
      'Teams who will be told: checkout-team, web-team',
    );
    expect(
      within(teams).getByRole('link', { name: 'web-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/web-team');
    expect(Object.fromEntries(asked[0])).toEqual({
      entityRef: origin,
      direction: 'downstream',
    });
  });

  it('marks a count that a limit cut short', async () => {
    serve(() => radius({ total: 1000, cutoff: true, owners: [] }));
    await renderWithIncidents(<BlastRadiusPreview entityRef={origin} />);
    expect(
      await screen.findByText('1000+ entities impacted · 2 customer-facing'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Teams who will be told: none in the catalog'),
    ).toBeInTheDocument();
  });

  it('says in a small note when it cannot be worked out', async () => {
    serve(() =>
      HttpResponse.json(
        {
          error: { name: 'Error', message: 'graph not loaded' },
          response: { statusCode: 503 },
        },
        { status: 503 },
      ),
    );
    await renderWithIncidents(<BlastRadiusPreview entityRef={origin} />);
    expect(
      await screen.findByText(
        'The blast radius could not be worked out (graph not loaded). You can still declare.',
      ),
    ).toBeInTheDocument();
  });
});
