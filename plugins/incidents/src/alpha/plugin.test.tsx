import { Entity } from '@backstage/catalog-model';
import plugin from './plugin';
import { isIncidentsAvailable } from '../conditions';

describe('incidents plugin (new frontend system)', () => {
  it('provides the API and the entity Incidents tab', () => {
    expect(plugin.pluginId).toBe('incidents');
    expect(plugin.getExtension('api:incidents')).toBeDefined();
    expect(plugin.getExtension('entity-content:incidents')).toBeDefined();
  });

  it('offers the Incidents tab on components and resources but not on users', () => {
    const of = (kind: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
    });
    expect(isIncidentsAvailable(of('Component'))).toBe(true);
    expect(isIncidentsAvailable(of('Resource'))).toBe(true);
    expect(isIncidentsAvailable(of('User'))).toBe(false);
    expect(isIncidentsAvailable(of('Group'))).toBe(false);
  });
});
