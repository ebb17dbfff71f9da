import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  maintenanceFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { MaintenanceWindow } from '@lookout/plugin-incidents-common';
import { MaintenanceWindows } from './MaintenanceWindows';

const entityRef = 'component:default/checkout-service';

describe('MaintenanceWindows', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  /** Keeps windows as the backend would; returns what was asked and sent. */
  function serve(initial: MaintenanceWindow[]) {
    const state = {
      windows: initial,
      asked: [] as URLSearchParams[],
      created: [] as unknown[],
      deleted: [] as string[],
    };
    server.use(
      http.get(`${baseUrl}/maintenance-windows`, ({ request }) => {
        state.asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: state.windows });
      }),
      http.post(`${baseUrl}/maintenance-windows`, async ({ request }) => {
        const body = (await request.json()) as MaintenanceWindow;
        state.created.push(body);
        const window = maintenanceFixture({ ...body, id: 'mw-2' });
        state.windows = [...state.windows, window];
        return HttpResponse.json(window, { status: 201 });
      }),
      http.delete(`${baseUrl}/maintenance-windows/:id`, ({ params }) => {
        state.deleted.push(params.id as string);
        state.windows = state.windows.filter(w => w.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    return state;
  }

  it('lists the entity’s windows and schedules a new one', async () => {
    const state = serve([maintenanceFixture()]);
    await renderWithIncidents(<MaintenanceWindows entityRef={entityRef} />);

    expect(await screen.findByText('Database upgrade')).toBeInTheDocument();
    expect(state.asked[0].get('entityRef')).toBe(entityRef);

    fireEvent.change(screen.getByLabelText('Starts'), {
      target: { value: '2030-03-01T22:00' },
    });
    fireEvent.change(screen.getByLabelText('Ends'), {
      target: { value: '2030-03-01T23:30' },
    });
    await user.type(screen.getByLabelText(/Reason/), 'Kernel patching');
    await user.click(
      screen.getByRole('button', { name: 'Schedule maintenance' }),
    );

    expect(await screen.findByText('Kernel patching')).toBeInTheDocument();
    expect(state.created).toEqual([
      {
        entityRef,
        // datetime-local inputs are local time; the backend gets the instant.
        startsAt: new Date('2030-03-01T22:00').toISOString(),
        endsAt: new Date('2030-03-01T23:30').toISOString(),
        reason: 'Kernel patching',
      },
    ]);
    expect(screen.getByLabelText(/Reason/)).toHaveValue('');
  });

  it('will not schedule a window that ends before it starts', async () => {
    const state = serve([]);
    await renderWithIncidents(<MaintenanceWindows entityRef={entityRef} />);
    await screen.findByText('No maintenance scheduled.');

    fireEvent.change(screen.getByLabelText('Starts'), {
      target: { value: '2030-03-01T22:00' },
    });
    fireEvent.change(screen.getByLabelText('Ends'), {
      target: { value: '2030-03-01T21:00' },
    });
    await user.type(screen.getByLabelText(/Reason/), 'Oops');

    expect(screen.getByText('Must be after the start')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Schedule maintenance' }),
    ).toBeDisabled();
    expect(state.created).toEqual([]);
  });

  it('deletes a window, and shows the backend’s refusal', async () => {
    const state = serve([
      maintenanceFixture(),
      maintenanceFixture({ id: 'mw-3', reason: 'Failover drill' }),
    ]);
    await renderWithIncidents(<MaintenanceWindows entityRef={entityRef} />);

    await user.click(
      await screen.findByRole('button', {
        name: 'Delete maintenance window: Database upgrade',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('Database upgrade')).not.toBeInTheDocument(),
    );
    expect(state.deleted).toEqual(['mw-1']);

    server.use(
      http.delete(`${baseUrl}/maintenance-windows/:id`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'You may not delete this window',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await user.click(
      screen.getByRole('button', {
        name: 'Delete maintenance window: Failover drill',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^You may not delete this window$/,
    );
    expect(
      within(
        screen.getByRole('list', { name: 'Maintenance windows' }),
      ).getByText('Failover drill'),
    ).toBeInTheDocument();
  });
});
