import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  Postmortem,
  postmortemManagePermission,
} from '@lookout/plugin-incidents-common';
import { expectGuestControls, guest } from '../../../__testUtils__/guest';
import {
  baseUrl,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import {
  actionItemFixture,
  postmortemFixture,
} from '../../../__testUtils__/fixtures';
import { PostmortemEditor } from './PostmortemEditor';
import { PostmortemsPage } from '../PostmortemsPage';
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

// a whole page with tables and Markdown renders slowly on a shared machine
jest.setTimeout(90_000);

describe('PostmortemEditor', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Serves one postmortem; a PUT of a section from a stale version gets the backend's 409. */
  function serve(postmortem: Postmortem) {
    const state = { postmortem, puts: [] as Array<{ key: string; body: any }> };
    server.use(
      http.get(`${baseUrl}/postmortems/:id`, () =>
        HttpResponse.json(state.postmortem),
      ),
      http.put(
        `${baseUrl}/postmortems/:id/sections/:key`,
        async ({ params, request }) => {
          const body = (await request.json()) as {
            body: string;
            version: number;
          };
          const key = String(params.key);
          state.puts.push({ key, body });
          const current = state.postmortem.sections.find(s => s.key === key)!;
          if (body.version !== current.version) {
            return HttpResponse.json(
              {
                error: {
                  name: 'ConflictError',
                  message: `Section '${current.title}' (${key}) was changed by user:default/bob`,
                },
              },
              { status: 409 },
            );
          }
          const saved = {
            ...current,
            body: body.body,
            version: current.version + 1,
          };
          state.postmortem = {
            ...state.postmortem,
            sections: state.postmortem.sections.map(s =>
              s.key === key ? saved : s,
            ),
          };
          return HttpResponse.json(saved);
        },
      ),
    );
    return state;
  }

  const render = (authorize?: ReturnType<typeof denying>) =>
    renderWithIncidents(postmortemRoutes, {
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents/postmortems/pm-1'],
      authorize,
    });

  it('shows the written sections, the timeline from the incident and the action items', async () => {
    serve(
      postmortemFixture({
        actionItems: [actionItemFixture()],
      }),
    );
    await render();
    expect(
      await screen.findByRole('heading', {
        name: 'Postmortem: Checkout returns 500s',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Checkout failed for an hour.'),
    ).toBeInTheDocument();
    // an empty section shows its prompt
    expect(screen.getByText('The underlying cause')).toBeInTheDocument();
    expect(screen.getByText(/declared the incident/)).toBeInTheDocument();
    expect(screen.getByText('Alert on pool saturation')).toBeInTheDocument();
    expect(screen.getByText(/\(overdue\)/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Submit for review' }),
    ).toBeEnabled();
  });

  it('saves a section from the version it started at, and shows a merge on a conflict', async () => {
    const state = serve(postmortemFixture());
    await render();
    await user.click(
      await screen.findByRole('button', { name: 'Edit Root cause' }),
    );
    const input = screen.getByRole('textbox', { name: 'Root cause' });
    await user.click(input);
    await user.paste('Pool size 4');

    // meanwhile someone else saves the same section
    const theirs = {
      ...state.postmortem.sections[2],
      body: 'Their cause',
      version: 2,
      updatedBy: 'user:default/bob',
    };
    state.postmortem = {
      ...state.postmortem,
      sections: [
        state.postmortem.sections[0],
        state.postmortem.sections[1],
        theirs,
      ],
    };
    await user.click(screen.getByRole('button', { name: 'Save Root cause' }));

    const alert = await screen.findByText(/was changed by user:default\/bob/);
    const panel = alert.closest('[role="alert"]') as HTMLElement;
    expect(within(panel).getByLabelText('Their Root cause')).toHaveTextContent(
      'Their cause',
    );
    // the writer's text is kept in the editor until they choose
    expect(screen.getByRole('textbox', { name: 'Root cause' })).toHaveValue(
      'Pool size 4',
    );
    await user.click(
      within(panel).getByRole('button', {
        name: 'Merged: save against their version',
      }),
    );
    await user.clear(screen.getByRole('textbox', { name: 'Root cause' }));
    await user.click(screen.getByRole('textbox', { name: 'Root cause' }));
    await user.paste('Their cause, and pool size 4');
    await user.click(screen.getByRole('button', { name: 'Save Root cause' }));

    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Save Root cause' }),
      ).toBeNull(),
    );
    expect(state.puts.map(p => [p.key, p.body.version])).toEqual([
      ['root_cause', 1],
      ['root_cause', 2],
    ]);
    expect(
      await screen.findByText('Their cause, and pool size 4'),
    ).toBeInTheDocument();
  });

  it('is read-only, saying why, without incident.postmortem.manage', async () => {
    serve(postmortemFixture({ actionItems: [actionItemFixture()] }));
    await render(denying([postmortemManagePermission]));

    expect(
      await screen.findByText(/^You may not write postmortems/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Checkout failed for an hour.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit Root cause' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Submit for review' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Delete Alert on pool saturation' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Add action item' }),
    ).toBeDisabled();
  });

  it('shows a guest no control that would change anything, and says why', async () => {
    serve(postmortemFixture({ actionItems: [actionItemFixture()] }));
    await render(guest);

    await expectGuestControls({
      // every control that changes something is there, disabled with the backend's reason
      refused: [
        'button: Add',
        'button: Add action item',
        'button: Delete Alert on pool saturation',
        'button: Publish',
        'button: Submit for review',
      ],
      // what is left changes nothing: the export, and the people pickers of forms that cannot
      // be sent
      enabled: ['button: Export Markdown', 'button: Open', 'button: Open'],
    });
  });
});
