import { render, screen, within } from '@testing-library/react';
import { ScheduleShiftsResponse } from '@lookout/plugin-incidents-common';
import { ScheduleTimeline } from './ScheduleTimeline';

const shift = (
  userRef: string,
  startsAt: string,
  endsAt: string,
  source: string,
) => ({
  scheduleId: 's1',
  userRef,
  startsAt,
  endsAt,
  source,
});

const data: ScheduleShiftsResponse = {
  from: '2026-06-01T00:00:00.000Z',
  to: '2026-06-03T00:00:00.000Z',
  layers: [
    {
      name: 'Daily',
      shifts: [
        shift(
          'user:default/ann',
          '2026-05-31T07:00:00.000Z',
          '2026-06-01T07:00:00.000Z',
          'Daily',
        ),
        shift(
          'user:default/bob',
          '2026-06-01T07:00:00.000Z',
          '2026-06-02T07:00:00.000Z',
          'Daily',
        ),
      ],
    },
  ],
  overrides: [
    {
      id: 'o1',
      userRef: 'user:default/cy',
      startsAt: '2026-06-01T12:00:00.000Z',
      endsAt: '2026-06-01T18:00:00.000Z',
      createdBy: 'user:default/ann',
    },
  ],
  final: [
    shift(
      'user:default/bob',
      '2026-06-01T07:00:00.000Z',
      '2026-06-01T12:00:00.000Z',
      'Daily',
    ),
    shift(
      'user:default/cy',
      '2026-06-01T12:00:00.000Z',
      '2026-06-01T18:00:00.000Z',
      'override',
    ),
  ],
};

describe('ScheduleTimeline', () => {
  it('draws one row per layer, the overrides and the final on-call, placed in time', () => {
    render(
      <ScheduleTimeline
        shifts={data}
        timeZone="Europe/Berlin"
        names={{ 'user:default/bob': 'Bob Ray' }}
      />,
    );
    expect(
      screen.getAllByRole('list').map(l => l.getAttribute('aria-label')),
    ).toEqual(['Daily', 'Overrides', 'On call']);
    const layer = within(screen.getByRole('list', { name: 'Daily' }));
    // ann's shift began before the range: drawn from its left edge, 7 of 48 hours wide
    const ann = layer.getByRole('listitem', {
      name: 'ann, Sun 31 May 09:00 – Mon 1 Jun 09:00',
    });
    expect(ann).toHaveStyle({ left: '0%' });
    expect(parseFloat(ann.style.width)).toBeCloseTo((7 / 48) * 100, 5);

    const final = within(screen.getByRole('list', { name: 'On call' }));
    const bob = final.getByRole('listitem', {
      name: 'Bob Ray, Mon 1 Jun 09:00 – Mon 1 Jun 14:00',
    });
    expect(parseFloat(bob.style.left)).toBeCloseTo((7 / 48) * 100, 5);
    expect(
      final.getByRole('listitem', {
        name: 'cy, Mon 1 Jun 14:00 – Mon 1 Jun 20:00 (override)',
      }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Overrides' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(1);
  });
});
