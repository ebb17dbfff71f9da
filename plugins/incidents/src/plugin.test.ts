import {
  EntityAlertsContent,
  EntityBlastRadiusContent,
  EntityIncidentsContent,
  EntityLiveStatusCard,
  EntityTeamIncidentsCard,
  IncidentsPage,
  incidentsPlugin,
} from './plugin';
import {
  alertInboxRouteRef,
  entityAlertsRouteRef,
  entityBlastRadiusRouteRef,
  incidentRouteRef,
  integrationsRouteRef,
  rootRouteRef,
} from './routes';

describe('incidents plugin (legacy frontend system)', () => {
  it('exposes the page, the entity tabs and the cards on its routes', () => {
    expect(incidentsPlugin.getId()).toBe('incidents');
    expect(incidentsPlugin.routes.root).toBe(rootRouteRef);
    expect(incidentsPlugin.routes.incident).toBe(incidentRouteRef);
    expect(incidentsPlugin.routes.entityBlastRadius).toBe(
      entityBlastRadiusRouteRef,
    );
    expect(incidentsPlugin.routes.entityAlerts).toBe(entityAlertsRouteRef);
    expect(incidentsPlugin.routes.integrations).toBe(integrationsRouteRef);
    expect(incidentsPlugin.routes.alertInbox).toBe(alertInboxRouteRef);
    expect(IncidentsPage).toBeDefined();
    expect(EntityIncidentsContent).toBeDefined();
    expect(EntityTeamIncidentsCard).toBeDefined();
    expect(EntityBlastRadiusContent).toBeDefined();
    expect(EntityLiveStatusCard).toBeDefined();
    expect(EntityAlertsContent).toBeDefined();
  });
});
