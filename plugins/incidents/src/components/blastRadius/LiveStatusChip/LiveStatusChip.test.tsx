import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { LIVE_STATUSES } from '@lookout/plugin-incidents-common';
import { LiveStatusChip } from './LiveStatusChip';

describe('LiveStatusChip', () => {
  it('names every status for people and colours each one differently', async () => {
    await renderInTestApp(
      <>
        {LIVE_STATUSES.map(status => (
          <LiveStatusChip key={status} status={status} />
        ))}
      </>,
    );
    const labels = [
      'Operational',
      'Under maintenance',
      'Degraded performance',
      'Partial outage',
      'Major outage',
    ];
    const chips = labels.map(label => screen.getByText(label).parentElement!);
    const colours = new Set(chips.map(chip => chip.className));
    expect(colours.size).toBe(labels.length);
  });
});
