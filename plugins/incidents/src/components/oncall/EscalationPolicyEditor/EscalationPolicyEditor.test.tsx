import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EscalationPolicyInput,
  oncallManagePermission,
} from '@lookout/plugin-incidents-common';
import {
  catalogEntity,
  denying,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { EscalationPolicyEditor } from './EscalationPolicyEditor';

describe('EscalationPolicyEditor', () => {
  const user = userEvent.setup({ delay: null });

  it('edits levels and their targets, and saves what it shows', async () => {
    const saved: EscalationPolicyInput[] = [];
    const closed = jest.fn();
    await renderWithIncidents(
      <EscalationPolicyEditor
        open
        schedules={[]}
        policy={{
          id: 'p1',
          name: 'Payments',
          ownerRef: 'group:default/payments-team',
          levels: [
            {
              delayMinutes: 0,
              targets: [{ type: 'user', userRef: 'user:default/ann' }],
            },
            { delayMinutes: 10, targets: [{ type: 'parent_oncall' }] },
          ],
          repeat: 1,
          derived: false,
          version: 2,
        }}
        onClose={closed}
        onSave={async input => {
          saved.push(input);
        }}
      />,
      {
        catalog: [
          catalogEntity('Group', 'payments-team', 'Payments'),
          catalogEntity('User', 'ann', 'Ann Lee'),
        ],
      },
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByRole('heading', { name: 'Edit escalation policy' }),
    ).toBeInTheDocument();

    // the second level pages the team's members instead of the parent's on-call
    const second = within(dialog).getByRole('group', { name: 'Level 2' });
    await user.click(within(second).getByLabelText('Page'));
    await user.click(
      await screen.findByRole('option', { name: "A team's members" }),
    );
    await user.click(within(second).getByLabelText('Team'));
    await user.click(await screen.findByRole('option', { name: /Payments/ }));
    const delay = within(second).getByLabelText(
      'Minutes after the previous level',
    );
    await user.clear(delay);
    await user.type(delay, '30');
    // and the first level's extra target is removed again
    const first = within(dialog).getByRole('group', { name: 'Level 1' });
    await user.click(within(first).getByRole('button', { name: 'Add target' }));
    await user.click(
      within(first).getAllByRole('button', { name: 'Remove target' })[1],
    );

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(closed).toHaveBeenCalled());
    expect(saved).toEqual([
      {
        name: 'Payments',
        ownerRef: 'group:default/payments-team',
        repeat: 1,
        levels: [
          {
            delayMinutes: 0,
            targets: [{ type: 'user', userRef: 'user:default/ann' }],
          },
          {
            delayMinutes: 30,
            targets: [
              {
                type: 'group_members',
                groupRef: 'group:default/payments-team',
              },
            ],
          },
        ],
      },
    ]);
  });

  it('disables Save, saying why, without incident.oncall.manage', async () => {
    await renderWithIncidents(
      <EscalationPolicyEditor
        open
        schedules={[]}
        onClose={jest.fn()}
        onSave={jest.fn()}
      />,
      { authorize: denying([oncallManagePermission]) },
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByTitle(
        'You may not manage on-call schedules and escalation policies',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
  });
});
