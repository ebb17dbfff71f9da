import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { postmortemSummaryFixture } from '../../../__testUtils__/fixtures';
import { PostmortemEditor } from '../PostmortemEditor';
import { PostmortemsPage } from './PostmortemsPage';
import { Route, Routes } from 'react-router-dom';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';

/** The postmortem routes of the global page, as its Router mounts them. */
const postmortemRoutes = (
  <ReactRouterV6PageRouter>
    <Routes>
      <Route path="/postmortems" element={<PostmortemsPage />} />
      <Route path="/postmortems/:postmortemId" element={<PostmortemEditor />} />
    </Routes>
  </ReactRouterV6PageRouter>
);

describe('PostmortemsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  it('lists postmortems under the Incidents page and searches on the server', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/postmortems`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        asked.push(params);
        const items = params.get('q')
          ? []
          : [
              postmortemSummaryFixture({
                causeCategory: 'bad-deploy',
                tags: ['deploy'],
              }),
            ];
        return HttpResponse.json({ items });
      }),
    );
    await renderWithIncidents(postmortemRoutes, {
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents/postmortems'],
    });
    expect(
      await screen.findByRole('link', {
        name: 'Postmortem: Checkout returns 500s',
      }),
    ).toHaveAttribute('href', '/incidents/postmortems/pm-1');
    expect(
      screen.getByRole('tab', { name: 'Postmortems', selected: true }),
    ).toBeInTheDocument();
    expect(screen.getByText('bad-deploy')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Search'), 'connection pool');
    expect(
      await screen.findByText('No postmortems match these filters.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(asked.some(p => p.get('q') === 'connection pool')).toBe(true),
    );
    await user.click(screen.getByRole('button', { name: 'SEV1' }));
    await waitFor(() =>
      expect(asked[asked.length - 1].get('severity')).toBe('SEV1'),
    );
  });
});
