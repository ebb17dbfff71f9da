import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RunbookSearchResultListItem } from './RunbookSearchResultListItem';

describe('RunbookSearchResultListItem', () => {
  it('links to the entity’s Runbooks tab and says where the runbook comes from', async () => {
    await renderInTestApp(
      <RunbookSearchResultListItem
        result={
          {
            title: 'Postgres',
            text: 'Check replication lag',
            location:
              '/catalog/default/resource/postgres-main/runbooks?runbook=ext-1',
            source: 'repository',
            entityRefs: ['resource:default/postgres-main'],
          } as any
        }
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: { text: 'Check <em>replication</em> lag' },
        }}
      />,
    );
    expect(screen.getByRole('link', { name: 'Postgres' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/postgres-main/runbooks?runbook=ext-1',
    );
    expect(screen.getByText('From the repository')).toBeInTheDocument();
    expect(
      screen.getByText('Runbook of resource:default/postgres-main'),
    ).toBeInTheDocument();
    expect(screen.getByText('replication')).toBeInTheDocument();
  });
});
