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
import { scheduleFixture } from '../__testUtils__/oncallTestKit';
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

  /** A layer as the import leaves it: ending, and counting its 48-hour shifts from a handoff. */
  const imported = scheduleFixture(
    { id: 'sched-1', name: 'Data days', ownerRef: 'group:default/sre' },
    {
      name: 'Days',
      rotation: 'custom',
      shiftLengthHours: 48,
      handoffTime: '08:00',
      startsAt: '2027-03-01T00:00:00.000Z',
      anchorAt: '2027-02-10T07:00:00.000Z',
      endsAt: '2027-04-05T06:00:00.000Z',
    },
  );

  async function editImported(saved: ScheduleInput[]) {
    await renderWithIncidents(
      <ScheduleForm
        open
        schedule={imported}
        onClose={jest.fn()}
        onSave={async input => {
          saved.push(input);
        }}
      />,
      { catalog: [catalogEntity('Group', 'sre', 'SRE')] },
    );
    return screen.findByRole('dialog');
  }

  it('shows an imported layer’s end and anchor in the schedule’s zone and saves edits to them', async () => {
    const saved: ScheduleInput[] = [];
    const dialog = await editImported(saved);
    const ends = within(dialog).getByLabelText('Layer ends');
    const anchor = within(dialog).getByLabelText('Shifts count from');
    // Berlin wall clock: 08:00 on 5 April (summer time), 08:00 on 10 February (winter time)
    expect(ends).toHaveValue('2027-04-05T08:00');
    expect(anchor).toHaveValue('2027-02-10T08:00');

    await user.clear(ends);
    await user.type(ends, '2027-04-12T08:00');
    await user.clear(anchor);
    await user.type(anchor, '2027-02-11T20:00');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].layers[0]).toMatchObject({
      endsAt: '2027-04-12T08:00:00.000+02:00',
      anchorAt: '2027-02-11T20:00:00.000+01:00',
    });
  });

  it('drops the end when it is cleared, and the anchor when the rotation is no longer custom', async () => {
    const saved: ScheduleInput[] = [];
    const dialog = await editImported(saved);
    await user.clear(within(dialog).getByLabelText('Layer ends'));
    await user.click(within(dialog).getByLabelText('Rotation'));
    await user.click(await screen.findByRole('option', { name: 'Daily' }));
    expect(within(dialog).queryByLabelText('Shifts count from')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].layers[0]).not.toHaveProperty('endsAt');
    expect(saved[0].layers[0]).not.toHaveProperty('anchorAt');
  });

  it('refuses an end before the first shift, saying what to fix, and saves nothing', async () => {
    const saved: ScheduleInput[] = [];
    const dialog = await editImported(saved);
    const ends = within(dialog).getByLabelText('Layer ends');
    await user.clear(ends);
    await user.type(ends, '2027-02-20T08:00');
    expect(
      within(dialog).getByText(
        'The layer must end after its first shift starts',
      ),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('Fix the marked fields to save.'),
    ).toBeInTheDocument();
    expect(saved).toHaveLength(0);

    await user.clear(ends);
    await user.type(ends, '2027-05-01T08:00');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(1));
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
