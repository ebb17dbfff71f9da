import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  integrationFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { Actor } from './Actor';

describe('Actor', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('names an alert integration, with one read of the list for every actor on the page', async () => {
    let reads = 0;
    server.use(
      http.get(`${baseUrl}/integrations`, () => {
        reads++;
        return HttpResponse.json({
          items: [
            integrationFixture({ id: 'int-7', name: 'Prometheus (prod)' }),
          ],
        });
      }),
    );
    await renderWithIncidents(
      <>
        <p>
          <Actor entityRef="integration:int-7" /> declared it
        </p>
        <p>
          <Actor entityRef="integration:int-7" /> attached an alert
        </p>
      </>,
    );
    expect(
      await screen.findByText('the Prometheus (prod) integration declared it'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('the Prometheus (prod) integration attached an alert'),
    ).toBeInTheDocument();
    expect(reads).toBe(1);
  });

  it('falls back to words when the integration cannot be named', async () => {
    server.use(
      http.get(`${baseUrl}/integrations`, () =>
        HttpResponse.json({ error: { message: 'nope' } }, { status: 403 }),
      ),
    );
    await renderWithIncidents(
      <p>
        <Actor entityRef="integration:int-9" /> declared it
      </p>,
    );
    expect(
      await screen.findByText('an alert integration declared it'),
    ).toBeInTheDocument();
  });
});
