import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  incidentResolvePermission,
  incidentUpdatePermission,
} from '@lookout/plugin-incidents-common';
import {
  denying,
  incidentFixture,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { IncidentActions } from './IncidentActions';

describe('IncidentActions', () => {
  const user = userEvent.setup({ delay: null });
  // nothing is run in these tests: they are about what is offered, not what it does
  const run = async () => true;
  const open = incidentFixture({
    status: 'investigating',
    acknowledgedAt: null,
    resolvedAt: null,
  });

  it('offers every action to someone who may change the incident', async () => {
    await renderWithIncidents(
      <IncidentActions incident={open} run={run} busy={false} />,
    );
    for (const name of ['Acknowledge', 'Change status', 'Change severity']) {
      await waitFor(() =>
        expect(screen.getByRole('button', { name })).toBeEnabled(),
      );
    }
    expect(screen.queryByTestId('permission-denied')).not.toBeInTheDocument();
  });

  it('disables the actions, saying why, without incident.update on this incident', async () => {
    await renderWithIncidents(
      <IncidentActions incident={open} run={run} busy={false} />,
      { authorize: denying([incidentUpdatePermission], 'INC-1') },
    );
    const reasons = await screen.findAllByTitle(
      'You may not change this incident',
    );
    expect(reasons).toHaveLength(3);
    for (const name of ['Acknowledge', 'Change status', 'Change severity']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
  });

  it('asks about this incident, not incidents in general', async () => {
    await renderWithIncidents(
      <IncidentActions incident={open} run={run} busy={false} />,
      // refused on another incident only
      { authorize: denying([incidentUpdatePermission], 'INC-2') },
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Change status' }),
      ).toBeEnabled(),
    );
  });

  it('disables only the ending moves without incident.resolve', async () => {
    await renderWithIncidents(
      <IncidentActions incident={open} run={run} busy={false} />,
      { authorize: denying([incidentResolvePermission]) },
    );
    const changeStatus = screen.getByRole('button', { name: 'Change status' });
    await waitFor(() => expect(changeStatus).toBeEnabled());
    await user.click(changeStatus);
    const menu = screen.getByRole('menu');
    await waitFor(() =>
      expect(
        within(menu).getByRole('menuitem', { name: 'resolved' }),
      ).toHaveAttribute('aria-disabled', 'true'),
    );
    // resolving and merging end the incident; both say why they are refused
    expect(
      within(menu).getAllByTitle(
        'You may not resolve, close, decline or merge this incident',
      ),
    ).toHaveLength(2);
    expect(
      within(menu).getByRole('menuitem', { name: 'merged' }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(
      within(menu).getByRole('menuitem', { name: 'monitoring' }),
    ).toHaveAttribute('aria-disabled', 'false');
  });

  it('says so when the permission check itself fails, rather than offering the action', async () => {
    await renderWithIncidents(
      <IncidentActions incident={open} run={run} busy={false} />,
      {
        authorize: () => {
          throw new Error('permission backend unreachable');
        },
      },
    );
    expect(
      await screen.findAllByTitle(
        'Could not check whether you may do this: permission backend unreachable',
      ),
    ).toHaveLength(3);
    expect(
      screen.getByRole('button', { name: 'Change status' }),
    ).toBeDisabled();
  });
});
