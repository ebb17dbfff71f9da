import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Route, Routes } from 'react-router-dom';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { postmortemManagePermission } from '@lookout/plugin-incidents-common';
import {
  baseUrl,
  denying,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import {
  postmortemFixture,
  postmortemSummaryFixture,
} from '../../../__testUtils__/fixtures';
import { WritePostmortemButton } from './WritePostmortemButton';

describe('WritePostmortemButton', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  const render = (
    status: 'resolved' | 'investigating',
    options: Pick<
      Parameters<typeof renderWithIncidents>[1] & {},
      'authorize'
    > = {},
  ) =>
    renderWithIncidents(
      <ReactRouterV6PageRouter>
        <Routes>
          <Route
            path="/"
            element={
              <WritePostmortemButton incident={incidentFixture({ status })} />
            }
          />
          <Route
            path="/postmortems/:postmortemId"
            element={<p>the editor</p>}
          />
        </Routes>
      </ReactRouterV6PageRouter>,
      {
        mountPath: '/incidents',
        initialRouteEntries: ['/incidents'],
        ...options,
      },
    );

  it('starts a postmortem for a resolved incident and opens it', async () => {
    const created: unknown[] = [];
    server.use(
      http.get(`${baseUrl}/postmortems`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.post(`${baseUrl}/postmortems`, async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json(postmortemFixture({ id: 'pm-7' }), {
          status: 201,
        });
      }),
    );
    await render('resolved');
    await user.click(
      await screen.findByRole('button', { name: 'Write postmortem' }),
    );
    expect(await screen.findByText('the editor')).toBeInTheDocument();
    expect(created).toEqual([{ incidentId: 'INC-1' }]);
  });

  it('opens the existing one instead of starting a second', async () => {
    server.use(
      http.get(`${baseUrl}/postmortems`, ({ request }) =>
        HttpResponse.json({
          items:
            new URL(request.url).searchParams.get('incidentId') === 'INC-1'
              ? [postmortemSummaryFixture()]
              : [],
        }),
      ),
    );
    await render('resolved');
    await user.click(
      await screen.findByRole('button', { name: 'Open postmortem' }),
    );
    expect(await screen.findByText('the editor')).toBeInTheDocument();
  });

  it('offers nothing while the incident is still open', async () => {
    await render('investigating');
    expect(screen.queryByRole('button', { name: /postmortem/ })).toBeNull();
  });

  it('disables starting one, saying why, without incident.postmortem.manage', async () => {
    server.use(
      http.get(`${baseUrl}/postmortems`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await render('resolved', {
      authorize: denying([postmortemManagePermission]),
    });

    expect(
      await screen.findByTitle('You may not write postmortems'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Write postmortem' }),
    ).toBeDisabled();
  });
});
