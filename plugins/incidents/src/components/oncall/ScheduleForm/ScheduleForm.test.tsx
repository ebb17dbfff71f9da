import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  oncallManagePermission,
  ScheduleInput,
} from '@lookout/plugin-incidents-common';
import {
  catalogEntity,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { ScheduleForm } from './ScheduleForm';

describe('ScheduleForm', () => {
  const user = userEvent.setup({ delay: null });

  it('offers the fields each rotation needs, and shows the backend’s refusal', async () => {
    const saved: ScheduleInput[] = [];
    await renderWithIncidents(
      <ScheduleForm
        open
        ownerRef="group:default/sre"
        onClose={jest.fn()}
        onSave={async input => {
          saved.push(input);
          throw new Error('layers[0]: a layer needs at least one member');
        }}
      />,
      { catalog: [catalogEntity('Group', 'sre', 'SRE')] },
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Handoff day')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Shift length (hours)')).toBeNull();

    await user.click(within(dialog).getByLabelText('Rotation'));
    await user.click(
      await screen.findByRole('option', { name: 'Custom shift length' }),
    );
    expect(within(dialog).queryByLabelText('Handoff day')).toBeNull();
    const hours = within(dialog).getByLabelText('Shift length (hours)');
    await user.clear(hours);
    await user.type(hours, '12');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Follow the sun');
    await user.click(within(dialog).getByRole('button', { name: 'Add layer' }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Remove layer 2' }),
    );

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'layers[0]: a layer needs at least one member',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({
      name: 'Follow the sun',
      ownerRef: 'group:default/sre',
      layers: [
        {
          name: 'Primary',
          rotation: 'custom',
          shiftLengthHours: 12,
          handoffTime: '09:00',
          members: [],
        },
      ],
    });
    expect(saved[0].layers[0]).not.toHaveProperty('handoffDay');
  });

  it('disables Save, saying why, without incident.oncall.manage', async () => {
    const saved: ScheduleInput[] = [];
    await renderWithIncidents(
      <ScheduleForm
        open
        ownerRef="group:default/sre"
        onClose={jest.fn()}
        onSave={async input => {
          saved.push(input);
        }}
      />,
      {
        catalog: [catalogEntity('Group', 'sre', 'SRE')],
        authorize: denying([oncallManagePermission]),
      },
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByTitle(
        'You may not manage on-call schedules and escalation policies',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toBeEnabled();
    expect(saved).toHaveLength(0);
  });
});
