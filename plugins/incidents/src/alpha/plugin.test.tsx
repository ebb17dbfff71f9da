import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin from './plugin';
import { incidentsApiRef } from '../api/incidents';
import { isIncidentsAvailable } from '../conditions';
import {
  alertInboxRouteRef,
  integrationsRouteRef,
  rootRouteRef,
} from '../routes';

const of = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('incidents plugin (new frontend system)', () => {
  it('provides the API, the page, the entity tabs and the cards', () => {
    expect(plugin.pluginId).toBe('incidents');
    expect(plugin.getExtension('api:incidents')).toBeDefined();
    expect(plugin.getExtension('page:incidents')).toBeDefined();
    expect(plugin.getExtension('entity-content:incidents')).toBeDefined();
    expect(plugin.getExtension('entity-card:incidents/team')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:incidents/blast-radius'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-card:incidents/live-status'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-content:incidents/alerts'),
    ).toBeDefined();
  });

  it('offers the Alerts tab where alerts are routed: components, resources, APIs, systems', () => {
    const tab = createExtensionTester(
      plugin.getExtension('entity-content:incidents/alerts'),
    );
    expect(tab.get(coreExtensionData.routePath)).toBe('/alerts');
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Alerts');
    const filter = tab.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    for (const kind of ['Component', 'Resource', 'API', 'System']) {
      expect(filter(of(kind))).toBe(true);
    }
    expect(filter(of('Group'))).toBe(false);
    expect(filter(of('User'))).toBe(false);
  });

  it('exposes the integrations and unrouted views as routes of the plugin', () => {
    expect(plugin.routes.integrations).toBe(integrationsRouteRef);
    expect(plugin.routes.alertInbox).toBe(alertInboxRouteRef);
  });

  it('offers the Blast radius tab where impact flows: components, resources, APIs, systems', () => {
    const tab = createExtensionTester(
      plugin.getExtension('entity-content:incidents/blast-radius'),
    );
    expect(tab.get(coreExtensionData.routePath)).toBe('/blast-radius');
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Blast radius');
    const filter = tab.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    for (const kind of ['Component', 'Resource', 'API', 'System']) {
      expect(filter(of(kind))).toBe(true);
    }
    expect(filter(of('Domain'))).toBe(false);
    expect(filter(of('Group'))).toBe(false);
  });

  it('puts the Live status info card on everything that has a status, not on users', () => {
    const card = createExtensionTester(
      plugin.getExtension('entity-card:incidents/live-status'),
    );
    expect(card.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    for (const kind of [
      'Component',
      'Resource',
      'API',
      'System',
      'Domain',
      'Group',
    ]) {
      expect(filter(of(kind))).toBe(true);
    }
    expect(filter(of('User'))).toBe(false);
    expect(filter(of('Location'))).toBe(false);
  });

  it('mounts the page at /incidents on the root route, titled for the navigation', () => {
    const page = createExtensionTester(plugin.getExtension('page:incidents'));
    expect(page.get(coreExtensionData.routePath)).toBe('/incidents');
    expect(page.get(coreExtensionData.title)).toBe('Incidents');
    expect(page.get(coreExtensionData.icon)).toBeDefined();
    // Conversion keeps the legacy ref object, so legacy `useRouteRef` calls resolve here too.
    expect(page.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
  });

  it('renders the Incidents list from the page extension', async () => {
    const page = createExtensionTester(plugin.getExtension('page:incidents'));
    await renderInTestApp(page.reactElement(), {
      mountPath: '/incidents',
      initialRouteEntries: ['/incidents'],
      apis: [[incidentsApiRef, { listIncidents: async () => ({ items: [] }) }]],
      // The page's tabs link to its sub-routes, which resolve from where the root is mounted.
      mountedRoutes: { '/incidents': rootRouteRef },
    });
    expect(
      await screen.findByText('No incidents match these filters.'),
    ).toBeInTheDocument();
  });

  it('puts the team card on groups only', () => {
    const card = createExtensionTester(
      plugin.getExtension('entity-card:incidents/team'),
    );
    const filter = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(of('Group'))).toBe(true);
    expect(filter(of('Component'))).toBe(false);
  });

  it('offers the Incidents tab on components and resources but not on users', () => {
    expect(isIncidentsAvailable(of('Component'))).toBe(true);
    expect(isIncidentsAvailable(of('Resource'))).toBe(true);
    expect(isIncidentsAvailable(of('User'))).toBe(false);
    expect(isIncidentsAvailable(of('Group'))).toBe(false);
  });
});
