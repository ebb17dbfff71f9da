import { screen } from '@testing-library/react';
import { renderWithIncidents } from '../../../__testUtils__/testApp';
import { ImpactPath, formatImpactPath } from './ImpactPath';

describe('ImpactPath', () => {
  const path = [
    {
      entityRef: 'component:payments/ledger',
      relation: 'dependencyOf' as const,
    },
    { entityRef: null, relation: 'partOf' as const },
  ];

  it('links every entity it can and names the relation of every hop', async () => {
    await renderWithIncidents(
      <ImpactPath from="resource:default/postgres-main" path={path} />,
    );
    expect(screen.getByRole('link', { name: 'postgres-main' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/postgres-main',
    );
    expect(screen.getByRole('link', { name: /ledger/ })).toHaveAttribute(
      'href',
      '/catalog/payments/component/ledger',
    );
    expect(screen.getByText('an entity you cannot see')).toBeInTheDocument();
    expect(screen.getByText(/dependency of/)).toBeInTheDocument();
    expect(screen.getByText(/part of/)).toBeInTheDocument();
  });

  it('reads as one line of text, with namespaces only where they are not the default', () => {
    expect(formatImpactPath('resource:default/postgres-main', path)).toBe(
      'resource:postgres-main –dependency of→ component:payments/ledger –part of→ an entity you cannot see',
    );
  });
});
