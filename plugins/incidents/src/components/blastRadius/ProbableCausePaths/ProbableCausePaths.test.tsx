import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { causePathSteps, ProbableCausePaths } from './ProbableCausePaths';

const origin = 'component:default/storefront-web';

describe('ProbableCausePaths', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('names each hop of a cause path, an API consumed and then provided', () => {
    expect(
      causePathSteps([
        'api:default/orders-api',
        'component:default/orders',
        'resource:default/db',
      ]),
    ).toEqual([
      { entityRef: 'api:default/orders-api', relation: 'consumesApi' },
      { entityRef: 'component:default/orders', relation: 'apiProvidedBy' },
      { entityRef: 'resource:default/db', relation: 'dependsOn' },
    ]);
  });

  it("shows the paths to the probable causes of the entity's open incidents", async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          items: [
            { id: 'INC-7', title: 'Checkout fails', entityRef: origin },
            // listed because it impacts the entity, but it started elsewhere
            {
              id: 'INC-8',
              title: 'Search slow',
              entityRef: 'component:default/search',
            },
          ],
          nextCursor: null,
        });
      }),
      http.get(`${baseUrl}/incidents/INC-7/triage`, () =>
        HttpResponse.json({
          causes: [
            {
              id: 'cause:resource:default/db',
              entityRef: 'resource:default/db',
              distance: 2,
              path: [
                'api:default/orders-api',
                'component:default/orders',
                'resource:default/db',
              ],
              score: 3.75,
              reasons: [],
              ownerRef: null,
            },
            {
              id: `cause:${origin}`,
              entityRef: origin,
              distance: 0,
              path: [],
              score: 0.4,
              reasons: [],
              ownerRef: null,
            },
          ],
        }),
      ),
    );
    await renderWithIncidents(<ProbableCausePaths entityRef={origin} />);

    expect(
      await screen.findByText('Probable causes of its open incidents'),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-7')).toBeInTheDocument();
    expect(screen.queryByText('INC-8')).not.toBeInTheDocument();
    const first = screen.getByText(/^1\. /).closest('li')!;
    expect(first.textContent).toMatch(
      /storefront-web –consumes→ .*orders-api –provided by→ .*orders –depends on→ .*db · score 3\.75/,
    );
    expect(screen.getByText(/^2\. /).closest('li')!.textContent).toMatch(
      /storefront-web itself \(the origin\) · score 0\.4/,
    );
    expect(asked[0].get('status')).toBe(
      'triage,investigating,identified,monitoring',
    );
  });
});
