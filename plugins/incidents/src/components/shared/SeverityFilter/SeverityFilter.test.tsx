import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { SeverityFilter } from './SeverityFilter';

describe('SeverityFilter', () => {
  it('names severities as the portal configures them', async () => {
    await renderInTestApp(<SeverityFilter value={[]} onChange={() => {}} />, {
      config: {
        incidents: {
          severities: { SEV1: { name: 'Customer down' } },
        },
      },
    });
    expect(screen.getByRole('button', { name: 'SEV1' })).toHaveAttribute(
      'title',
      'Customer down',
    );
    // the others keep their defaults
    expect(screen.getByRole('button', { name: 'SEV2' })).toHaveAttribute(
      'title',
      'Major',
    );
  });
});
