import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Schedule, ScheduleLayer } from '@lookout/plugin-incidents-common';

/**
 * The on-call tests' schedule: "Checkout primary" of the checkout team in Berlin, one weekly
 * layer with Ann; `overrides` and `layer` change what a test needs.
 */
export function scheduleFixture(
  overrides: Partial<Schedule> = {},
  layer: Partial<ScheduleLayer> = {},
): Schedule {
  return {
    id: 's1',
    name: 'Checkout primary',
    ownerRef: 'group:default/checkout-team',
    timeZone: 'Europe/Berlin',
    layers: [
      {
        name: 'Weekly',
        rotation: 'weekly',
        handoffDay: 1,
        handoffTime: '09:00',
        startsAt: '2026-01-05T08:00:00.000Z',
        members: ['user:default/ann'],
        restrictions: [],
        ...layer,
      },
    ],
    overrides: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/**
 * What an on-call page test needs, called inside its `describe`: an msw server reset around
 * each test, a user that types without delay, and a wait for a button the permission backend
 * has let be pressed (it is disabled until then).
 */
export function oncallPageTest() {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });
  async function enabledButton(name: string) {
    const button = await screen.findByRole('button', { name });
    await waitFor(() => expect(button).toBeEnabled());
    return button;
  }
  return { server, user, enabledButton };
}
