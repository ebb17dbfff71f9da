import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithIncidents } from '../../../__testUtils__/testApp';
import { statusComponentFixture } from '../../../__testUtils__/fixtures';
import { MaintenanceForm } from './MaintenanceForm';

const checkout = statusComponentFixture({ group: 'Shopping' });

describe('MaintenanceForm (status page)', () => {
  const user = userEvent.setup({ delay: null });

  const renderForm = (onSchedule: () => Promise<boolean>) =>
    renderWithIncidents(
      <MaintenanceForm
        components={[checkout]}
        busy={false}
        onSchedule={onSchedule}
      />,
    );

  async function fill(from: string, until: string) {
    await user.type(screen.getByLabelText(/Title/), 'Database upgrade');
    await user.type(
      screen.getByLabelText(/What customers should expect/),
      'A short read-only period.',
    );
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: from },
    });
    fireEvent.change(screen.getByLabelText('Until'), {
      target: { value: until },
    });
  }

  it('will not schedule a maintenance that ends before it starts', async () => {
    const onSchedule = jest.fn(async () => true);
    await renderForm(onSchedule);
    await fill('2030-03-01T22:00', '2030-03-01T21:00');

    expect(screen.getByText('Must be after the start')).toBeInTheDocument();
    expect(screen.getByLabelText('Until')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    const button = screen.getByRole('button', { name: 'Schedule' });
    expect(button).toBeDisabled();
    // Enter in a field submits the form even with the button disabled: still nothing is sent
    fireEvent.submit(
      screen.getByRole('form', { name: 'Schedule maintenance' }),
    );
    expect(onSchedule).not.toHaveBeenCalled();

    // an end equal to the start is no window either
    fireEvent.change(screen.getByLabelText('Until'), {
      target: { value: '2030-03-01T22:00' },
    });
    expect(screen.getByText('Must be after the start')).toBeInTheDocument();
    expect(button).toBeDisabled();

    // once the end is after the start, the error goes and the button works
    fireEvent.change(screen.getByLabelText('Until'), {
      target: { value: '2030-03-01T23:30' },
    });
    expect(
      screen.queryByText('Must be after the start'),
    ).not.toBeInTheDocument();
    expect(button).toBeEnabled();
  });

  it('sends the window as ISO instants and clears once it is scheduled', async () => {
    const onSchedule = jest.fn(async () => true);
    await renderForm(onSchedule);
    await fill('2030-03-01T22:00', '2030-03-01T23:30');
    await user.click(screen.getByRole('checkbox', { name: 'Checkout' }));
    await user.click(screen.getByRole('button', { name: 'Schedule' }));

    await waitFor(() => expect(onSchedule).toHaveBeenCalledTimes(1));
    expect(onSchedule).toHaveBeenCalledWith({
      name: 'Database upgrade',
      body: 'A short read-only period.',
      // datetime-local inputs are local time; the backend gets the instant
      scheduledFor: new Date('2030-03-01T22:00').toISOString(),
      scheduledUntil: new Date('2030-03-01T23:30').toISOString(),
      componentIds: ['c1'],
    });
    await waitFor(() => expect(screen.getByLabelText(/Title/)).toHaveValue(''));
    expect(
      screen.getByRole('checkbox', { name: 'Checkout' }),
    ).not.toBeChecked();
  });

  it('keeps what was typed when the backend refuses', async () => {
    const onSchedule = jest.fn(async () => false);
    await renderForm(onSchedule);
    await fill('2030-03-01T22:00', '2030-03-01T23:30');
    await user.click(screen.getByRole('button', { name: 'Schedule' }));

    await waitFor(() => expect(onSchedule).toHaveBeenCalledTimes(1));
    expect(screen.getByLabelText(/Title/)).toHaveValue('Database upgrade');
    expect(screen.getByLabelText('Until')).toHaveValue('2030-03-01T23:30');
  });
});
